package dev.hiss.model.dl4j;

import static dev.hiss.model.dl4j.Dl4jTestSupport.H;
import static dev.hiss.model.dl4j.Dl4jTestSupport.N;
import static dev.hiss.model.dl4j.Dl4jTestSupport.gaussian;
import static dev.hiss.model.dl4j.Dl4jTestSupport.relError;
import static dev.hiss.model.dl4j.Dl4jTestSupport.swapTimeAndChannels;
import static dev.hiss.model.dl4j.Dl4jTestSupport.twoLayerNet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.dl4j.Dl4jTestSupport.Kind;
import dev.hiss.model.dl4j.internal.SsmRecurrentLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DReference;
import java.util.Map;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Truncated BPTT: a segment starts from the stored state of the previous segment, stores its own
 * final state, and backpropagates from that initial state. Checked against the double reference
 * kernel with an explicit initial state (segments joined against the whole sequence: {@code
 * SsmLayerStreamingTest}).
 */
class S4DLayerTbpttTest {

  private static final int B = 2;
  private static final int T = 9;

  @Test
  void segmentForwardAndBackwardUseTheStoredState() {
    MultiLayerNetwork net = twoLayerNet(Kind.S4D, DataType.DOUBLE, RNNFormat.NCW, new NoOp());
    net.initGradientsView();
    SsmRecurrentLayer layer = (SsmRecurrentLayer) net.getLayer(0);
    LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
    INDArray x0Re = gaussian(DataType.DOUBLE, 41, B, (long) H * N);
    INDArray x0Im = gaussian(DataType.DOUBLE, 42, B, (long) H * N);
    layer.rnnSetTBPTTState(Map.of(S4DLayerConf.STATE_RE, x0Re, S4DLayerConf.STATE_IM, x0Im));
    INDArray u = gaussian(DataType.DOUBLE, 43, B, H, T);
    INDArray dy = gaussian(DataType.DOUBLE, 44, B, H, T);

    INDArray y = layer.rnnActivateUsingStoredState(u, true, true, mgr).dup();
    Pair<Gradient, INDArray> g = layer.tbpttBackpropGradient(dy, T, mgr);

    S4DReference ref =
        S4DReference.of(S4DParams.zeros(((S4DLayerConf) layer.layerConf()).toS4DConfig()));
    layer
        .paramTable()
        .forEach(
            (k, v) ->
                System.arraycopy(
                    v.dup('c').data().asDouble(), 0, ref.params.get(k), 0, (int) v.length()));
    double[] uk = swapTimeAndChannels(u).data().asDouble();
    double[] dyk = swapTimeAndChannels(dy).data().asDouble();
    double[] re0 = x0Re.dup('c').data().asDouble();
    double[] im0 = x0Im.dup('c').data().asDouble();
    double[] fRe = new double[B * H * N];
    double[] fIm = new double[B * H * N];
    double[] yRef = ref.forward(uk, B, T, re0, im0, null, fRe, fIm);
    S4DReference.Gradients gRef = ref.backward(uk, dyk, B, T, re0, im0, null);

    assertEquals(0.0, relError(swapTimeAndChannels(array(yRef, B, T, H)), y), 1e-12, "output");
    Map<String, INDArray> stored = layer.rnnGetTBPTTState();
    assertEquals(0.0, relError(array(fRe, B, H * N), stored.get(S4DLayerConf.STATE_RE)), 1e-12);
    assertEquals(0.0, relError(array(fIm, B, H * N), stored.get(S4DLayerConf.STATE_IM)), 1e-12);
    for (Map.Entry<String, double[]> e : gRef.params().entrySet()) {
      INDArray actual = g.getFirst().getGradientFor(e.getKey());
      double err = relError(array(e.getValue(), actual.shape()), actual);
      assertEquals(0.0, err, 1e-12, e.getKey());
    }
    double duErr = relError(swapTimeAndChannels(array(gRef.du(), B, T, H)), g.getSecond());
    assertEquals(0.0, duErr, 1e-12, "input gradient");

    // the initial state matters: from the zero state, the output differs
    INDArray fromZero = layer.activate(u, false, mgr);
    assertTrue(relError(y, fromZero) > 1e-3, "stored state was used");
    assertThrows(
        UnsupportedOperationException.class,
        () -> layer.tbpttBackpropGradient(dy, T - 1, mgr),
        "a back length shorter than the segment is rejected");
  }

  private static INDArray array(double[] v, long... shape) {
    return Nd4j.createFromArray(v).reshape('c', shape);
  }
}
