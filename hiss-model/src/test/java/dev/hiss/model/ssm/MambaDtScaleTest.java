package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.MambaTestSupport.config;
import static dev.hiss.model.ssm.MambaTestSupport.randomParams;
import static dev.hiss.model.ssm.MambaTestSupport.randomState;
import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.dot;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.testing.FiniteDifferences;
import java.util.Arrays;
import java.util.Map;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The Δt-aware Mamba (Δ_t = softplus(·)·dtScale_t): identity, reference parity, gradients,
 * streaming.
 */
class MambaDtScaleTest {

  private static final int B = 2;
  private static final int L = 23;
  private static final int D = 4;
  private static final MambaConfig CONFIG = config(D, 5, 4, 2, 2);

  @Test
  void unitScaleEqualsPlainPathExactly() {
    MambaLayer layer = new MambaLayer(randomParams(CONFIG, 51));
    float[] u = randomFloats(B * L * D, 1);
    float[] dy = randomFloats(u.length, 2);
    MambaState x0 = randomState(B, CONFIG, 3);
    boolean[] reset = randomMask(B * L, 0.1, 4);
    float[] ones = new float[B * L];
    Arrays.fill(ones, 1f);

    float[] y = new float[u.length];
    float[] ys = new float[u.length];
    MambaState fin = layer.initialState(B);
    MambaState fins = layer.initialState(B);
    layer.forward(u, B, L, y, x0, reset, fin);
    layer.forward(u, B, L, ys, x0, reset, ones, fins);
    assertArrayEquals(y, ys, "y");
    assertArrayEquals(fin.ssm, fins.ssm, "final ssm");
    assertArrayEquals(fin.conv, fins.conv, "final conv");

    float[] du = new float[u.length];
    float[] dus = new float[u.length];
    MambaParams g = MambaParams.zeros(CONFIG);
    MambaParams gs = MambaParams.zeros(CONFIG);
    layer.backward(u, dy, B, L, x0, reset, du, g);
    layer.backward(u, dy, B, L, x0, reset, ones, dus, gs);
    assertArrayEquals(du, dus, "du");
    for (Map.Entry<String, float[]> e : g.arrays().entrySet()) {
      assertArrayEquals(e.getValue(), gs.arrays().get(e.getKey()), e.getKey());
    }
  }

  @Test
  void layerMatchesReferenceWithVaryingScale() {
    MambaParams params = randomParams(CONFIG, 52);
    MambaLayer layer = new MambaLayer(params);
    MambaReference ref = MambaReference.of(params);
    float[] u = randomFloats(B * L * D, 6);
    float[] dy = randomFloats(u.length, 7);
    MambaState x0 = randomState(B, CONFIG, 8);
    boolean[] reset = randomMask(B * L, 0.1, 9);
    float[] scale = S4DtScaleTest.randomScale(B * L, 10);
    double[] sd = toDouble(scale);
    double[] ssm0 = toDouble(x0.ssm);
    double[] conv0 = toDouble(x0.conv);

    float[] y = new float[u.length];
    MambaState fin = layer.initialState(B);
    layer.forward(u, B, L, y, x0, reset, scale, fin);
    double[] finSsm = new double[fin.ssm.length];
    double[] finConv = new double[fin.conv.length];
    double[] yRef = ref.forward(toDouble(u), B, L, ssm0, conv0, reset, sd, finSsm, finConv);
    assertRelClose(yRef, y, 1e-4, "y");
    assertRelClose(finSsm, fin.ssm, 1e-4, "final ssm");
    assertRelClose(finConv, fin.conv, 1e-4, "final conv");
    float[] yPlain = new float[u.length];
    layer.forward(u, B, L, yPlain, x0, reset, null);
    assertTrue(S4DTestSupport.relError(toDouble(yPlain), toDouble(y)) > 1e-2, "scale matters");

    float[] du = new float[u.length];
    MambaParams g = MambaParams.zeros(CONFIG);
    layer.backward(u, dy, B, L, x0, reset, scale, du, g);
    MambaReference.Gradients gr =
        ref.backward(toDouble(u), toDouble(dy), B, L, ssm0, conv0, reset, sd);
    assertRelClose(gr.du(), du, 1e-4, "du");
    for (Map.Entry<String, float[]> e : g.arrays().entrySet()) {
      assertRelClose(gr.params().get(e.getKey()), e.getValue(), 1e-4, "grad " + e.getKey());
    }
  }

