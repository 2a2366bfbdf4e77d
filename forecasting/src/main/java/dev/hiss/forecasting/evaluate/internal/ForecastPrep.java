package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.Forecaster;
import dev.hiss.forecasting.baseline.ArxForecaster;
import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.data.Series;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.data.SplitFractions;
import dev.hiss.forecasting.data.TimeSplit;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.metric.ForecastErrors;
import dev.hiss.forecasting.metric.Scores;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The forecast task: each series' rows split in time order; baselines fit on the training rows of
 * the targets; test windows have origins {@code o = testStart − 1, + h, …} with {@code o + h}
 * inside the test part, history the target rows up to and including o, truth rows {@code o+1 …
 * o+h}.
 */
public final class ForecastPrep {
  private final int horizon;
  private final int historyCap;
  private final List<Series> series = new ArrayList<>();
  private final List<TimeSplit> splits = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private final Normalizer targetNorm;
  private int windows;

  /**
   * Splits and counts the windows.
   *
   * @throws BadRequestException when no series gives a non-empty test window
   */
  public ForecastPrep(SeriesTable table, int horizon, int historyCap, SplitFractions split) {
    this.horizon = horizon;
    this.historyCap = historyCap;
    List<MaskedArray> train = new ArrayList<>();
    for (Series s : table.series()) {
      TimeSplit ts;
      try {
        ts = TimeSplit.of(s, split);
      } catch (IllegalArgumentException e) {
        skipped.add(s.id());
        continue;
      }
      int w = windowCount(ts);
      if (w == 0 || ts.validation().length() == 0) {
        skipped.add(s.id());
        continue;
      }
      windows += w;
      series.add(s);
      splits.add(ts);
      train.add(s.targets().slice(0, ts.train().end()));
    }
    if (series.isEmpty()) {
      throw new BadRequestException(
          "Invalid --split or --horizon = "
              + horizon
              + ": no series has a validation part and a test part of at least h rows");
    }
    try {
      targetNorm = Normalizer.fit(train);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Invalid data: " + e.getMessage() + " in the training part", e);
    }
  }

  private int windowCount(TimeSplit ts) {
    int len = ts.test().length();
    return len < horizon ? 0 : len / horizon;
  }

  public Normalizer targetNorm() {
    return targetNorm;
  }

  public int windows() {
    return windows;
  }

  public int seriesUsed() {
    return series.size();
  }

  public List<String> skipped() {
    return skipped;
  }

  /** Rows in no training, validation or test window. */
  public long unusedRows(SeriesTable table) {
    long used = 0;
    for (int i = 0; i < series.size(); i++) {
      TimeSplit ts = splits.get(i);
      used += ts.test().start() + (long) windowCount(ts) * horizon;
    }
    return table.rows() - used;
  }

  /**
   * Fits a baseline and scores it on every test window.
   *
   * @param sample receives channel 0 of the first series' first test windows, concatenated
   */
  public void score(Forecaster f, ForecastErrors errors, double[] sample) {
    Forecaster.Predictor p = f.fit(trainingTargets(), horizon);
    scoreWith((i, history, origin) -> p.predict(history), errors, sample);
  }

  /**
   * Fits the ARX baseline on the training rows (targets and covariates) and scores it on every test
   * window: a window of origin o gets the target rows up to o and the covariates of rows o+1 … o+h.
   *
   * @param sample receives channel 0 of the first series' first test windows, concatenated
   */
  public void scoreArx(
      ArxForecaster f, ForecastCovariates cov, ForecastErrors errors, double[] sample) {
    List<double[][]> covTraining = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      covTraining.add(Arrays.copyOf(cov.raw(i), splits.get(i).train().end()));
    }
    ArxForecaster.Predictor p;
    try {
      p = f.fit(trainingTargets(), covTraining, horizon);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException("Cannot fit arx: " + e.getMessage(), e);
    }
    scoreWith(
        (i, history, o) ->
            p.predict(history, Arrays.copyOfRange(cov.raw(i), o + 1, o + 1 + horizon)),
        errors,
        sample);
  }

  private List<double[][]> trainingTargets() {
    List<double[][]> training = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      training.add(
          Arrays.copyOf(series.get(i).targets().copyValues(), splits.get(i).train().end()));
    }
    return training;
  }

  /** A forecast of the h rows after origin o of used series i from its target history. */
  private interface WindowForecast {
    double[][] predict(int series, double[][] history, int origin);
  }

  private void scoreWith(WindowForecast p, ForecastErrors errors, double[] sample) {
    List<double[][]> training = trainingTargets();
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      double[][] all = s.targets().values();
      double[] scale = Scores.naiveScales(training.get(i), targetNorm.channels(), 1);
      int[] origins = testOrigins(i);
      for (int w = 0; w < origins.length; w++) {
        int o = origins[w];
        double[][] pred =
            p.predict(i, Arrays.copyOfRange(all, Math.max(0, o + 1 - historyCap), o + 1), o);
        MaskedArray truth = s.targets().slice(o + 1, o + 1 + horizon);
        errors.addPoint(s.id(), scale, pred, truth.values(), truth.present());
        for (int r = 0; i == 0 && r < horizon && w * horizon + r < sample.length; r++) {
          sample[w * horizon + r] = pred[r][0];
        }
      }
    }
  }

  /**
   * Origins of the test windows of used series i: {@code testStart − 1 + w·h} for every w with all
   * h truth rows inside the test part.
   */
  public int[] testOrigins(int i) {
    TimeSplit ts = splits.get(i);
    int[] out = new int[windowCount(ts)];
    for (int w = 0; w < out.length; w++) {
      out[w] = ts.test().start() - 1 + w * horizon;
    }
    return out;
  }

  /** The used series, in file order. */
  public List<Series> series() {
    return series;
  }

  /** The time split of each used series. */
  public List<TimeSplit> splits() {
    return splits;
  }

  public int horizon() {
    return horizon;
  }

  /** The MASE scale (in-sample naive MAE of the training rows) of used series i, {@code [C]}. */
  public double[] maseScale(int i) {
    double[][] training =
        Arrays.copyOf(series.get(i).targets().copyValues(), splits.get(i).train().end());
    return Scores.naiveScales(training, targetNorm.channels(), 1);
  }

  /** Channel 0 of the first series' test windows in order, at most {@code max} values. */
  public double[] sampleActual(int max) {
    Series s = series.get(0);
    TimeSplit ts = splits.get(0);
    int n = Math.min(max, windowCount(ts) * horizon);
    double[] out = new double[n];
    for (int r = 0; r < n; r++) {
      out[r] = s.targets().values()[ts.test().start() + r][0];
    }
    return out;
  }

  public String sampleSeries() {
    return series.get(0).id();
  }
}
