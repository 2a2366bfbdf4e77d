package dev.hiss.streaming.internal;

import dev.hiss.ingestion.Prediction;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The central quantile interval of a quantile-head model's levels, as the quantile-interval alert
 * rule ({@link ResidualMonitor.Rule#QUANTILE_INTERVAL}) uses it: the widest pair l and 1 − l, the
 * same pair the dashboard draws as the forecast band.
 */
final class CentralInterval {
  private CentralInterval() {}

  /**
   * The indices {lower, upper} of the widest central pair of quantile levels (l and 1 − l within
   * 1e-9, the smallest such l; {@link Prediction.Quantiles#centralPair(double[])}), or {-1, -1}
   * when the levels hold none.
   *
   * @param levels strictly increasing levels in (0, 1)
   */
  static int[] pair(double[] levels) {
    int[] p = Prediction.Quantiles.centralPair(levels);
    return p == null ? new int[] {-1, -1} : p;
  }

  /** A level as a percentage without float noise: 0.8 → "80", 0.995 → "99.5". */
  static String percent(double level) {
    return new BigDecimal(level * 100)
        .round(new MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }
}
