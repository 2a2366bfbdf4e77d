package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.N;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.internal.S4DRecurrentLayer;
import java.util.Map;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/** DL4J's streaming path (rnnTimeStep with the stored S4D state) against whole-sequence output. */
class S4DLayerStreamingTest {

  private static final int B = 2;
  private static final int T = 60;

  @ParameterizedTest
  @EnumSource(
      value = DataType.class,
      names = {"FLOAT", "DOUBLE"})
  void stepByStepEqualsWholeSequence(DataType type) {
    MultiLayerNetwork net = twoLayerNet(type, RNNFormat.NCW, new NoOp());
    INDArray in = gaussian(type, 21, B, H, T);
    INDArray whole = net.output(in);
    INDArray streamed = whole.like();
    for (int t = 0; t < T; t++) {
      INDArray step =
          net.rnnTimeStep(in.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t)));
      streamed
          .get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(t))
          .assign(step.reshape(B, 2));
    }
    double err = relError(whole, streamed);
    assertTrue(err < 1e-5, type + ": rnnTimeStep vs output error " + err);

    Map<String, INDArray> state = net.rnnGetPreviousState(0);
    assertArrayEquals(
        new long[] {B, (long) H * N}, state.get(S4DRecurrentLayer.STATE_RE).shape(), "state shape");
    assertTrue(net.getLayer(0) instanceof RecurrentLayer, "implements RecurrentLayer");
  }

  @Test
  void chunkedStreamingEqualsWholeSequenceAndClearRestarts() {
    MultiLayerNetwork net = twoLayerNet(DataType.FLOAT, RNNFormat.NCW, new NoOp());
    INDArray in = gaussian(DataType.FLOAT, 22, B, H, T);
    INDArray whole = net.output(in);
    for (int round = 0; round < 2; round++) {
      net.rnnClearPreviousState();
      INDArray streamed = whole.like();
      int[] cuts = {0, 7, 8, 31, 45, T};
      for (int c = 0; c + 1 < cuts.length; c++) {
        INDArray chunk =
            in.get(
                NDArrayIndex.all(),
                NDArrayIndex.all(),
                NDArrayIndex.interval(cuts[c], cuts[c + 1]));
        streamed
            .get(
                NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(cuts[c], cuts[c + 1]))
            .assign(net.rnnTimeStep(chunk));
      }
      double err = relError(whole, streamed);
      assertTrue(err < 1e-5, "round " + round + ": chunked rnnTimeStep vs output error " + err);
    }
    // without clearing, the stored state carries over: a repeated sequence gives other outputs
    INDArray again = net.rnnTimeStep(in);
    assertTrue(relError(whole, again) > 1e-3, "state carried over");
  }

  @Test
  void nwcStreamingEqualsWholeSequence() {
    MultiLayerNetwork net = twoLayerNet(DataType.DOUBLE, RNNFormat.NWC, new NoOp());
    INDArray in = gaussian(DataType.DOUBLE, 23, B, T, H);
    INDArray whole = net.output(in);
    INDArray first = net.rnnTimeStep(in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 20)));
    INDArray rest = net.rnnTimeStep(in.get(NDArrayIndex.all(), NDArrayIndex.interval(20, T)));
    assertEquals(
        0.0, relError(whole.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 20)), first), 1e-12);
    assertEquals(
        0.0, relError(whole.get(NDArrayIndex.all(), NDArrayIndex.interval(20, T)), rest), 1e-12);
  }
}
