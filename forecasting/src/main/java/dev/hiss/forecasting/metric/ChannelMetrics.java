package dev.hiss.forecasting.metric;

/**
 * Averaged errors of one channel, or of all channels together (every element weighted equally).
 * Every value is NaN when nothing was counted for it.
 *
 * @param channel channel name, or {@code "overall"}
 * @param values target values scored by the point metrics (masked values excluded)
 * @param series distinct series that contributed at least one value
 * @param episodes windows/episodes that contributed at least one value
 * @param unforecast present targets whose prediction was not finite (not scored)
 * @param original errors in original target units
 * @param normalized errors in normalized target units (error / training std); {@code
 *     normalized.mse()} is the HiSS paper's metric
 * @param mase mean absolute error over the naive/seasonal-naive in-sample MAE of the training part
 * @param smape symmetric MAPE in percent (0..200)
 * @param intervalCoverage fraction of the values with a Gaussian forecast that lie in its central
 *     {@value ForecastErrors#INTERVAL_LEVEL} interval μ ± 1.645σ (NaN without Gaussian forecasts)
 * @param quantileCoverage per quantile level τ_j, the fraction of the values with a quantile
 *     forecast that lie at or below its quantile q_j (≈ τ_j when calibrated); empty without
 *     quantile forecasts
 */
public record ChannelMetrics(
    String channel,
    long values,
    int series,
    long episodes,
    long unforecast,
    Units original,
    Units normalized,
    double mase,
    double smape,
    double intervalCoverage,
    java.util.List<Double> quantileCoverage) {

  /** Copies the list. */
  public ChannelMetrics {
    quantileCoverage = java.util.List.copyOf(quantileCoverage);
  }

  /**
   * Errors in one unit system.
   *
   * @param mse mean squared error
   * @param rmse root of mse
   * @param mae mean absolute error
   * @param crps mean CRPS of Gaussian forecasts (closed form), or of quantile forecasts
   *     (approximated from the quantiles, {@link Scores#crpsFromQuantiles})
   * @param crpsValues values scored by CRPS
   * @param pinball mean pinball loss over values and quantile levels
   * @param pinballValues (value, level) pairs scored by the pinball loss
   */
  public record Units(
      double mse,
      double rmse,
      double mae,
      double crps,
      long crpsValues,
      double pinball,
      long pinballValues) {}
}
