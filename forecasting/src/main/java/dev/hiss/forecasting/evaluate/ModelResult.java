package dev.hiss.forecasting.evaluate;

import dev.hiss.forecasting.metric.MetricReport;
import java.util.List;

/**
 * The test scores and training record of one model.
 *
 * @param name the model's command-line name
 * @param description the model's shape, e.g. {@code "hiss tiny k=10"}
 * @param metrics test metrics in original and normalized units, with counts
 * @param trainSeconds wall-clock seconds spent fitting (training and validation passes)
 * @param params number of fitted scalar parameters
 * @param epochsRun epochs started (the last may be partial when the budget cut it)
 * @param bestEpoch 1-based epoch with the lowest validation loss, whose weights were scored; 0 for
 *     a baseline
 * @param budgetCut whether the time budget stopped training before the requested epochs
 * @param trainLoss mean training loss of each epoch (normalized units)
 * @param validationLoss validation loss after each epoch (normalized units)
 * @param samplePrediction the prediction of target channel 0 on the sample test episode, original
 *     units (NaN where none)
 * @param sampleLower lower end of the central {@value
 *     dev.hiss.forecasting.metric.ForecastErrors#INTERVAL_LEVEL} interval of a Gaussian model, or
 *     the lowest quantile of a quantile model, on the same episode (all NaN for a point model)
 * @param sampleUpper the upper end (the highest quantile), likewise
 */
public record ModelResult(
    String name,
    String description,
    MetricReport metrics,
    double trainSeconds,
    long params,
    int epochsRun,
    int bestEpoch,
    boolean budgetCut,
    List<Double> trainLoss,
    List<Double> validationLoss,
    double[] samplePrediction,
    double[] sampleLower,
    double[] sampleUpper) {
  /** Copies the lists and the arrays; the bands must be as long as the prediction. */
  public ModelResult {
    trainLoss = List.copyOf(trainLoss);
    validationLoss = List.copyOf(validationLoss);
    samplePrediction = samplePrediction.clone();
    sampleLower = sampleLower.clone();
    sampleUpper = sampleUpper.clone();
    if (sampleLower.length != samplePrediction.length
        || sampleUpper.length != samplePrediction.length) {
      throw new IllegalArgumentException(
          "Invalid sample band lengths = "
              + sampleLower.length
              + "/"
              + sampleUpper.length
              + "; must be "
              + samplePrediction.length);
    }
  }

  /** A result of a point model (no interval band). */
  public ModelResult(
      String name,
      String description,
      MetricReport metrics,
      double trainSeconds,
      long params,
      int epochsRun,
      int bestEpoch,
      boolean budgetCut,
      List<Double> trainLoss,
      List<Double> validationLoss,
      double[] samplePrediction) {
    this(
        name,
        description,
        metrics,
        trainSeconds,
        params,
        epochsRun,
        bestEpoch,
        budgetCut,
        trainLoss,
        validationLoss,
        samplePrediction,
        nan(samplePrediction.length),
        nan(samplePrediction.length));
  }

  private static double[] nan(int n) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Double.NaN);
    return a;
  }

  /** Whether this model gave quantile forecasts, scored by pinball loss and per-level coverage. */
  public boolean quantile() {
    return !metrics.overall().quantileCoverage().isEmpty();
  }

  /** Whether this model gave probabilistic (Gaussian or quantile) forecasts, scored by CRPS. */
  public boolean probabilistic() {
    return metrics.overall().original().crpsValues() > 0;
  }
}
