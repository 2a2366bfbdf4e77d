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
    double[] samplePrediction) {
  /** Copies the lists and the array. */
  public ModelResult {
    trainLoss = List.copyOf(trainLoss);
    validationLoss = List.copyOf(validationLoss);
    samplePrediction = samplePrediction.clone();
  }
}
