package dev.hiss.forecasting.baseline;

import dev.hiss.forecasting.Forecaster;
import java.util.List;

/**
 * Mean forecast: every future row equals the mean of the observed training values of its channel
 * (pooled over all training series). The history is not used.
 */
public final class MeanForecaster implements Forecaster {
  @Override
  public String name() {
    return "mean";
  }

  @Override
  public Predictor fit(List<double[][]> training, int horizon) {
    Baselines.checkHorizon(horizon);
    int cs = Baselines.channels(null, training);
    double[] sum = new double[cs];
    long[] n = new long[cs];
    for (double[][] s : training) {
      for (double[] row : s) {
        for (int c = 0; c < cs; c++) {
          if (!Double.isNaN(row[c])) {
            sum[c] += row[c];
            n[c]++;
          }
        }
      }
    }
    double[] mean = new double[cs];
    for (int c = 0; c < cs; c++) {
      mean[c] = n[c] == 0 ? Double.NaN : sum[c] / n[c];
    }
    return history -> {
      double[][] out = new double[horizon][];
      for (int k = 0; k < horizon; k++) {
        out[k] = mean.clone();
      }
      return out;
    };
  }
}
