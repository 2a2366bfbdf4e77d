package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.Forecaster;
import dev.hiss.forecasting.baseline.AutoregressiveForecaster;
import dev.hiss.forecasting.baseline.MeanForecaster;
import dev.hiss.forecasting.baseline.NaiveForecaster;
import dev.hiss.forecasting.baseline.SeasonalNaiveForecaster;
import dev.hiss.forecasting.evaluate.ModelKind;
import dev.hiss.forecasting.metric.ForecastErrors;
import dev.hiss.forecasting.metric.Scores;
import dev.hiss.forecasting.task.Seq2SeqSample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The point baselines ({@link Forecaster}s) in an evaluation. In the seq2seq task they forecast
 * each low-rate target one step ahead from the past low-rate targets of its series (target-history
 * baselines: they see past targets, which the neural seq2seq models do not).
 */
public final class BaselineScoring {
  /** The most past rows a baseline sees per prediction. */
  public static final int HISTORY_CAP = 4096;

  private BaselineScoring() {}

  /** The forecaster of a baseline model kind. */
  public static Forecaster forecaster(ModelKind kind, int period, int arOrder) {
    return switch (kind) {
      case NAIVE -> new NaiveForecaster();
      case SEASONAL -> new SeasonalNaiveForecaster(period);
      case MEAN -> new MeanForecaster();
      case AR -> new AutoregressiveForecaster(arOrder);
      default -> throw new IllegalArgumentException("Not a baseline: " + kind);
    };
  }

  /** Fitted scalars: 0 (naive, seasonal), C (mean), C·h·(p + 1) (ar). */
  public static long params(ModelKind kind, int channels, int horizon, int arOrder) {
    return switch (kind) {
      case MEAN -> channels;
      case AR -> (long) channels * horizon * (arOrder + 1);
      default -> 0;
    };
  }

  /** Per series, the MASE scale (in-sample naive MAE) of its low-rate training targets. */
  public static Map<String, double[]> maseScales(Seq2SeqPrep prep) {
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, double[][]> e : prep.lowRate().entrySet()) {
      double[][] tr = Arrays.copyOf(e.getValue(), prep.trainLowEnd().get(e.getKey()));
      int cs = prep.targetNorm().channels();
      out.put(e.getKey(), Scores.naiveScales(tr, cs, 1));
    }
    return out;
  }

  /**
   * Scores a baseline on the seq2seq test episodes.
   *
   * @param errors receives the test errors
   * @param sample receives the prediction of channel 0 on test episode 0 ({@code [L_out]})
   */
  public static void scoreSeq2Seq(
      Forecaster f,
      Seq2SeqPrep prep,
      Map<String, double[]> scales,
      ForecastErrors errors,
      double[] sample) {
    List<double[][]> training = new ArrayList<>();
    for (Map.Entry<String, double[][]> e : prep.lowRate().entrySet()) {
      training.add(Arrays.copyOf(e.getValue(), prep.trainLowEnd().get(e.getKey())));
    }
    Forecaster.Predictor p = f.fit(training, 1);
    int k = prep.chunk();
    for (int i = 0; i < prep.test().size(); i++) {
      Seq2SeqSample e = prep.test().get(i);
      double[][] low = prep.lowRate().get(e.series());
      int g0 = e.start() / k;
      double[][] pred = new double[e.target().rows()][];
      for (int j = 0; j < pred.length; j++) {
        int g = g0 + j;
        pred[j] = p.predict(Arrays.copyOfRange(low, Math.max(0, g - HISTORY_CAP), g))[0];
        if (i == 0) {
          sample[j] = pred[j][0];
        }
      }
      errors.addPoint(
          e.series(), scales.get(e.series()), pred, e.target().values(), e.target().present());
    }
  }
}
