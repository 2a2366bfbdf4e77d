package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.randomState;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The float32 scan layer against the double-precision reference twin. */
class S4DLayerParityTest {

  static java.util.stream.Stream<Arguments> cases() {
    return java.util.stream.Stream.of(
        // init, discretization, batch, length, H, N, initial state + resets
        Arguments.of(Init.LIN, Discretization.ZOH, 3, 50, 4, 5, true),
        Arguments.of(Init.INV, Discretization.ZOH, 2, 40, 3, 6, true),
        Arguments.of(Init.LEGS, Discretization.ZOH, 2, 40, 3, 4, true),
        Arguments.of(Init.LIN, Discretization.BILINEAR, 3, 50, 4, 5, true),
        Arguments.of(Init.INV, Discretization.BILINEAR, 2, 40, 2, 3, false),
        // large enough for the parallel (fork-join over channels) path
        Arguments.of(Init.LIN, Discretization.ZOH, 4, 300, 8, 8, true),
        Arguments.of(Init.INV, Discretization.ZOH, 1, 1200, 2, 4, false));
  }

  @ParameterizedTest(name = "{0} {1} B={2} L={3} H={4} N={5} state+reset={6}")
  @MethodSource("cases")
  void fastEqualsReference(
      Init init,
      Discretization disc,
      int batch,
      int length,
      int hCount,
      int nCount,
      boolean stateAndReset) {
    S4DConfig config = new S4DConfig(hCount, nCount, 1e-3, 1e-1, init, disc);
    S4DParams params = randomParams(config, 11 + length);
    S4DLayer layer = new S4DLayer(params);
    S4DReference ref = S4DReference.of(params);
    int size = batch * length * hCount;
    float[] u = randomFloats(size, 3);
    float[] dy = randomFloats(size, 4);
    S4DState x0 = stateAndReset ? randomState(batch, config, 5) : null;
    boolean[] reset = stateAndReset ? randomMask(batch * length, 0.05, 6) : null;

    float[] y = new float[size];
    S4DState fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, x0, reset, fin);
    double[] x0Re = x0 == null ? null : toDouble(x0.re);
    double[] x0Im = x0 == null ? null : toDouble(x0.im);
    double[] finRe = new double[fin.re.length];
    double[] finIm = new double[fin.im.length];
    double[] yRef = ref.forward(toDouble(u), batch, length, x0Re, x0Im, reset, finRe, finIm);
    double tol = length > 1000 ? 3e-4 : 1e-4;
    assertRelClose(yRef, y, tol, "y");
    assertRelClose(finRe, fin.re, tol, "final state re");
    assertRelClose(finIm, fin.im, tol, "final state im");
    if (!stateAndReset) {
      float[] y2 = new float[size];
      layer.forward(u, batch, length, y2);
      assertRelClose(toDouble(y), y2, 0, "zero-state overload");
    }

    S4DParams grads = S4DParams.zeros(config);
    float[] du = new float[size];
    S4DState dx0 = layer.initialState(batch);
    layer.backward(u, dy, batch, length, x0, reset, du, grads, dx0);
    S4DReference.Gradients g =
        ref.backward(toDouble(u), toDouble(dy), batch, length, x0Re, x0Im, reset);
    assertRelClose(g.du(), du, tol, "du");
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      assertRelClose(g.params().get(e.getKey()), e.getValue(), tol, "grad " + e.getKey());
    }
    assertRelClose(g.dInitialRe(), dx0.re, tol, "d initial re");
    assertRelClose(g.dInitialIm(), dx0.im, tol, "d initial im");

    // backward accumulates: a second call doubles every parameter gradient
    S4DParams twice = grads.copy();
    layer.backward(u, dy, batch, length, x0, reset, null, twice, null);
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      double[] doubled = toDouble(e.getValue());
      for (int i = 0; i < doubled.length; i++) {
        doubled[i] *= 2;
      }
      assertRelClose(doubled, twice.arrays().get(e.getKey()), 1e-6, "accumulated " + e.getKey());
    }
  }
}
