package dev.hiss.forecasting.metric;

import dev.hiss.forecasting.internal.NormalDistribution;

/** Scores of single forecasts; {@link ForecastErrors} averages them. */
public final class Scores {
  private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

  private Scores() {}

  /**
   * CRPS of a Gaussian forecast N(mu, sigma²) for outcome y, in closed form: {@code σ [z(2Φ(z) − 1)
   * + 2φ(z) − 1/√π]} with {@code z = (y − μ)/σ}. For σ = 0 it is the absolute error.
   */
  public static double crpsGaussian(double mu, double sigma, double y) {
    if (!(sigma >= 0)) {
      throw new IllegalArgumentException("Invalid sigma = " + sigma + "; must be >= 0");
    }
    if (sigma == 0) {
      return Math.abs(y - mu);
    }
    double z = (y - mu) / sigma;
    return sigma
        * (z * (2 * NormalDistribution.cdf(z) - 1) + 2 * NormalDistribution.pdf(z) - INV_SQRT_PI);
  }

  /**
   * Pinball (quantile) loss of quantile forecast q at level tau for outcome y: {@code τ(y − q)}
   * when {@code y >= q}, else {@code (1 − τ)(q − y)}.
   */
  public static double pinball(double tau, double q, double y) {
    if (!(tau > 0 && tau < 1)) {
      throw new IllegalArgumentException("Invalid tau = " + tau + "; must be in (0, 1)");
    }
    double d = y - q;
    return d >= 0 ? tau * d : (tau - 1) * d;
  }

  /**
   * CRPS approximated from quantile forecasts. CRPS(F, y) = 2∫₀¹ ρ_τ(y − F⁻¹(τ)) dτ (the pinball
   * loss integrated over all levels); the integral is approximated by a rectangle rule in which
   * level τ_j stands for its cell [c_{j−1}, c_j] with c_0 = 0, c_j = (τ_j + τ_{j+1})/2, c_Q = 1:
   * {@code CRPS ≈ 2 Σ_j (c_j − c_{j−1}) ρ_{τ_j}(y − q_j)}. With one level 0.5 it is the absolute
   * error (the CRPS of a point forecast); the error shrinks as the levels fill (0, 1) (for 0.05,
   * 0.1, …, 0.95 and a Gaussian forecast within a few percent of the closed form); the tails beyond
   * the outer levels are not seen, so few levels (e.g. 0.1, 0.5, 0.9) underestimate.
   *
   * @param levels {@code [Q]} strictly increasing in (0, 1)
   * @param q {@code [Q]} the quantile forecasts
   * @param y the outcome
   */
  public static double crpsFromQuantiles(double[] levels, double[] q, double y) {
    int n = levels.length;
    if (q.length != n || n == 0) {
      throw new IllegalArgumentException(
          "Invalid quantiles: " + q.length + " values for " + n + " levels");
    }
    double sum = 0;
    double lo = 0;
    for (int j = 0; j < n; j++) {
      double hi = j + 1 < n ? (levels[j] + levels[j + 1]) / 2 : 1;
      sum += (hi - lo) * pinball(levels[j], q[j], y);
      lo = hi;
    }
    return 2 * sum;
  }

  /** One sMAPE term in percent: {@code 200 |y − ŷ| / (|y| + |ŷ|)}, 0 when both are 0. */
  public static double smape(double predicted, double actual) {
    double den = Math.abs(actual) + Math.abs(predicted);
    return den == 0 ? 0 : 200 * Math.abs(actual - predicted) / den;
  }

  /**
   * The MASE scale: mean {@code |y_t − y_{t−m}|} over the training values where both are present
   * (in-sample naive MAE for m = 1, seasonal naive for m > 1).
   *
   * @param training {@code [rows]}, NaN where missing
   * @return the scale; NaN when no pair is present
   */
  public static double naiveScale(double[] training, int m) {
    if (m < 1) {
      throw new IllegalArgumentException("Invalid period = " + m + "; must be >= 1");
    }
    double sum = 0;
    long n = 0;
    for (int t = m; t < training.length; t++) {
      double d = training[t] - training[t - m];
      if (!Double.isNaN(d)) {
        sum += Math.abs(d);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** {@link #naiveScale} per column of {@code [rows][channels]} training values. */
  public static double[] naiveScales(double[][] training, int channels, int m) {
    double[] out = new double[channels];
    for (int c = 0; c < channels; c++) {
      double[] col = new double[training.length];
      for (int t = 0; t < col.length; t++) {
        col[t] = training[t][c];
      }
      out[c] = naiveScale(col, m);
    }
    return out;
  }
}
