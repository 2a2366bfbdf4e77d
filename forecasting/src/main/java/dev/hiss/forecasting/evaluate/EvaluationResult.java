package dev.hiss.forecasting.evaluate;

import java.util.List;

/**
 * The outcome of {@link Evaluator#run}.
 *
 * @param request what was run
 * @param data what was read and used
 * @param models one result per requested model, in request order
 * @param budgetCut whether the time budget cut the training of any model short
 * @param targetScale per target channel, the training mean and std used for normalized units
 * @param sampleSeries the series of the sample test episode used in plots
 * @param sampleActual target channel 0 on the sample test episode, original units (NaN where
 *     missing)
 */
public record EvaluationResult(
    EvaluateRequest request,
    DataSummary data,
    List<ModelResult> models,
    boolean budgetCut,
    double[][] targetScale,
    String sampleSeries,
    double[] sampleActual) {
  /** Copies the list and the array. */
  public EvaluationResult {
    models = List.copyOf(models);
    sampleActual = sampleActual.clone();
  }

  /** The result of a model by command-line name. */
  public ModelResult model(String name) {
    return models.stream()
        .filter(m -> m.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No result for model '" + name + "'"));
  }
}