  @Test
  void referenceGradientsMatchCentralDifferences() {
    int b = 2;
    int len = 7;
    MambaConfig config = config(3, 3, 4, 2, 2);
    MambaReference ref = MambaReference.of(randomParams(config, 53));
    double[] u = toDouble(randomFloats(b * len * 3, 11));
    double[] w = toDouble(randomFloats(u.length, 12));
    MambaState s0 = randomState(b, config, 13);
    double[] ssm0 = toDouble(s0.ssm);
    double[] conv0 = toDouble(s0.conv);
    double[] scale = toDouble(S4DtScaleTest.randomScale(b * len, 14));
    boolean[] reset = new boolean[b * len];
    reset[4] = true;
    MambaReference.Gradients g = ref.backward(u, w, b, len, ssm0, conv0, reset, scale);
    DoubleSupplier loss =
        () -> dot(w, ref.forward(u, b, len, ssm0, conv0, reset, scale, null, null));
    for (Map.Entry<String, double[]> e : ref.params.entrySet()) {
      checkCentral(e.getKey(), e.getValue(), g.params().get(e.getKey()), loss);
    }
    checkCentral("u", u, g.du(), loss);
  }

  @Test
  void stepWithScaleEqualsForwardWithScale() {
    MambaLayer layer = new MambaLayer(randomParams(CONFIG, 54));
    float[] u = randomFloats(B * L * D, 14);
    MambaState x0 = randomState(B, CONFIG, 15);
    float[] scale = S4DtScaleTest.randomScale(B * L, 16);
    float[] y = new float[u.length];
    MambaState fin = layer.initialState(B);
    layer.forward(u, B, L, y, x0, null, scale, fin);
    MambaState st = x0.copy();
    float[] in = new float[B * D];
    float[] out = new float[B * D];
    float[] sc = new float[B];
    float[] ys = new float[u.length];
    for (int t = 0; t < L; t++) {
      for (int bb = 0; bb < B; bb++) {
        System.arraycopy(u, (bb * L + t) * D, in, bb * D, D);
        sc[bb] = scale[bb * L + t];
      }
      layer.step(in, sc, st, out);
      for (int bb = 0; bb < B; bb++) {
        System.arraycopy(out, bb * D, ys, (bb * L + t) * D, D);
      }
    }
    assertArrayEquals(y, ys, "step outputs");
    assertArrayEquals(fin.ssm, st.ssm, "final ssm");
    assertArrayEquals(fin.conv, st.conv, "final conv");
  }

  @Test
  void rejectsInvalidScale() {
    MambaLayer layer = new MambaLayer(randomParams(CONFIG, 55));
    float[] u = new float[B * L * D];
    float[] y = new float[u.length];
    float[] bad = new float[B * L];
    Arrays.fill(bad, 1f);
    bad[7] = Float.POSITIVE_INFINITY;
    assertThrows(
        IllegalArgumentException.class, () -> layer.forward(u, B, L, y, null, null, bad, null));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            layer.backward(u, y, B, L, null, null, new float[3], null, MambaParams.zeros(CONFIG)));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.step(new float[D], new float[] {0f}, layer.initialState(1), new float[D]));
  }

  private static void checkCentral(String name, double[] x, double[] grad, DoubleSupplier loss) {
    FiniteDifferences.check(name, x, grad, loss, 1e-6, 1e-6);
  }
}
