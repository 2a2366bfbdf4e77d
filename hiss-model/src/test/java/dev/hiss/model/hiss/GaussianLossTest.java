package dev.hiss.model.hiss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The Gaussian head losses: golden values, double-precision finite-difference checks of every
 * derivative, masking (NaN targets at masked steps change nothing), and the array layout.
 */
class GaussianLossTest {

  /** The raw parameter r with σ² = softplus(r) + floor = 1 exactly (up to rounding). */
  private static final double R_UNIT = Math.log(Math.expm1(1 - GaussianLoss.VARIANCE_FLOOR));

  private static final double HALF_LOG_2PI = 0.9189385332046727;

  @Test
  void goldenValuesAtUnitVariance() {
    assertEquals(1.0, GaussianLoss.variance(R_UNIT), 1e-15);
    // NLL of N(0, 1) at 0 and at 1: ½ log 2π and ½ log 2π + ½.
    assertEquals(HALF_LOG_2PI, GaussianLoss.nllTerm(0, R_UNIT, 0, null), 1e-14);
    assertEquals(HALF_LOG_2PI + 0.5, GaussianLoss.nllTerm(3, R_UNIT, 2, null), 1e-14);
    // CRPS of N(0, 1) at its mean: 2φ(0) − 1/√π = 0.2336949772551091.
    assertEquals(0.2336949772551091, GaussianLoss.crpsTerm(5, R_UNIT, 5, null), 1e-14);
    // σ² = softplus(0) + floor = ln 2 + 1e-6.
    assertEquals(Math.log(2) + 1e-6, GaussianLoss.variance(0), 1e-15);
  }

  @Test
  void standardNormalMatchesTabulatedValues() {
    assertEquals(0.8413447460685429, cdf(1), 1e-15);
    assertEquals(0.024997895148220435, cdf(-1.96), 1e-15);
    assertEquals(2.866515718791939e-7, cdf(-5), 1e-20);
    assertEquals(
        -1.2815515655446004, dev.hiss.model.hiss.internal.StandardNormal.quantile(0.1), 1e-12);
  }

  @Test
  void varianceIsFiniteAndFlooredForExtremeRawValues() {
    assertEquals(1000 + 1e-6, GaussianLoss.variance(1000), 1e-9);
    assertEquals(GaussianLoss.VARIANCE_FLOOR, GaussianLoss.variance(-1000), 0);
    double[] d = new double[2];
    assertTrue(Double.isFinite(GaussianLoss.nllTerm(0, -1000, 50, d)));
    assertTrue(Double.isFinite(d[0]) && Double.isFinite(d[1]), "gradient finite");
    assertTrue(Double.isFinite(GaussianLoss.crpsTerm(0, 1000, -1e4, d)));
    assertTrue(Double.isFinite(d[0]) && Double.isFinite(d[1]), "gradient finite");
  }

  @Test
  void crpsEqualsTheNumericalIntegral() {
    double[][] cases = {{0, 0.3, 0.7}, {2, -1.5, -1}, {-3, 2.5, 10}};
    for (double[] c : cases) {
      double mu = c[0];
      double sigma = Math.sqrt(GaussianLoss.variance(c[1]));
      double y = c[2];
      // CRPS = ∫ (F(x) − 1{x ≥ y})² dx, Simpson on both sides of y over ±14σ
      double lo = Math.min(mu, y) - 14 * sigma;
      double hi = Math.max(mu, y) + 14 * sigma;
      DoubleUnaryOperator f = x -> cdf((x - mu) / sigma);
      double integral = simpson(x -> sq(f.applyAsDouble(x)), lo, y);
      integral += simpson(x -> sq(f.applyAsDouble(x) - 1), y, hi);
      assertEquals(integral, GaussianLoss.crpsTerm(mu, c[1], y, null), 1e-9);
    }
  }

