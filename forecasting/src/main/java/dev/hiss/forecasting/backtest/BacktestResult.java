package dev.hiss.forecasting.backtest;

import dev.hiss.forecasting.metric.MetricReport;
import java.util.List;

/**
 * What a rolling-origin backtest measured.
 *
 * @param forecaster the forecaster's name
 * @param origins one entry per (series, origin), in origin order
 * @param overall all origins together
 */
public record BacktestResult(String forecaster, List<OriginResult> origins, MetricReport overall) {
  /** Copies the list. */
  public BacktestResult {
    origins = List.copyOf(origins);
  }

  /**
   * One forecast.
   *
   * @param series the series id
   * @param origin index of the last row the forecast could see
   * @param forecast {@code [h][C]} in original units
   * @param metrics the errors of this forecast alone
   */
  public record OriginResult(
      String series, int origin, double[][] forecast, MetricReport metrics) {}
}
