package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S4TestSupport.randomParams;
import static dev.hiss.model.ssm.S4TestSupport.randomState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.testing.FiniteDifferences;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** The Δt-aware (per-step dtScale) S4 scan: identity, reference parity, gradients, streaming. */
class S4DtScaleTest {

  private static final int B = 2;
  private static final int L = 23;
  private static final int H = 3;
  private static final int N = 4;
  private static final S4Config CONFIG = S4Config.defaults(H, N);

  /** Log-normal gaps spanning ~0.05 … 20, with repeated runs (the coefficient cache path). */
  static float[] randomScale(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] s = new float[n];
    for (int i = 0; i < n; i++) {
      s[i] = i > 0 && r.nextDouble() < 0.3 ? s[i - 1] : (float) Math.exp(1.5 * r.nextGaussian());
    }
    return s;
  }

  @Test
  void unitScaleEqualsPlainPathExactly() {
    S4Layer layer = new S4Layer(randomParams(CONFIG, 41));
    float[] u = randomFloats(B * L * H, 1);
    float[] dy = randomFloats(u.length, 2);
    S4State x0 = randomState(B, CONFIG, 3);
    boolean[] reset = randomMask(B * L, 0.1, 4);
    float[] ones = new float[B * L];
    Arrays.fill(ones, 1f);

    float[] y = new float[u.length];
    float[] ys = new float[u.length];
    S4State fin = layer.initialState(B);
    S4State fins = layer.initialState(B);
    layer.forward(u, B, L, y, x0, reset, fin);
    layer.forward(u, B, L, ys, x0, reset, ones, fins);
    assertArrayEquals(y, ys, "y");
    assertArrayEquals(fin.re, fins.re, "final re");
    assertArrayEquals(fin.im, fins.im, "final im");

    float[] du = new float[u.length];
    float[] dus = new float[u.length];
    S4State dx = layer.initialState(B);
    S4State dxs = layer.initialState(B);
    S4Params g = S4Params.zeros(CONFIG);
    S4Params gs = S4Params.zeros(CONFIG);
    layer.backward(u, dy, B, L, x0, reset, du, g, dx);
    layer.backward(u, dy, B, L, x0, reset, ones, dus, gs, dxs);
    assertArrayEquals(du, dus, "du");
    assertArrayEquals(dx.re, dxs.re, "d initial re");
    assertArrayEquals(dx.im, dxs.im, "d initial im");
    // the VJP's additions into dL/dP happen in another order; nothing else differs
    for (Map.Entry<String, float[]> e : g.arrays().entrySet()) {
      assertRelClose(toDouble(e.getValue()), gs.arrays().get(e.getKey()), 1e-6, e.getKey());
    }
  }

  @Test
  void constantScaleEqualsScaledStepSize() {
    S4Params params = randomParams(CONFIG, 42);
    S4Params shifted = params.copy();
    float c = 3.5f;
    for (int h = 0; h < H; h++) {
      shifted.logDt[h] = (float) (params.logDt[h] + Math.log(c));
    }
    float[] u = randomFloats(B * L * H, 5);
    float[] scale = new float[B * L];
    Arrays.fill(scale, c);
    float[] y = new float[u.length];
    float[] expected = new float[u.length];
    new S4Layer(params).forward(u, B, L, y, null, null, scale, null);
    new S4Layer(shifted).forward(u, B, L, expected);
    assertRelClose(toDouble(expected), y, 1e-5, "Δ·c == exp(logDt + ln c)");
  }

  @Test
  void layerMatchesReferenceWithVaryingScale() {
    S4Params params = randomParams(CONFIG, 43);
    S4Layer layer = new S4Layer(params);
    S4Reference ref = S4Reference.of(params);
    float[] u = randomFloats(B * L * H, 6);
    float[] dy = randomFloats(u.length, 7);
    S4State x0 = randomState(B, CONFIG, 8);
    boolean[] reset = randomMask(B * L, 0.1, 9);
    float[] scale = randomScale(B * L, 10);
    double[] sd = toDouble(scale);

    float[] y = new float[u.length];
    S4State fin = layer.initialState(B);
    layer.forward(u, B, L, y, x0, reset, scale, fin);
    double[] finRe = new double[fin.re.length];
    double[] finIm = new double[fin.im.length];
    double[] yRef =
        ref.forward(toDouble(u), B, L, toDouble(x0.re), toDouble(x0.im), reset, sd, finRe, finIm);
    assertRelClose(yRef, y, 1e-4, "y");
    assertRelClose(finRe, fin.re, 1e-4, "final re");
    assertRelClose(finIm, fin.im, 1e-4, "final im");
    float[] yPlain = new float[u.length];
    layer.forward(u, B, L, yPlain, x0, reset, null);
    assertTrue(S4DTestSupport.relError(toDouble(yPlain), toDouble(y)) > 1e-2, "scale matters");

    float[] du = new float[u.length];
    S4State dx = layer.initialState(B);
    S4Params g = S4Params.zeros(CONFIG);
    layer.backward(u, dy, B, L, x0, reset, scale, du, g, dx);
    S4Reference.Gradients gr =
        ref.backward(toDouble(u), toDouble(dy), B, L, toDouble(x0.re), toDouble(x0.im), reset, sd);
    assertRelClose(gr.du(), du, 1e-4, "du");
    assertRelClose(gr.dInitialRe(), dx.re, 1e-4, "d initial re");
    assertRelClose(gr.dInitialIm(), dx.im, 1e-4, "d initial im");
    for (Map.Entry<String, float[]> e : g.arrays().entrySet()) {
      assertRelClose(gr.params().get(e.getKey()), e.getValue(), 1e-4, "grad " + e.getKey());
    }
  }

  @Test
  void referenceGradientsMatchCentralDifferences() {
    int b = 2;
    int len = 7;
    S4Reference ref = S4Reference.of(randomParams(S4Config.defaults(2, 3), 44));
    double[] u = toDouble(randomFloats(b * len * 2, 11));
    double[] dy = toDouble(randomFloats(u.length, 12));
    double[] x0Re = toDouble(randomFloats(b * 2 * 3, 13));
    double[] x0Im = toDouble(randomFloats(b * 2 * 3, 14));
    double[] scale = toDouble(randomScale(b * len, 15));
    boolean[] reset = new boolean[b * len];
    reset[3] = true;
    S4Reference.Gradients g = ref.backward(u, dy, b, len, x0Re, x0Im, reset, scale);
    DoubleSupplier loss =
        () -> dot(dy, ref.forward(u, b, len, x0Re, x0Im, reset, scale, null, null));
    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      checkCentral(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    checkCentral("u", u, g.du(), loss);
    checkCentral("x0Re", x0Re, g.dInitialRe(), loss);
    checkCentral("x0Im", x0Im, g.dInitialIm(), loss);
  }

  @Test
  void stepWithScaleEqualsForwardWithScale() {
    S4Layer layer = new S4Layer(randomParams(CONFIG, 45));
    float[] u = randomFloats(B * L * H, 14);
    S4State x0 = randomState(B, CONFIG, 15);
    float[] scale = randomScale(B * L, 16);
    float[] y = new float[u.length];
    S4State fin = layer.initialState(B);
    layer.forward(u, B, L, y, x0, null, scale, fin);
    S4State st = layer.initialState(B);
    System.arraycopy(x0.re, 0, st.re, 0, st.re.length);
    System.arraycopy(x0.im, 0, st.im, 0, st.im.length);
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

  @Test
  void rejectsInvalidScale() {
    S4Layer layer = new S4Layer(randomParams(CONFIG, 46));
    float[] u = new float[B * L * H];
    float[] y = new float[u.length];
    float[] bad = new float[B * L];
    Arrays.fill(bad, 1f);
    bad[5] = Float.NaN;
    assertThrows(
        IllegalArgumentException.class, () -> layer.forward(u, B, L, y, null, null, bad, null));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.forward(u, B, L, y, null, null, new float[3], null));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.step(new float[H], new float[] {-1f}, layer.initialState(1), new float[H]));
  }

  private static void checkCentral(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, 1e-6, 1e-6);
  }
}
