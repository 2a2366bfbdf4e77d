package dev.hiss.streaming;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import java.util.function.UnaryOperator;

/**
 * The small HiSS forecaster the scorer's tests serve: preset {@code tiny} (k = 10, untrained, seed
 * 11) over inputs a and b (2 raw inputs and their deltas), input statistics fixed by hand, target
 * statistics m = 5, s = 0.5.
 */
public final class TinyHiss {
  private TinyHiss() {}

  /** The tiny point model. */
  public static HissForecaster forecaster() {
    return forecaster(c -> c);
  }

  /** The tiny model with {@code variant} applied to its config (a head, quantiles, Δt input). */
  public static HissForecaster forecaster(UnaryOperator<HissConfig> variant) {
    HissModel model = new HissModel(variant.apply(HissPresets.preset("tiny", 4, 1)), 11);
    HissPreprocessing pre =
        new HissPreprocessing(
            2,
            true,
            3000,
            new float[] {1, -1, 0, 0},
            new float[] {2, 3, 1, 1},
            new float[] {5},
            new float[] {0.5f});
    return new HissForecaster(model, pre);
  }
}
