package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;

/**
 * The model the scorer serves, with the version every prediction it produces carries.
 *
 * @param model the forecaster
 * @param version its version: the model file's SHA-256 checksum when it was loaded from a file
 */
public record ScoringModel(LinearAutoregression model, String version) {
  /** Rejects nulls and a blank version. */
  public ScoringModel {
    if (model == null) {
      throw new IllegalArgumentException("Invalid model = null");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("Invalid version = '" + version + "'");
    }
  }

  /**
   * Whether per-device state kept for this model can be carried over to {@code next}: the same
   * order (window length). The channel is the same for every model a scorer accepts.
   */
  public boolean sameWindowAs(ScoringModel next) {
    return model.order() == next.model.order();
  }
}
