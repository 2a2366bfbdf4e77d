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
 *   <li>{@link #QUANTILE}: Q values, the quantiles at the levels of {@link HissConfig#quantiles()}
 *       (non-crossing by cumulative softplus increments, {@link QuantileLoss}), trained with the
 *       pinball loss.
 * </ul>
 *
 * The raw head output of a model is {@code [.., D_out·HissConfig.outputsPerTarget()]}; for GAUSSIAN
 * each step holds the D_out means first, then the D_out raw variance parameters; for QUANTILE the
 * D_out raw values of each level in turn.
 */
public enum OutputHead {
  /** A point prediction per target channel. */
  POINT(1),
  /** A Gaussian (mean, raw variance parameter) per target channel. */
  GAUSSIAN(2),
  /** Quantiles at configured levels per target channel (as many outputs as levels). */
  QUANTILE(0);

  private final int outputsPerTarget;

  OutputHead(int outputsPerTarget) {
    this.outputsPerTarget = outputsPerTarget;
  }

  /**
   * Head outputs per target channel of a head without levels: 1 for POINT, 2 for GAUSSIAN.
   *
   * @throws IllegalStateException for QUANTILE, whose width depends on its levels
   */
  public int outputsPerTarget() {
    if (this == QUANTILE) {
      throw new IllegalStateException(
          "A QUANTILE head has one output per level; use outputsPerTarget(levels)");
    }
    return outputsPerTarget;
  }

  /**
   * Head outputs per target channel: 1 for POINT, 2 for GAUSSIAN, Q for QUANTILE.
   *
   * @param levels the quantile levels (used, and required, for QUANTILE only)
   * @return outputs per target channel (Q for QUANTILE)
   */
  public int outputsPerTarget(QuantileLevels levels) {
    if (this == QUANTILE) {
      if (levels == null) {
        throw new IllegalArgumentException(
            "Invalid quantiles = null; a QUANTILE head needs levels");
      }
      return levels.count();
    }
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
   * @param name "point", "gaussian" or "quantile"
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
    throw new IllegalArgumentException(
        "Invalid head = '" + name + "'; must be point, gaussian or quantile");
  }
}
