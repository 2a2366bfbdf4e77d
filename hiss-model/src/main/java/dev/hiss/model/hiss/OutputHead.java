package dev.hiss.model.hiss;

import java.util.Locale;

/**
 * What the head of a {@link HissModel} predicts per target channel.
 *
 * <ul>
 *   <li>{@link #POINT}: one value, the prediction ŷ (trained with {@link MaskedMse}).
 *   <li>{@link #GAUSSIAN}: two values, the mean μ and a raw variance parameter r of a Gaussian N(μ,
 *       σ²) with σ² = softplus(r) + {@value GaussianLoss#VARIANCE_FLOOR} ({@link
 *       GaussianLoss#variance(double)}), trained with the Gaussian negative log-likelihood or CRPS
 *       ({@link TrainingLoss}).
 * </ul>
 *
 * The raw head output of a model is {@code [.., D_out·outputsPerTarget()]}; for GAUSSIAN each step
 * holds the D_out means first, then the D_out raw variance parameters.
 */
public enum OutputHead {
  /** A point prediction per target channel. */
  POINT(1),
  /** A Gaussian (mean, raw variance parameter) per target channel. */
  GAUSSIAN(2);

  private final int outputsPerTarget;

  OutputHead(int outputsPerTarget) {
    this.outputsPerTarget = outputsPerTarget;
  }

  /** Head outputs per target channel: 1 for POINT, 2 for GAUSSIAN. */
  public int outputsPerTarget() {
    return outputsPerTarget;
  }

  /** Whether the head predicts a distribution. */
  public boolean probabilistic() {
    return this != POINT;
  }

  /** The command-line name, e.g. {@code "gaussian"}. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses a head name, case-insensitively.
   *
   * @param name "point" or "gaussian"
   * @return the head
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static OutputHead parse(String name) {
    if (name != null) {
      for (OutputHead h : values()) {
        if (h.name().equalsIgnoreCase(name.strip())) {
          return h;
        }
      }
    }
    throw new IllegalArgumentException("Invalid head = '" + name + "'; must be point or gaussian");
  }
}
