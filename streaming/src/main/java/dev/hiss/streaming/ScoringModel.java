package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import java.util.List;

/**
 * The model the scorer serves, with the version every prediction it produces carries: a linear
 * autoregression ({@code model}) or a HiSS model ({@code hiss}), exactly one of them.
 *
 * @param model the autoregression, or null when serving HiSS
 * @param version its version: the first 12 hex digits of the model file's SHA-256
 * @param hiss the HiSS model, or null when serving an autoregression
 */
public record ScoringModel(LinearAutoregression model, String version, HissServing hiss) {
  /** Rejects a missing or doubled model and a blank version. */
  public ScoringModel {
    if ((model == null) == (hiss == null)) {
      throw new IllegalArgumentException("Invalid scoring model: give an autoregression or HiSS");
    }
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("Invalid version = '" + version + "'");
    }
  }

  /** An autoregression to serve. */
  public ScoringModel(LinearAutoregression model, String version) {
    this(model, version, null);
  }

  /** A HiSS model to serve. */
  public static ScoringModel hiss(HissServing hiss, String version) {
    return new ScoringModel(null, version, hiss);
  }

  /** The channels every event must carry for this model. */
  public List<String> requiredChannels() {
    return hiss != null ? hiss.inputs() : List.of(model.channel());
  }

  /** The channel this model predicts. */
  public String targetChannel() {
    return hiss != null ? hiss.target() : model.channel();
  }

  /**
   * Whether per-device state kept for this model can be carried over to {@code next}: two
   * autoregressions of the same order (window length), or two HiSS models of the same architecture
   * and inputs.
   */
  public boolean sameWindowAs(ScoringModel next) {
    if (model != null && next.model != null) {
      return model.order() == next.model.order();
    }
    return hiss != null && next.hiss != null && hiss.sameStateAs(next.hiss);
  }
}
