package dev.hiss.streaming.internal;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The central quantile interval of a quantile-head model's levels, as the quantile-interval alert
 * rule ({@link ResidualMonitor.Rule#QUANTILE_INTERVAL}) uses it: the widest pair l and 1 − l, the
 * same pair the dashboard draws as the forecast band.
 */
final class CentralInterval {
  /** How far two quantile levels may be from summing to 1 and still form a central pair. */
  static final double LEVEL_TOLERANCE = 1e-9;

  private CentralInterval() {}

  /**
   * The indices {lower, upper} of the widest central pair of quantile levels (l and 1 − l within
   * {@value #LEVEL_TOLERANCE}, the smallest such l), or {-1, -1} when the levels hold none.
   *
   * @param levels strictly increasing levels in (0, 1)
   */
  static int[] pair(double[] levels) {
    // levels increase: the first level below 0.5 with a partner is the widest pair
    for (int i = 0; i < levels.length && levels[i] < 0.5 - LEVEL_TOLERANCE; i++) {
      for (int j = levels.length - 1; j > i; j--) {
        if (Math.abs(levels[i] + levels[j] - 1) <= LEVEL_TOLERANCE) {
          return new int[] {i, j};
        }
      }
    }
    return new int[] {-1, -1};
  }

  /** A level as a percentage without float noise: 0.8 → "80", 0.995 → "99.5". */
  static String percent(double level) {
    return new BigDecimal(level * 100)
        .round(new MathContext(6))
        .stripTrailingZeros()
        .toPlainString();
  }
}
