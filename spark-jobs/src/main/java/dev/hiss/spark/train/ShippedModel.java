package dev.hiss.spark.train;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import java.io.Serializable;

/**
 * A {@link HissModel}'s configuration and weights in serializable form, to ship to executors in a
 * closure or broadcast ({@link HissModel} itself is not serializable).
 */
public final class ShippedModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final ConfigSpec spec;
  private final float[] weights;

  /**
   * Captures a model's current weights.
   *
   * @param model the model
   */
  public ShippedModel(HissModel model) {
    this.spec = new ConfigSpec(model.config());
    this.weights = FlatParams.values(model);
  }

  /** Returns the model's configuration. */
  public HissConfig config() {
    return spec.config();
  }

  /** Builds a fresh model instance with the captured weights. */
  public HissModel build() {
    HissModel m = new HissModel(spec.config(), 0);
    FlatParams.setValues(m, weights);
    m.refresh();
    return m;
  }
}
