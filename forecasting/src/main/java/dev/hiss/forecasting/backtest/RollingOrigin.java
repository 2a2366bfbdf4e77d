package dev.hiss.forecasting.backtest;

import dev.hiss.forecasting.Forecaster;
import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.data.Series;
import dev.hiss.forecasting.metric.ForecastErrors;
import dev.hiss.forecasting.metric.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rolling-origin evaluation of a {@link Forecaster} on the targets of one or more series that share
 * a common row index (e.g. aligned sensors). A forecast at origin o is made from rows {@code 0..o}
 * only, and the predictor it uses was fitted on rows {@code 0..o} (refit) or {@code
 * 0..initialTrain−1} (no refit) of every series; rows after o are never passed to the forecaster.
 */
public final class RollingOrigin {
  private final BacktestConfig config;

  public RollingOrigin(BacktestConfig config) {
    this.config = config;
  }

  /**
   * Runs the backtest.
   *
   * @param series target arrays {@code [T_s][C]} with the channel names
   * @throws IllegalArgumentException when no series is long enough for one origin
   */
  public BacktestResult run(Forecaster forecaster, List<Series> series, List<String> channels) {
    int h = config.horizon();
    int n0 = config.initialTrain();
    List<MaskedArray> trainParts = new ArrayList<>();
    int maxRows = 0;
    for (Series s : series) {
      if (s.targets().columns() != channels.size()) {
        throw new IllegalArgumentException(
            "Series '" + s.id() + "' has " + s.targets().columns() + " target channels");
      }
      if (s.rows() < n0 + h) {
        throw new IllegalArgumentException(
            "Series '"
                + s.id()
                + "' of "
                + s.rows()
                + " rows is too short for initialTrain "
                + n0
                + " + horizon "
                + h);
      }
      trainParts.add(s.targets().slice(0, n0));
      maxRows = Math.max(maxRows, s.rows());
    }
    double[] std = Normalizer.fit(trainParts).std();
    double[][] scales = new double[series.size()][];
    for (int i = 0; i < series.size(); i++) {
      scales[i] =
          Scores.naiveScales(trainParts.get(i).values(), channels.size(), config.masePeriod());
    }
    ForecastErrors overall = new ForecastErrors(channels, std);
    List<BacktestResult.OriginResult> results = new ArrayList<>();
    Forecaster.Predictor predictor =
        config.refit() ? null : forecaster.fit(prefixes(series, n0), h);
    for (int o = n0 - 1; o + h < maxRows; o += config.step()) {
      if (config.refit()) {
        predictor = forecaster.fit(prefixes(series, o + 1), h);
      }
      for (int i = 0; i < series.size(); i++) {
        Series s = series.get(i);
        if (o + h >= s.rows()) {
          continue;
        }
        double[][] forecast = predictor.predict(rows(s.targets(), 0, o + 1));
        if (forecast.length != h) {
          throw new IllegalStateException(
              forecaster.name() + " returned " + forecast.length + " rows; expected " + h);
        }
        double[][] actual = rows(s.targets(), o + 1, o + 1 + h);
        boolean[][] present = Arrays.copyOfRange(s.targets().present(), o + 1, o + 1 + h);
        ForecastErrors one = new ForecastErrors(channels, std);
        one.addPoint(s.id(), scales[i], forecast, actual, present);
        overall.merge(one);
        results.add(new BacktestResult.OriginResult(s.id(), o, forecast, one.report()));
      }
    }
    return new BacktestResult(forecaster.name(), results, overall.report());
  }

  /** Rows {@code 0..end-1} of every series' targets (fewer when a series is shorter). */
  private static List<double[][]> prefixes(List<Series> series, int end) {
    List<double[][]> out = new ArrayList<>();
    for (Series s : series) {
      out.add(rows(s.targets(), 0, Math.min(end, s.rows())));
    }
    return out;
  }

  private static double[][] rows(MaskedArray a, int start, int end) {
    return a.slice(start, end).values();
  }
}