  @Test
  void termDerivativesMatchDoubleFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(3);
    double h = 1e-6;
    for (int i = 0; i < 200; i++) {
      double mu = 3 * r.nextGaussian();
      double raw = i < 10 ? -12 + 2.4 * i : 4 * r.nextGaussian();
      double y = mu + 2 * r.nextGaussian();
      for (boolean crps : new boolean[] {false, true}) {
        double[] d = new double[2];
        term(crps, mu, raw, y, d);
        double dMu =
            (term(crps, mu + h, raw, y, null) - term(crps, mu - h, raw, y, null)) / (2 * h);
        double dRaw =
            (term(crps, mu, raw + h, y, null) - term(crps, mu, raw - h, y, null)) / (2 * h);
        String what = (crps ? "crps" : "nll") + " at mu=" + mu + " raw=" + raw + " y=" + y;
        assertEquals(dMu, d[0], 1e-6 * Math.max(1, Math.abs(dMu)), what + " d/dmu");
        assertEquals(dRaw, d[1], 1e-6 * Math.max(1, Math.abs(dRaw)), what + " d/draw");
      }
    }
  }

  private static double term(boolean crps, double mu, double raw, double y, double[] d) {
    return crps ? GaussianLoss.crpsTerm(mu, raw, y, d) : GaussianLoss.nllTerm(mu, raw, y, d);
  }

  @Test
  void arrayLossAveragesValidElementsAndIgnoresMaskedSteps() {
    int dOut = 2;
    int steps = 3;
    float[] head = HissTestSupport.randomFloats(steps * 2 * dOut, 7);
    float[] y = HissTestSupport.randomFloats(steps * dOut, 8);
    boolean[] mask = {true, false, true};
    y[2] = Float.NaN; // step 1 is masked: its NaN target must not leak
    y[3] = Float.NaN;
    for (boolean crps : new boolean[] {false, true}) {
      float[] grad = new float[head.length];
      double loss =
          crps
              ? GaussianLoss.crps(head, y, mask, dOut, grad)
              : GaussianLoss.nll(head, y, mask, dOut, grad);
      double expected = 0;
      double[] d = new double[2];
      for (int s : new int[] {0, 2}) {
        for (int c = 0; c < dOut; c++) {
          int mi = 2 * s * dOut + c;
          expected += term(crps, head[mi], head[mi + dOut], y[s * dOut + c], d);
          assertEquals((float) (d[0] / 4), grad[mi], 1e-7, "dmu");
          assertEquals((float) (d[1] / 4), grad[mi + dOut], 1e-7, "draw");
        }
      }
      assertEquals(expected / 4, loss, 1e-12);
      for (int i = 2 * dOut; i < 4 * dOut; i++) {
        assertEquals(0f, grad[i], "masked step has zero gradient");
      }
    }
    assertEquals(0, GaussianLoss.nll(head, y, new boolean[3], dOut, null));
  }

  @Test
  void arrayGradientMatchesFiniteDifferencesOfTheArrayLoss() {
    int dOut = 2;
    float[] head = HissTestSupport.randomFloats(4 * 2 * dOut, 11);
    float[] y = HissTestSupport.randomFloats(4 * dOut, 12);
    boolean[] mask = {true, true, false, true};
    for (boolean crps : new boolean[] {false, true}) {
      float[] grad = new float[head.length];
      loss(crps, head, y, mask, dOut, grad);
      for (int i = 0; i < head.length; i++) {
        float keep = head[i];
        float hp = keep + 1e-2f;
        float hm = keep - 1e-2f;
        head[i] = hp;
        double lp = loss(crps, head, y, mask, dOut, null);
        head[i] = hm;
        double lm = loss(crps, head, y, mask, dOut, null);
        head[i] = keep;
        double fd = (lp - lm) / ((double) hp - hm);
        assertEquals(
            fd, grad[i], 1e-4 + 1e-3 * Math.abs(fd), (crps ? "crps" : "nll") + "[" + i + "]");
      }
    }
  }

  private static double loss(
      boolean crps, float[] head, float[] y, boolean[] mask, int dOut, float[] grad) {
    return crps
        ? GaussianLoss.crps(head, y, mask, dOut, grad)
        : GaussianLoss.nll(head, y, mask, dOut, grad);
  }

  @Test
  void distributionSplitsMeansAndStds() {
    float[] head = {1, 2, 0, (float) R_UNIT, -3, 4, 5, -1000};
    GaussianPrediction g = GaussianLoss.distribution(head, 2);
    assertEquals(4, g.mean().length);
    assertEquals(1f, g.mean()[0]);
    assertEquals(2f, g.mean()[1]);
    assertEquals(-3f, g.mean()[2]);
    assertEquals(4f, g.mean()[3]);
    assertEquals((float) Math.sqrt(Math.log(2) + 1e-6), g.std()[0], 1e-7);
    assertEquals(1f, g.std()[1], 1e-6);
    assertEquals((float) Math.sqrt(GaussianLoss.variance(5)), g.std()[2], 1e-6);
    assertEquals(1e-3f, g.std()[3], 1e-9);
    float[] lo = g.lower(0.9);
    float[] hi = g.upper(0.9);
    assertEquals(2 - 1.6448536269514722, lo[1], 1e-5);
    assertEquals(2 + 1.6448536269514722, hi[1], 1e-5);
    assertEquals(1.959963984540054, GaussianPrediction.zScore(0.95), 1e-12);
  }

  @Test
  void badShapesAreNamed() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GaussianLoss.nll(new float[6], new float[3], null, 2, null));
    assertTrue(e.getMessage().contains("Invalid Gaussian head length = 6"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> GaussianLoss.nll(new float[8], new float[3], null, 2, null));
    assertTrue(e.getMessage().contains("Invalid target length = 3"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> GaussianPrediction.zScore(1));
    assertTrue(e.getMessage().contains("Invalid level = 1.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> OutputHead.parse("laplace"));
    assertEquals("Invalid head = 'laplace'; must be point, gaussian or quantile", e.getMessage());
    assertEquals(OutputHead.QUANTILE, OutputHead.parse("quantile"));
    assertEquals(OutputHead.GAUSSIAN, OutputHead.parse(" Gaussian "));
    assertEquals(TrainingLoss.GAUSSIAN_CRPS, TrainingLoss.parse("crps"));
  }

  private static double cdf(double z) {
    return dev.hiss.model.hiss.internal.StandardNormal.cdf(z);
  }

  private static double sq(double v) {
    return v * v;
  }

  private static double simpson(DoubleUnaryOperator f, double a, double b) {
    int n = 20_000;
    double h = (b - a) / n;
    double s = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return s * h / 3;
  }
}
