package dev.hiss.forecasting;

import java.util.List;

/**
 * A forecasting method: fit on training series, then predict the next {@code horizon} rows from a
 * history. Baselines and (later) neural models implement it, so that evaluation and backtests share
 * one code path. Arrays hold target channels in original units; NaN marks a missing value.
 */
public interface Forecaster {
  /** Short name for reports, e.g. {@code "seasonal-naive(m=336)"}. */
  String name();

  /**
   * Fits on training data.
   *
   * @param training each {@code [T_s][C]}: the training part of one series
   * @param horizon h, the number of rows each prediction covers (>= 1)
   * @return the fitted predictor
   */
  Predictor fit(List<double[][]> training, int horizon);

  /** A fitted forecaster. */
  interface Predictor {
    /**
     * Predicts the rows after the history.
     *
     * @param history {@code [t][C]}: rows up to and including the forecast origin, nothing later
     * @return {@code [h][C]}; NaN where no forecast is possible (e.g. no observed value)
     */
    double[][] predict(double[][] history);
  }
}
