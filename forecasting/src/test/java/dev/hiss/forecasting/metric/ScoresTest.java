package dev.hiss.forecasting.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.internal.NormalDistribution;
import org.junit.jupiter.api.Test;

class ScoresTest {
  @Test
  void normalCdfMatchesTabulatedValues() {
    assertEquals(0.5, NormalDistribution.cdf(0), 1e-16);
    assertEquals(0.8413447460685429, NormalDistribution.cdf(1), 1e-15);
    assertEquals(0.024997895148220435, NormalDistribution.cdf(-1.96), 1e-15);
    assertEquals(0.9986501019683699, NormalDistribution.cdf(3), 1e-15);
    assertEquals(2.866515718791939e-7, NormalDistribution.cdf(-5), 1e-20);
    assertEquals(7.61985302416047e-24, NormalDistribution.cdf(-10), 1e-36);
  }

  @Test
  void gaussianCrpsAtTheMeanIsTwoPhiZeroMinusOneOverRootPi() {
    // z = 0: sigma (0 + 2 phi(0) - 1/sqrt(pi)) = 2/sqrt(2 pi) - 1/sqrt(pi) = 0.2336949772551...
    assertEquals(0.2336949772551091, Scores.crpsGaussian(0, 1, 0), 1e-12);
    assertEquals(3 * 0.2336949772551091, Scores.crpsGaussian(5, 3, 5), 1e-12);
    assertEquals(2.5, Scores.crpsGaussian(1, 0, 3.5), 0);
  }

  @Test
  void gaussianCrpsEqualsTheNumericalIntegral() {
    double[][] cases = {{0, 1, 0}, {0, 1, 0.7}, {2, 0.5, -1}, {-3, 4, 10}, {100, 20, 96}};
    for (double[] c : cases) {
      double mu = c[0];
      double sigma = c[1];
      double y = c[2];
      // CRPS = ∫ (F(x) − 1{x ≥ y})² dx, split at y, Simpson on ±14σ around both points
      double lo = Math.min(mu, y) - 14 * sigma;
      double hi = Math.max(mu, y) + 14 * sigma;
      double integral = simpson(x -> sq(cdf(mu, sigma, x)), lo, y, 20_000);
      integral += simpson(x -> sq(cdf(mu, sigma, x) - 1), y, hi, 20_000);
      assertEquals(integral, Scores.crpsGaussian(mu, sigma, y), 1e-9 * Math.max(1, sigma));
    }
  }

  @Test
  void pinballSmapeAndScalesByHand() {
    // tau 0.9, q 10: y 12 -> 0.9 * 2 = 1.8; y 7 -> 0.1 * 3 = 0.3
    assertEquals(1.8, Scores.pinball(0.9, 10, 12), 1e-12);
    assertEquals(0.3, Scores.pinball(0.9, 10, 7), 1e-12);
    // 200 * 10 / 210
    assertEquals(9.523809523809524, Scores.smape(110, 100), 1e-12);
    assertEquals(0, Scores.smape(0, 0));
    // [1,3,2,NaN,5,4], m=1: |3-1|,|2-3|,|4-5| -> 4/3; m=2: |2-1|,|5-2| -> 2
    double[] x = {1, 3, 2, Double.NaN, 5, 4};
    assertEquals(4.0 / 3, Scores.naiveScale(x, 1), 1e-15);
    assertEquals(2, Scores.naiveScale(x, 2), 1e-15);
    assertEquals(Double.NaN, Scores.naiveScale(new double[] {1}, 1));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Scores.pinball(1, 0, 0));
    assertEquals("Invalid tau = 1.0; must be in (0, 1)", e.getMessage());
  }

  private static double cdf(double mu, double sigma, double x) {
    return NormalDistribution.cdf((x - mu) / sigma);
  }

  private static double sq(double v) {
    return v * v;
  }

  private static double simpson(
      java.util.function.DoubleUnaryOperator f, double a, double b, int n) {
    double h = (b - a) / n;
    double s = f.applyAsDouble(a) + f.applyAsDouble(b);
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
    }
    return s * h / 3;
  }

  /** Φ⁻¹(τ) from the model module's z-score of a central interval. */
  private static double probit(double tau) {
    if (tau == 0.5) {
      return 0;
    }
    double z = dev.hiss.model.hiss.GaussianPrediction.zScore(Math.abs(2 * tau - 1));
    return tau < 0.5 ? -z : z;
  }

  @Test
  void crpsFromQuantilesApproachesTheGaussianClosedForm() {
    // one level 0.5: the absolute error, the CRPS of a point forecast
    assertEquals(2.5, Scores.crpsFromQuantiles(new double[] {0.5}, new double[] {1}, 3.5), 1e-12);
    // by hand: levels 0.1, 0.9 (cells of 0.5 each), quantiles 8, 12, y = 11
    assertEquals(
        2 * (0.5 * 0.3 + 0.5 * 0.1),
        Scores.crpsFromQuantiles(new double[] {0.1, 0.9}, new double[] {8, 12}, 11),
        1e-12);
    // the exact quantiles of N(μ, σ²) at 0.01, 0.02, …, 0.99: within 3 % of the closed form;
    // with 0.1, 0.5, 0.9 only it is rough (0.66 to 1.07 of it over these outcomes)
    double mu = 1;
    double sigma = 2;
    double[] fine = new double[99];
    double[] fq = new double[99];
    for (int j = 0; j < 99; j++) {
      fine[j] = (j + 1) / 100.0;
      fq[j] = mu + sigma * probit(fine[j]);
    }
    double[] coarse = {0.1, 0.5, 0.9};
    double[] cq = {mu + sigma * probit(0.1), mu, mu + sigma * probit(0.9)};
    for (double y : new double[] {-3, 0, 1, 2.5, 6}) {
      double exact = Scores.crpsGaussian(mu, sigma, y);
      assertEquals(exact, Scores.crpsFromQuantiles(fine, fq, y), 0.03 * exact, "y = " + y);
      double c = Scores.crpsFromQuantiles(coarse, cq, y);
      assertTrue(c > 0.6 * exact && c < 1.15 * exact, "coarse " + c + " vs " + exact);
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> Scores.crpsFromQuantiles(new double[] {0.5}, new double[] {1, 2}, 0));
  }
}
