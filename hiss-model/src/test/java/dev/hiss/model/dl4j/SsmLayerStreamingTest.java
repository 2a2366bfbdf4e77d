package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * DL4J's streaming paths for S4D, S4, S5 and Mamba: rnnTimeStep (one step or chunks, from the
 * stored state) and truncated-BPTT segments against the whole-sequence output.
 */
class SsmLayerStreamingTest {

  private static final int B = 2;
  private static final int T = 40;

  static Stream<Arguments> kindsAndTypes() {
    return Stream.of(Kind.values())
        .flatMap(k -> Stream.of(DataType.FLOAT, DataType.DOUBLE).map(t -> Arguments.of(k, t)));
  }

  @ParameterizedTest
  @MethodSource("kindsAndTypes")
  void stepByStepEqualsWholeSequence(Kind kind, DataType type) {
    MultiLayerNetwork net = twoLayerNet(kind, type, RNNFormat.NCW, new NoOp());
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
    assertTrue(err < (type == DataType.DOUBLE ? 1e-12 : 1e-5), kind + " " + type + ": " + err);

    for (int layer = 0; layer < 2; layer++) {
      SsmLayerConf conf = (SsmLayerConf) net.getLayer(layer).conf().getLayer();
      Map<String, INDArray> state = net.rnnGetPreviousState(layer);
      List<String> keys = conf.stateKeys();
      assertEquals(keys.size(), state.size());
      long[] widths = stateWidths(conf);
      for (int i = 0; i < keys.size(); i++) {
        assertArrayEquals(new long[] {B, widths[i]}, state.get(keys.get(i)).shape(), keys.get(i));
      }
    }
  }

  /** The documented per-example state widths. */
  private static long[] stateWidths(SsmLayerConf conf) {
    if (conf instanceof S4DLayerConf || conf instanceof S4LayerConf) {
      long hn = (long) H * conf.getStateSize();
      return new long[] {hn, hn};
    } else if (conf instanceof S5LayerConf c) {
      long m = c.toS5Config().modes();
      return new long[] {m, m};
    }
    MambaLayerConf c = (MambaLayerConf) conf;
    long di = (long) c.getExpand() * H;
    return new long[] {di * c.getStateSize(), di * (c.getDConv() - 1)};
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void chunksAndTbpttSegmentsEqualTheWholeSequence(Kind kind) {
    MultiLayerNetwork net = twoLayerNet(kind, DataType.FLOAT, RNNFormat.NWC, new NoOp());
    INDArray in = gaussian(DataType.FLOAT, 22, B, T, H);
    INDArray whole = net.output(in);
    int[] cuts = {0, 7, 8, 31, T};
    for (int round = 0; round < 2; round++) {
      net.rnnClearPreviousState();
      INDArray streamed = whole.like();
      for (int c = 0; c + 1 < cuts.length; c++) {
        INDArray chunk = in.get(NDArrayIndex.all(), NDArrayIndex.interval(cuts[c], cuts[c + 1]));
        streamed
            .get(NDArrayIndex.all(), NDArrayIndex.interval(cuts[c], cuts[c + 1]))
            .assign(net.rnnTimeStep(chunk));
      }
      assertTrue(relError(whole, streamed) < 1e-5, kind + " round " + round);
    }
    // without clearing, the stored state carries over
    assertTrue(relError(whole, net.rnnTimeStep(in)) > 1e-3, kind + ": state carried over");
    // a stored state of another batch size is rejected with a clear message
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> net.rnnTimeStep(in.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all())));
    assertTrue(e.getMessage().contains("rnnClearPreviousState"), e.getMessage());

    net.rnnClearPreviousState();
    INDArray a =
        net.rnnActivateUsingStoredState(
                in.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 13)), false, true)
            .get(3);
    INDArray b =
        net.rnnActivateUsingStoredState(
                in.get(NDArrayIndex.all(), NDArrayIndex.interval(13, T)), false, true)
            .get(3);
    assertTrue(relError(whole, Nd4j.concat(1, a, b)) < 1e-5, kind + ": TBPTT segments");
  }
}
