package dev.hiss.dashboard;

import dev.hiss.ingestion.Prediction;

/**
 * The band the chart draws around one forecast: its lower and upper bounds (not necessarily
 * symmetric about the forecast) and the central probability they hold.
 *
 * <p>A forecast with quantiles (a quantile-head model) gets its widest central pair: the smallest
 * level {@code l < 0.5} whose partner {@code 1 − l} is also present (within 1e-9; {@link
 * Prediction.Quantiles#centralPair()}), at level {@code 1 − 2l} (levels 0.1, 0.5, 0.9: the 80% band
 * from the 0.1 and 0.9 quantiles). Otherwise a forecast with a standard deviation gets its {@value
 * #GAUSSIAN_LEVEL} Gaussian interval ({@link Prediction#interval}). Any other forecast (or one
 * whose Gaussian bounds are not finite) has no band.
 *
 * @param lower the lower bound, in the channel's units
 * @param upper the upper bound, &ge; lower
 * @param level the probability between the bounds, in (0, 1)
 */
record ForecastBand(double lower, double upper, double level) {
  /** Level of the band of a forecast with a standard deviation (and no central quantile pair). */
  static final double GAUSSIAN_LEVEL = 0.9;

  /** Checks the bounds and the level. */
  ForecastBand {
    if (!(lower <= upper)) {
      throw new IllegalArgumentException(
          "Invalid band [" + lower + ", " + upper + "]; lower must be <= upper");
    }
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid level = " + level + "; must be in (0, 1)");
    }
  }

  /** The band of a forecast, or null when it has neither a central quantile pair nor a stdDev. */
  static ForecastBand of(Prediction p) {
    Prediction.Quantiles q = p.quantiles();
    if (q != null) {
      int[] pair = q.centralPair();
      if (pair != null) {
        double[] values = q.values();
        return new ForecastBand(values[pair[0]], values[pair[1]], 1 - 2 * q.levels()[pair[0]]);
      }
    }
    if (!p.probabilistic()) {
      return null;
    }
    // interval() would prefer quantiles at 0.05 and 0.95, but such a pair was taken above
    double[] g = p.interval(GAUSSIAN_LEVEL);
    // a forecast value that is not finite (the contract does not forbid it) has no band
    return Double.isFinite(g[0]) && Double.isFinite(g[1])
        ? new ForecastBand(g[0], g[1], GAUSSIAN_LEVEL)
        : null;
  }
}
