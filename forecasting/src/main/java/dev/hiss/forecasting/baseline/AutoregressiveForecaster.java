package dev.hiss.forecasting.baseline;

import dev.hiss.forecasting.Forecaster;
import java.util.ArrayList;
import java.util.List;

/**
 * Direct multi-horizon linear autoregression: one {@link LinearAutoregression} per channel and
 * horizon step k = 1..h, each fitted by least squares on the runs of the training series without
 * missing values. At prediction time a missing lag takes the last observed value before it.
 *
 * @param order number of lags p (>= 1)
 */
public record AutoregressiveForecaster(int order) implements Forecaster {
  /** Validates the order. */
  public AutoregressiveForecaster {
    if (order < 1) {
      throw new IllegalArgumentException("Invalid order = " + order + "; must be >= 1");
    }
  }

  @Override
  public String name() {
    return "linear-ar(p=" + order + ")";
  }

  @Override
  public Predictor fit(List<double[][]> training, int horizon) {
    Baselines.checkHorizon(horizon);
    int cs = Baselines.channels(null, training);
    LinearAutoregression[][] models = new LinearAutoregression[cs][horizon];
    for (int c = 0; c < cs; c++) {
      double[][] runs = observedRuns(training, c);
      for (int k = 1; k <= horizon; k++) {
        models[c][k - 1] = LinearAutoregression.fitLeastSquares("c" + c, runs, order, k);
      }
    }
    return history -> {
      double[][] out = new double[horizon][cs];
      double[] lags = new double[order];
      for (int c = 0; c < cs; c++) {
        int t = history.length - 1;
        boolean ok = t >= order - 1;
        for (int i = 0; ok && i < order; i++) {
          lags[order - 1 - i] = Baselines.lastObserved(history, c, t - i);
          ok = !Double.isNaN(lags[order - 1 - i]);
        }
        for (int k = 0; k < horizon; k++) {
          out[k][c] = ok ? models[c][k].predict(lags, order - 1) : Double.NaN;
        }
      }
      return out;
    };
  }

  /** Maximal runs of channel c without NaN, over all training series. */
  static double[][] observedRuns(List<double[][]> training, int c) {
    List<double[]> runs = new ArrayList<>();
    for (double[][] s : training) {
      int start = 0;
      for (int t = 0; t <= s.length; t++) {
        if (t == s.length || Double.isNaN(s[t][c])) {
          if (t > start) {
            double[] r = new double[t - start];
            for (int i = start; i < t; i++) {
              r[i - start] = s[i][c];
            }
            runs.add(r);
          }
          start = t + 1;
        }
      }
    }
    return runs.toArray(new double[0][]);
  }
}
