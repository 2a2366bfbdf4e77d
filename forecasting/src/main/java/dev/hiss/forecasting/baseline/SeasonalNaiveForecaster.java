package dev.hiss.forecasting.baseline;

import dev.hiss.forecasting.Forecaster;
import java.util.List;

/**
 * Seasonal naive forecast with period m: row {@code t+k} (k = 1..h) equals the value of the latest
 * observed row {@code t+k − j·m} (j >= 1) in the history; NaN when there is none.
 *
 * @param period m (>= 1); m = 1 is the naive forecast
 */
public record SeasonalNaiveForecaster(int period) implements Forecaster {
  /** Validates the period. */
  public SeasonalNaiveForecaster {
    if (period < 1) {
      throw new IllegalArgumentException("Invalid period = " + period + "; must be >= 1");
    }
  }

  @Override
  public String name() {
    return "seasonal-naive(m=" + period + ")";
  }

  @Override
  public Predictor fit(List<double[][]> training, int horizon) {
    Baselines.checkHorizon(horizon);
    return history -> {
      int cs = Baselines.channels(history, training);
      int t = history.length - 1;
      double[][] out = new double[horizon][cs];
      for (int k = 1; k <= horizon; k++) {
        for (int c = 0; c < cs; c++) {
          double v = Double.NaN;
          for (int i = t + k - period; i >= 0 && Double.isNaN(v); i -= period) {
            if (i <= t) {
              v = history[i][c];
            }
          }
          out[k - 1][c] = v;
        }
      }
      return out;
    };
  }
}
