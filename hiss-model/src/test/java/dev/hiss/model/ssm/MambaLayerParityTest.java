package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.MambaTestSupport.config;
import static dev.hiss.model.ssm.MambaTestSupport.randomParams;
import static dev.hiss.model.ssm.MambaTestSupport.randomState;
import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 Mamba layer against the double-precision step-by-step reference twin: outputs, final
 * SSM state and conv buffer, dL/du and every parameter gradient, with and without an initial state
 * and resets, on the sequential and the parallel (fork-join over series) path.
 */
class MambaLayerParityTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // batch, length, dModel, dState, dConv, expand, dtRank, initial state + resets
        Arguments.of(3, 40, 4, 5, 4, 2, 1, true),
        Arguments.of(2, 30, 6, 3, 3, 3, 2, true),
        Arguments.of(2, 25, 5, 4, 1, 2, 3, true), // dConv = 1: no conv buffer
        Arguments.of(1, 60, 8, 16, 4, 2, 1, false), // the mamba defaults at D = 8
        Arguments.of(4, 200, 8, 16, 4, 2, 1, true)); // large enough for the parallel path
  }

  @ParameterizedTest(name = "B={0} L={1} D={2} N={3} K={4} E={5} R={6} state+reset={7}")
  @MethodSource("cases")
  void fastEqualsReference(
      int batch,
      int length,
      int dModel,
      int dState,
      int dConv,
      int expand,
      int dtRank,
      boolean stateAndReset) {
    MambaConfig config = config(dModel, dState, dConv, expand, dtRank);
    MambaParams params = randomParams(config, 7 + length);
    MambaLayer layer = new MambaLayer(params);
    MambaReference ref = MambaReference.of(params);
    int size = batch * length * dModel;
    float[] u = randomFloats(size, 3);
    float[] dy = randomFloats(size, 4);
    MambaState s0 = stateAndReset ? randomState(batch, config, 5) : null;
    boolean[] reset = stateAndReset ? randomMask(batch * length, 0.06, 6) : null;

    float[] y = new float[size];
    MambaState fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, s0, reset, fin);
    double[] ssm0 = s0 == null ? null : toDouble(s0.ssm);
    double[] conv0 = s0 == null ? null : toDouble(s0.conv);
    double[] finSsm = new double[fin.ssm.length];
    double[] finConv = new double[fin.conv.length];
    double[] yRef = ref.forward(toDouble(u), batch, length, ssm0, conv0, reset, finSsm, finConv);
    double tol = 1e-4;
    assertRelClose(yRef, y, tol, "y");
    assertRelClose(finSsm, fin.ssm, tol, "final ssm state");
    assertRelClose(finConv, fin.conv, tol, "final conv buffer");
    if (!stateAndReset) {
      float[] y2 = new float[size];
      layer.forward(u, batch, length, y2);
      assertRelClose(toDouble(y), y2, 0, "zero-state overload");
    }

    MambaParams grads = MambaParams.zeros(config);
    float[] du = new float[size];
    layer.backward(u, dy, batch, length, s0, reset, du, grads);
    MambaReference.Gradients g =
        ref.backward(toDouble(u), toDouble(dy), batch, length, ssm0, conv0, reset);
    assertRelClose(g.du(), du, tol, "du");
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      assertRelClose(g.params().get(e.getKey()), e.getValue(), tol, "grad " + e.getKey());
    }

    // backward accumulates: a second call doubles every parameter gradient
    MambaParams twice = grads.copy();
    layer.backward(u, dy, batch, length, s0, reset, null, twice);
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      double[] doubled = toDouble(e.getValue());
      for (int i = 0; i < doubled.length; i++) {
        doubled[i] *= 2;
      }
      assertRelClose(doubled, twice.arrays().get(e.getKey()), 1e-6, "accumulated " + e.getKey());
    }
  }
}
