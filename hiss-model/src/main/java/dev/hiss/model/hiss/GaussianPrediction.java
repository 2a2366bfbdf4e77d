package dev.hiss.model.hiss;

import dev.hiss.model.hiss.internal.StandardNormal;

/**
 * Gaussian predictions N(mean, std²), element by element: both arrays have the same shape, {@code
 * [batch, L_out, D_out]} from {@link HissModel#predictDistribution} and {@link
 * HissForecaster#predictDistribution}, {@code [batch, D_out]} from {@link
 * HissStepModel#stepDistribution}.
 *
 * @param mean μ, row-major
 * @param std σ &gt; 0, row-major, same length as {@code mean}
 */
public record GaussianPrediction(float[] mean, float[] std) {

  /** Checks the lengths. */
  public GaussianPrediction {
    if (mean == null || std == null || mean.length != std.length) {
      throw new IllegalArgumentException(
          "Invalid mean/std lengths = "
              + (mean == null ? "null" : mean.length)
              + "/"
              + (std == null ? "null" : std.length)
              + "; must be equal");
    }
  }

  /**
   * The z-score of a central interval: Φ⁻¹((1 + level)/2), e.g. 1.6448536… for 0.9.
   *
   * @param level coverage in (0, 1)
   * @return z &gt; 0
   */
  public static double zScore(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid level = " + level + "; must be in (0, 1)");
    }
    return StandardNormal.quantile((1 + level) / 2);
  }

  /**
   * Lower ends of the central interval of probability {@code level}: μ − z·σ.
   *
   * @param level coverage in (0, 1), e.g. 0.9
   * @return same shape as {@link #mean()}
   */
  public float[] lower(double level) {
    return bound(-zScore(level));
  }

  /**
   * Upper ends of the central interval of probability {@code level}: μ + z·σ.
   *
   * @param level coverage in (0, 1), e.g. 0.9
   * @return same shape as {@link #mean()}
   */
  public float[] upper(double level) {
    return bound(zScore(level));
  }

  private float[] bound(double z) {
    float[] out = new float[mean.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) (mean[i] + z * std[i]);
    }
    return out;
  }
}
