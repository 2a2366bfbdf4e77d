package dev.hiss.forecasting.baseline;

import java.util.List;

/** Helpers shared by the baseline forecasters. */
final class Baselines {
  private Baselines() {}

  static void checkHorizon(int horizon) {
    if (horizon < 1) {
      throw new IllegalArgumentException("Invalid horizon = " + horizon + "; must be >= 1");
    }
  }

  /** Channel count of the history (or of the training data when the history is null or empty). */
  static int channels(double[][] history, List<double[][]> training) {
    if (history != null && history.length > 0) {
      return history[0].length;
    }
    for (double[][] s : training) {
      if (s.length > 0) {
        return s[0].length;
      }
    }
    throw new IllegalArgumentException("No rows in the history or training data");
  }

  /** The latest non-NaN value of channel c at or before row {@code end}; NaN when none. */
  static double lastObserved(double[][] x, int c, int end) {
    for (int t = end; t >= 0; t--) {
      if (!Double.isNaN(x[t][c])) {
        return x[t][c];
      }
    }
    return Double.NaN;
  }
}
