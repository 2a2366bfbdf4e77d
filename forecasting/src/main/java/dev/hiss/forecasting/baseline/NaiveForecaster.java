package dev.hiss.forecasting.baseline;

import dev.hiss.forecasting.Forecaster;
import java.util.List;

/** Naive forecast: every future row equals the last observed value of its channel. */
public final class NaiveForecaster implements Forecaster {
  @Override
  public String name() {
    return "naive";
  }

  @Override
  public Predictor fit(List<double[][]> training, int horizon) {
    Baselines.checkHorizon(horizon);
    return history -> {
      int cs = Baselines.channels(history, training);
      double[][] out = new double[horizon][cs];
      for (int c = 0; c < cs; c++) {
        double last = Baselines.lastObserved(history, c, history.length - 1);
        for (int k = 0; k < horizon; k++) {
          out[k][c] = last;
        }
      }
      return out;
    };
  }
}
