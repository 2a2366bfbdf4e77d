package dev.hiss.streaming;

import dev.hiss.model.hiss.HissForecaster;
import java.util.List;

/**
 * A HiSS model as the scorer serves it: the forecaster (model + preprocessing, raw units in and
 * out) and the names of the channels it reads and predicts (from the model file's provenance, as
 * written by {@code TrainHissJob}).
 *
 * <p>A model with Δt input ({@link dev.hiss.model.hiss.HissConfig#dt()}) must record its nominal
 * sampling gap ({@link HissForecaster#nominalGapSeconds()}, written by {@code ./hiss train --dt}):
 * the scorer forms each event's Δt scale from the gap between its event time and the device's
 * previous one.
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
    if (forecaster.model().config().dt() && !forecaster.hasNominalGap()) {
      throw new IllegalArgumentException(
          "the model takes a Δt input but records no nominal sampling gap (nominalGapSeconds),"
              + " so Δt scales cannot be formed from event times; train it with ./hiss train --dt");
    }
  }

  /** Whether the model takes a Δt input (each event's gap to the previous one / nominal gap). */
  public boolean dt() {
    return forecaster.model().config().dt();
  }

  /** Whether device state of this model fits {@code next} (same architecture and input width). */
  boolean sameStateAs(HissServing next) {
    return forecaster.model().config().equals(next.forecaster.model().config())
        && inputs.equals(next.inputs);
  }
}
