package dev.hiss.forecasting.backtest;

/**
 * Rolling-origin evaluation settings. Origins (index of the last row a forecast may see) are {@code
 * initialTrain − 1, + step, + 2·step, …} while {@code origin + horizon} stays inside the series.
 *
 * @param horizon h, rows forecast at each origin (>= 1)
 * @param step s, rows between origins (>= 1)
 * @param initialTrain rows of the first training part (>= 1); also the part that fixes the
 *     normalization statistics and MASE scales
 * @param refit true: refit at every origin on all rows up to it; false: fit once on the first
 *     {@code initialTrain} rows
 * @param masePeriod m of the in-sample (seasonal) naive MAE that scales MASE (>= 1)
 */
public record BacktestConfig(
    int horizon, int step, int initialTrain, boolean refit, int masePeriod) {
  /** Validates the settings. */
  public BacktestConfig {
    if (horizon < 1) {
      throw new IllegalArgumentException("Invalid horizon = " + horizon + "; must be >= 1");
    }
    if (step < 1) {
      throw new IllegalArgumentException("Invalid step = " + step + "; must be >= 1");
    }
    if (initialTrain < 1) {
      throw new IllegalArgumentException(
          "Invalid initialTrain = " + initialTrain + "; must be >= 1");
    }
    if (masePeriod < 1) {
      throw new IllegalArgumentException("Invalid masePeriod = " + masePeriod + "; must be >= 1");
    }
  }
}
