package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bidirectional wrapper: explicit two-run equivalence, convolution semantics, gradients. */
class BidirectionalTest {

  private static final int B = 2;
  private static final int L = 30;
  private static final int H = 3;
  private static final int N = 4;

  private final S4DConfig config = S4DConfig.defaults(H, N);
  private final S4DParams p1 = randomParams(config, 51);
  private final S4DParams p2 = randomParams(config, 52);
  private final Bidirectional<S4DParams> bi = Bidirectional.s4d(p1, p2);
  private final float[] u = randomFloats(B * L * H, 1);
  private final float[] dy = randomFloats(u.length, 2);

  /** Time reversal written out independently of the wrapper. */
  private static float[] flip(float[] x) {
    float[] out = new float[x.length];
    for (int b = 0; b < B; b++) {
      for (int t = 0; t < L; t++) {
        for (int h = 0; h < H; h++) {
          out[(b * L + t) * H + h] = x[(b * L + (L - 1 - t)) * H + h];
        }
      }
    }
    return out;
  }

  @Test
  void forwardEqualsForwardRunPlusReversedRunOfSecondLayer() {
    float[] y = new float[u.length];
    bi.forward(u, B, L, y);
    float[] y1 = new float[u.length];
    new S4DLayer(p1).forward(u, B, L, y1);
    float[] y2r = new float[u.length];
    new S4DLayer(p2).forward(flip(u), B, L, y2r);
    float[] y2 = flip(y2r);
    float[] expected = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      expected[i] = y1[i] + y2[i];
    }
    assertArrayEquals(expected, y);
  }

  @Test
  void forwardIsCausalPlusAntiCausalConvolution() {
    S4DReference r1 = S4DReference.of(p1);
    S4DReference r2 = S4DReference.of(p2);
    double[] expected = new double[u.length];
    for (int h = 0; h < H; h++) {
      double[] k1 = r1.kernel(h, L);
      double[] k2 = r2.kernel(h, L);
      for (int b = 0; b < B; b++) {
        for (int t = 0; t < L; t++) {
          double acc = (p1.d[h] + p2.d[h]) * u[(b * L + t) * H + h];
          for (int s = 0; s < L; s++) {
            double us = u[(b * L + s) * H + h];
            acc += s <= t ? k1[t - s] * us : 0;
            acc += s >= t ? k2[s - t] * us : 0;
          }
          expected[(b * L + t) * H + h] = acc;
        }
      }
    }
    float[] y = new float[u.length];
    bi.forward(u, B, L, y);
    assertRelClose(expected, y, 1e-4, "y = K1 ∗ u + reverse-time K2 ∗ u + (D1 + D2)·u");
  }

  @Test
  void backwardMatchesReferenceTwinsOfBothDirections() {
    float[] du = new float[u.length];
    Bidirectional.Gradients<S4DParams> g =
        new Bidirectional.Gradients<>(S4DParams.zeros(config), S4DParams.zeros(config));
    bi.backward(u, dy, B, L, du, g);
    S4DReference.Gradients g1 =
        S4DReference.of(p1).backward(toDouble(u), toDouble(dy), B, L, null, null, null);
    S4DReference.Gradients g2 =
        S4DReference.of(p2).backward(toDouble(flip(u)), toDouble(flip(dy)), B, L, null, null, null);
    double[] du2 = toDouble(flip(toFloat(g2.du())));
    double[] duExpected = new double[u.length];
    for (int i = 0; i < u.length; i++) {
      duExpected[i] = g1.du()[i] + du2[i];
    }
    assertRelClose(duExpected, du, 1e-4, "du");
    for (Map.Entry<String, float[]> e : g.forward().arrays().entrySet()) {
      assertRelClose(g1.params().get(e.getKey()), e.getValue(), 1e-4, "forward " + e.getKey());
    }
    for (Map.Entry<String, float[]> e : g.backward().arrays().entrySet()) {
      assertRelClose(g2.params().get(e.getKey()), e.getValue(), 1e-4, "backward " + e.getKey());
    }
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    float[] du = new float[u.length];
    Bidirectional.Gradients<S4DParams> g =
        new Bidirectional.Gradients<>(S4DParams.zeros(config), S4DParams.zeros(config));
    bi.backward(u, dy, B, L, du, g);
    // L(u) = Σ dy·y is linear in u: the central difference along v is exact up to rounding
    float[] v = randomFloats(u.length, 3);
    float[] up = new float[u.length];
    float[] um = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      up[i] = u[i] + v[i];
      um[i] = u[i] - v[i];
    }
    double fd = (loss(up) - loss(um)) / 2;
    double analytic = S4DTestSupport.dot(toDouble(du), toDouble(v));
    assertTrue(Math.abs(fd - analytic) <= 1e-4 * Math.abs(analytic), fd + " vs " + analytic);
    for (String name : new String[] {"logDt", "aReal", "cRe", "bIm", "d"}) {
      checkParam(name, p1.arrays().get(name), g.forward().arrays().get(name));
      checkParam(name, p2.arrays().get(name), g.backward().arrays().get(name));
    }
  }

  @Test
  void worksForAnyLayerBehindTheInterface() {
    S5Config c5 = S5Config.defaults(H, 8, 2);
    S5Params q1 = S5Params.initialize(c5, 61);
    S5Params q2 = S5Params.initialize(c5, 62);
    Bidirectional<S5Params> b5 =
        new Bidirectional<>(SequenceLayer.of(new S5Layer(q1)), SequenceLayer.of(new S5Layer(q2)));
    float[] y = new float[u.length];
    b5.forward(u, B, L, y);
    float[] y1 = new float[u.length];
    new S5Layer(q1).forward(u, B, L, y1);
    float[] y2r = new float[u.length];
    new S5Layer(q2).forward(flip(u), B, L, y2r);
    float[] y2 = flip(y2r);
    for (int i = 0; i < u.length; i++) {
      y1[i] += y2[i];
    }
    assertArrayEquals(y1, y);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Bidirectional<>(
                SequenceLayer.of(new S4DLayer(p1)),
                SequenceLayer.of(new S4DLayer(randomParams(S4DConfig.defaults(H + 1, N), 1)))));
  }

  private double loss(float[] input) {
    float[] y = new float[input.length];
    bi.forward(input, B, L, y);
    return S4DTestSupport.dot(toDouble(dy), toDouble(y));
  }

  /**
   * Float central differences (step 1e-3: the loss oscillates in logDt and aImag on a scale of
   * ~0.05, so larger steps are wrong) on every entry; the tolerance allows for float32 rounding.
   */
  private void checkParam(String name, float[] x, float[] grad) {
    double scale = 0;
    for (float v : grad) {
      scale = Math.max(scale, Math.abs(v));
    }
    assertTrue(scale > 0, name + ": zero gradient");
    for (int i = 0; i < x.length; i++) {
      double fd = central(x, i, 1e-3f);
      double err = Math.abs(fd - grad[i]) / scale;
      assertTrue(err < 5e-3, name + "[" + i + "]: analytic " + grad[i] + " vs fd " + fd);
    }
  }

  private double central(float[] x, int i, float eps) {
    float keep = x[i];
    float plus = keep + eps;
    float minus = keep - eps;
    x[i] = plus;
    double lp = loss(u);
    x[i] = minus;
    double lm = loss(u);
    x[i] = keep;
    return (lp - lm) / ((double) plus - (double) minus);
  }

  private static float[] toFloat(double[] x) {
    float[] f = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      f[i] = (float) x[i];
    }
    return f;
  }
}
