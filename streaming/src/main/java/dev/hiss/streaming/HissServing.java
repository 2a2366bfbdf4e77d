package dev.hiss.streaming;

import dev.hiss.model.hiss.HissForecaster;
import java.util.List;

/**
 * A HiSS model as the scorer serves it: the forecaster (model + preprocessing, raw units in and
 * out) and the names of the channels it reads and predicts (from the model file's provenance, as
 * written by {@code TrainHissJob}).
 *
 * @param forecaster the model with its preprocessing
 * @param inputs input channel names, in the model's input order
 * @param target the predicted channel (HiSS predicts one value per chunk)
 */
public record HissServing(HissForecaster forecaster, List<String> inputs, String target) {
  /** Validates that the names match the model's dimensions. */
  public HissServing {
    if (forecaster == null || inputs == null || target == null) {
      throw new IllegalArgumentException(
          "Invalid HiSS serving: forecaster, inputs, target required");
    }
    inputs = List.copyOf(inputs);
    if (inputs.size() != forecaster.rawInputDim()) {
      throw new IllegalArgumentException(
          "Invalid inputs = "
              + inputs
              + "; the model reads "
              + forecaster.rawInputDim()
              + " channels");
    }
  }

  /** Whether device state of this model fits {@code next} (same architecture and input width). */
  boolean sameStateAs(HissServing next) {
    return forecaster.model().config().equals(next.forecaster.model().config())
        && inputs.equals(next.inputs);
  }
}
