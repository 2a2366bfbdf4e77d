package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S5TestSupport.PTD_EPSILON;
import static dev.hiss.model.ssm.S5TestSupport.randomParams;
import static dev.hiss.model.ssm.S5TestSupport.randomScale;
import static dev.hiss.model.ssm.S5TestSupport.randomState;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The float32 S5 scan against the double-precision reference twin: outputs, final state, every
 * parameter gradient, du and d(initial state); and that backward accumulates.
 */
class S5LayerParityTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        // disc, conjSym, clipEigs, batch, length, H, P, J, initial state + resets, dtScale, PTD
        Arguments.of(Discretization.ZOH, true, false, 3, 40, 4, 8, 2, true, false, false),
        Arguments.of(Discretization.BILINEAR, true, false, 2, 30, 3, 6, 1, true, false, false),
        Arguments.of(Discretization.ZOH, false, false, 2, 30, 3, 8, 2, true, false, false),
        Arguments.of(Discretization.BILINEAR, false, true, 2, 25, 2, 4, 1, false, false, false),
        Arguments.of(Discretization.ZOH, true, true, 2, 30, 3, 8, 1, true, true, false),
        Arguments.of(Discretization.BILINEAR, true, false, 2, 30, 3, 4, 2, false, true, false),
        // large enough for the parallel (fork-join over series) path
        Arguments.of(Discretization.ZOH, true, false, 4, 300, 8, 16, 2, true, false, false),
        // S5-PTD initialization (Λ, B̃, C̃ from the perturbed LegS diagonalization)
        Arguments.of(Discretization.ZOH, true, false, 3, 40, 4, 8, 2, true, false, true),
        Arguments.of(Discretization.BILINEAR, false, false, 2, 30, 3, 8, 1, true, true, true),
        Arguments.of(Discretization.ZOH, false, true, 2, 25, 2, 6, 1, false, true, true),
        Arguments.of(Discretization.ZOH, true, false, 4, 300, 8, 16, 2, true, false, true));
  }

  @ParameterizedTest(
      name = "{0} conj={1} clip={2} B={3} L={4} H={5} P={6} J={7} reset={8} dt={9} ptd={10}")
  @MethodSource("cases")
  void fastEqualsReference(
      Discretization disc,
      boolean conj,
      boolean clip,
      int batch,
      int length,
      int hCount,
      int p,
      int blocks,
      boolean stateAndReset,
      boolean perStepDt,
      boolean ptd) {
    S5Config config =
        new S5Config(hCount, p, blocks, 1e-3, 1e-1, disc, conj, clip, ptd ? PTD_EPSILON : 0);
    S5Params params = randomParams(config, 11 + length);
    if (clip) {
      params.lambdaRe[0] = 0.3f; // unstable raw value, clamped to −1e-4
    }
    S5Layer layer = new S5Layer(params);
    S5Reference ref = S5Reference.of(params);
    int size = batch * length * hCount;
    float[] u = randomFloats(size, 3);
    float[] dy = randomFloats(size, 4);
    S5State x0 = stateAndReset ? randomState(batch, config, 5) : null;
    boolean[] reset = stateAndReset ? randomMask(batch * length, 0.05, 6) : null;
    float[] scale = perStepDt ? randomScale(batch * length, 7) : null;
    double[] scaleD = scale == null ? null : toDouble(scale);

    float[] y = new float[size];
    S5State fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, x0, reset, scale, fin);
    double[] x0Re = x0 == null ? null : toDouble(x0.re);
    double[] x0Im = x0 == null ? null : toDouble(x0.im);
    double[] finRe = new double[fin.re.length];
    double[] finIm = new double[fin.im.length];
    double[] yRef =
        ref.forward(toDouble(u), batch, length, x0Re, x0Im, reset, scaleD, finRe, finIm);
    double tol = 1e-4;
    assertRelClose(yRef, y, tol, "y");
    assertRelClose(finRe, fin.re, tol, "final state re");
    assertRelClose(finIm, fin.im, tol, "final state im");
    if (x0 == null && reset == null && scale == null) {
      float[] y2 = new float[size];
      layer.forward(u, batch, length, y2);
      assertRelClose(toDouble(y), y2, 0, "zero-state overload");
    }

    S5Params grads = S5Params.zeros(config);
    float[] du = new float[size];
    S5State dx0 = layer.initialState(batch);
    layer.backward(u, dy, batch, length, x0, reset, scale, du, grads, dx0);
    S5Reference.Gradients g =
        ref.backward(toDouble(u), toDouble(dy), batch, length, x0Re, x0Im, reset, scaleD);
    assertRelClose(g.du(), du, tol, "du");
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      assertRelClose(g.params().get(e.getKey()), e.getValue(), tol, "grad " + e.getKey());
    }
    assertRelClose(g.dInitialRe(), dx0.re, tol, "d initial re");
    assertRelClose(g.dInitialIm(), dx0.im, tol, "d initial im");

    // backward accumulates: a second call doubles every parameter gradient
    S5Params twice = grads.copy();
    layer.backward(u, dy, batch, length, x0, reset, scale, null, twice, null);
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      double[] doubled = toDouble(e.getValue());
      for (int i = 0; i < doubled.length; i++) {
        doubled[i] *= 2;
      }
      assertRelClose(doubled, twice.arrays().get(e.getKey()), 1e-6, "accumulated " + e.getKey());
    }
  }
}
