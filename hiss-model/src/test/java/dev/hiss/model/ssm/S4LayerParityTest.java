package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S4TestSupport.randomParams;
import static dev.hiss.model.ssm.S4TestSupport.randomState;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 Woodbury scan layer against the double-precision dense-inverse reference twin:
 * outputs, final state, du, every parameter gradient and the initial-state gradient.
 */
class S4LayerParityTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // batch, length, H, N, initial state + resets, perturbed (false = plain LegS init)
        Arguments.of(3, 50, 4, 5, true, true),
        Arguments.of(2, 40, 3, 4, false, true),
        Arguments.of(2, 60, 2, 8, true, false),
        // large enough for the parallel (fork-join over channels) path
        Arguments.of(4, 300, 8, 8, true, true),
        Arguments.of(1, 1200, 2, 4, false, true));
  }

  @ParameterizedTest(name = "B={0} L={1} H={2} N={3} state+reset={4} perturbed={5}")
  @MethodSource("cases")
  void fastEqualsReference(
      int batch, int length, int hCount, int nCount, boolean stateAndReset, boolean perturbed) {
    S4Config config = S4Config.defaults(hCount, nCount);
    S4Params params =
        perturbed ? randomParams(config, 11 + length) : S4Params.initialize(config, 7);
    S4Layer layer = new S4Layer(params);
    S4Reference ref = S4Reference.of(params);
    int size = batch * length * hCount;
    float[] u = randomFloats(size, 3);
    float[] dy = randomFloats(size, 4);
    S4State x0 = stateAndReset ? randomState(batch, config, 5) : null;
    boolean[] reset = stateAndReset ? randomMask(batch * length, 0.05, 6) : null;

    float[] y = new float[size];
    S4State fin = layer.initialState(batch);
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

    S4Params grads = S4Params.zeros(config);
    float[] du = new float[size];
    S4State dx0 = layer.initialState(batch);
    layer.backward(u, dy, batch, length, x0, reset, du, grads, dx0);
    S4Reference.Gradients g =
        ref.backward(toDouble(u), toDouble(dy), batch, length, x0Re, x0Im, reset);
    assertRelClose(g.du(), du, tol, "du");
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      assertRelClose(g.params().get(e.getKey()), e.getValue(), tol, "grad " + e.getKey());
    }
    assertRelClose(g.dInitialRe(), dx0.re, tol, "d initial re");
    assertRelClose(g.dInitialIm(), dx0.im, tol, "d initial im");

    // backward accumulates: a second call doubles every parameter gradient
    S4Params twice = grads.copy();
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
