package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.randomState;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.testing.FiniteDifferences;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Δ-aware (per-step dtScale) S4D scan: identity, reference parity, gradients, streaming. */
class S4DDtScaleTest {

  private static final int B = 2;
  private static final int L = 23;
  private static final int H = 3;
  private static final int N = 4;

  private static float[] randomScale(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = (float) Math.exp(1.5 * r.nextGaussian()); // spans ~ 0.05 … 20
    }
    return s;
  }

  private static S4DConfig config(Discretization disc) {
    return new S4DConfig(H, N, 1e-3, 1e-1, Init.INV, disc);
  }

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void unitScaleEqualsPlainPathExactly(Discretization disc) {
    S4DConfig config = config(disc);
    S4DLayer layer = new S4DLayer(randomParams(config, 41));
    float[] u = randomFloats(B * L * H, 1);
    float[] dy = randomFloats(u.length, 2);
    S4DState x0 = randomState(B, config, 3);
    boolean[] reset = randomMask(B * L, 0.1, 4);
    float[] ones = new float[B * L];
    Arrays.fill(ones, 1f);

    float[] y = new float[u.length];
    float[] ys = new float[u.length];
    S4DState fin = layer.initialState(B);
    S4DState fins = layer.initialState(B);
    layer.forward(u, B, L, y, x0, reset, fin);
    layer.forward(u, B, L, ys, x0, reset, ones, fins);
    assertArrayEquals(y, ys, "y");
    assertArrayEquals(fin.re, fins.re, "final re");
    assertArrayEquals(fin.im, fins.im, "final im");

    float[] du = new float[u.length];
    float[] dus = new float[u.length];
    S4DState dx = layer.initialState(B);
    S4DState dxs = layer.initialState(B);
    S4DParams g = S4DParams.zeros(config);
    S4DParams gs = S4DParams.zeros(config);
    layer.backward(u, dy, B, L, x0, reset, du, g, dx);
    layer.backward(u, dy, B, L, x0, reset, ones, dus, gs, dxs);
    assertArrayEquals(du, dus, "du");
    assertArrayEquals(dx.re, dxs.re, "d initial re");
    assertArrayEquals(dx.im, dxs.im, "d initial im");
    // the scaled path chains each step through the VJP; only the summation order differs
    for (Map.Entry<String, float[]> e : g.arrays().entrySet()) {
      assertRelClose(toDouble(e.getValue()), gs.arrays().get(e.getKey()), 1e-5, e.getKey());
    }
  }

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void constantScaleEqualsScaledStepSize(Discretization disc) {
    S4DConfig config = config(disc);
    S4DParams params = randomParams(config, 42);
    S4DParams shifted = params.copy();
    float c = 3.5f;
    for (int h = 0; h < H; h++) {
      shifted.logDt[h] = (float) (params.logDt[h] + Math.log(c));
    }
    float[] u = randomFloats(B * L * H, 5);
    float[] scale = new float[B * L];
    Arrays.fill(scale, c);
    float[] y = new float[u.length];
    float[] expected = new float[u.length];
    new S4DLayer(params).forward(u, B, L, y, null, null, scale, null);
    new S4DLayer(shifted).forward(u, B, L, expected);
    assertRelClose(toDouble(expected), y, 1e-5, "Δ·c == exp(logDt + ln c)");
  }

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void layerMatchesReferenceWithVaryingScale(Discretization disc) {
    S4DConfig config = config(disc);
    S4DParams params = randomParams(config, 43);
    S4DLayer layer = new S4DLayer(params);
    S4DReference ref = S4DReference.of(params);
    float[] u = randomFloats(B * L * H, 6);
    float[] dy = randomFloats(u.length, 7);
    S4DState x0 = randomState(B, config, 8);
    boolean[] reset = randomMask(B * L, 0.1, 9);
    float[] scale = randomScale(B * L, 10);
    double[] sd = toDouble(scale);

    float[] y = new float[u.length];
    layer.forward(u, B, L, y, x0, reset, scale, null);
    double[] yRef =
        ref.forward(toDouble(u), B, L, toDouble(x0.re), toDouble(x0.im), reset, sd, null, null);
    assertRelClose(yRef, y, 1e-4, "y");
    float[] yPlain = new float[u.length];
    layer.forward(u, B, L, yPlain, x0, reset, null);
    assertTrue(S4DTestSupport.relError(toDouble(yPlain), toDouble(y)) > 1e-2, "scale matters");

    float[] du = new float[u.length];
    S4DState dx = layer.initialState(B);
    S4DParams g = S4DParams.zeros(config);
    layer.backward(u, dy, B, L, x0, reset, scale, du, g, dx);
    S4DReference.Gradients gr =
        ref.backward(toDouble(u), toDouble(dy), B, L, toDouble(x0.re), toDouble(x0.im), reset, sd);
    assertRelClose(gr.du(), du, 1e-4, "du");
    assertRelClose(gr.dInitialRe(), dx.re, 1e-4, "d initial re");
    assertRelClose(gr.dInitialIm(), dx.im, 1e-4, "d initial im");
    for (Map.Entry<String, float[]> e : g.arrays().entrySet()) {
      assertRelClose(gr.params().get(e.getKey()), e.getValue(), 1e-4, "grad " + e.getKey());
    }
  }

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void referenceGradientsMatchCentralDifferences(Discretization disc) {
    int b = 2;
    int len = 7;
    S4DConfig config = new S4DConfig(2, 3, 1e-3, 1e-1, Init.LIN, disc);
    S4DReference ref = S4DReference.of(randomParams(config, 44));
    double[] u = toDouble(randomFloats(b * len * 2, 11));
    double[] dy = toDouble(randomFloats(u.length, 12));
    double[] scale = toDouble(randomScale(b * len, 13));
    boolean[] reset = new boolean[b * len];
    reset[3] = true;
    S4DReference.Gradients g = ref.backward(u, dy, b, len, null, null, reset, scale);
    java.util.function.DoubleSupplier loss =
        () -> dot(dy, ref.forward(u, b, len, null, null, reset, scale, null, null));
    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      checkCentral(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    checkCentral("u", u, g.du(), loss);
  }

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void stepWithScaleEqualsForwardWithScale(Discretization disc) {
    S4DConfig config = config(disc);
    S4DLayer layer = new S4DLayer(randomParams(config, 45));
    float[] u = randomFloats(B * L * H, 14);
    S4DState x0 = randomState(B, config, 15);
    float[] scale = randomScale(B * L, 16);
    float[] y = new float[u.length];
    S4DState fin = layer.initialState(B);
    layer.forward(u, B, L, y, x0, null, scale, fin);
    S4DState st = x0.copy();
    float[] in = new float[B * H];
    float[] out = new float[B * H];
    float[] sc = new float[B];
    float[] ys = new float[u.length];
    for (int t = 0; t < L; t++) {
      for (int bb = 0; bb < B; bb++) {
        System.arraycopy(u, (bb * L + t) * H, in, bb * H, H);
        sc[bb] = scale[bb * L + t];
      }
      layer.step(in, sc, st, out);
      for (int bb = 0; bb < B; bb++) {
        System.arraycopy(out, bb * H, ys, (bb * L + t) * H, H);
      }
    }
    assertArrayEquals(y, ys, "step outputs");
    assertArrayEquals(fin.re, st.re, "final state re");
    assertArrayEquals(fin.im, st.im, "final state im");
  }

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void rejectsInvalidScale(Discretization disc) {
    S4DLayer layer = new S4DLayer(randomParams(config(disc), 46));
    float[] u = new float[B * L * H];
    float[] y = new float[u.length];
    float[] bad = new float[B * L];
    Arrays.fill(bad, 1f);
    bad[5] = 0f;
    assertThrows(
        IllegalArgumentException.class, () -> layer.forward(u, B, L, y, null, null, bad, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.forward(u, B, L, y, null, null, new float[3], null));
  }

  private static void checkCentral(
      String name, double[] x, double[] grad, java.util.function.DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, 1e-6, 1e-6);
  }
}
