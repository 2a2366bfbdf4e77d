package dev.hiss.model.hiss;

import dev.hiss.model.hiss.internal.StandardNormal;
import java.util.Arrays;

/**
 * Losses of a {@link OutputHead#GAUSSIAN} head and its mapping to (mean, std).
 *
 * <p>Head layout: {@code h [batch, L_out, 2·D_out]}, each step the D_out means μ then the D_out raw
 * variance parameters r. The variance is σ² = softplus(r) + {@value #VARIANCE_FLOOR} (softplus, not
 * exp, so that a large residual cannot blow up the gradient, and the floor keeps σ &gt; 0; r = 0
 * gives σ² ≈ 0.69, a sensible start for normalized targets).
 *
 * <p>Both losses are averaged over the valid (step, channel) elements, as {@link MaskedMse}: the
 * mask is per step [batch, L_out]; masked (padded or missing) steps add nothing to the loss and get
 * a zero gradient. Arithmetic is in double; gradients are stored as float.
 */
public final class GaussianLoss {

  /** The variance floor σ²_min, in the model's (normalized) target units. */
  public static final double VARIANCE_FLOOR = 1e-6;

  private static final double HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);
  private static final double INV_SQRT_PI = 1 / Math.sqrt(Math.PI);

  private GaussianLoss() {}

  /** σ² = softplus(r) + {@value #VARIANCE_FLOOR}, softplus computed without overflow. */
  public static double variance(double raw) {
    double sp = raw > 0 ? raw + Math.log1p(Math.exp(-raw)) : Math.log1p(Math.exp(raw));
    return sp + VARIANCE_FLOOR;
  }

  private static double sigmoid(double r) {
    if (r >= 0) {
      return 1 / (1 + Math.exp(-r));
    }
    double e = Math.exp(r);
    return e / (1 + e);
  }

  /**
   * Splits a GAUSSIAN head output into means and standard deviations.
   *
   * @param head [rows, 2·D_out] (rows = batch·L_out)
   * @param outputDim D_out
   * @return mean and std, each [rows, D_out]
   */
  public static GaussianPrediction distribution(float[] head, int outputDim) {
    int steps = steps(head, outputDim);
    float[] mean = new float[steps * outputDim];
    float[] std = new float[steps * outputDim];
    for (int s = 0; s < steps; s++) {
      for (int d = 0; d < outputDim; d++) {
        mean[s * outputDim + d] = head[2 * s * outputDim + d];
        std[s * outputDim + d] = (float) Math.sqrt(variance(head[(2 * s + 1) * outputDim + d]));
      }
    }
    return new GaussianPrediction(mean, std);
  }

  /**
   * The means of a GAUSSIAN head output.
   *
   * @param head [rows, 2·D_out]
   * @param outputDim D_out
   * @return [rows, D_out]
   */
  public static float[] means(float[] head, int outputDim) {
    int steps = steps(head, outputDim);
    float[] mean = new float[steps * outputDim];
    for (int s = 0; s < steps; s++) {
      System.arraycopy(head, 2 * s * outputDim, mean, s * outputDim, outputDim);
    }
    return mean;
  }

  /**
   * Masked Gaussian negative log-likelihood, ½(log 2π + log σ² + (y − μ)²/σ²), averaged.
   *
   * @param head [batch, L_out, 2·D_out]
   * @param target y [batch, L_out, D_out]
   * @param mask valid steps [batch, L_out], or null for all valid
   * @param outputDim D_out
   * @param grad receives dL/dh [batch, L_out, 2·D_out] (zero at masked steps), or null
   * @return the mean NLL over valid elements, 0 when none is valid
   */
  public static double nll(
      float[] head, float[] target, boolean[] mask, int outputDim, float[] grad) {
    return loss(head, target, mask, outputDim, grad, false);
  }

  /**
   * Masked closed-form Gaussian CRPS, σ[z(2Φ(z) − 1) + 2φ(z) − 1/√π] with z = (y − μ)/σ, averaged.
   *
   * @param head [batch, L_out, 2·D_out]
   * @param target y [batch, L_out, D_out]
   * @param mask valid steps [batch, L_out], or null for all valid
   * @param outputDim D_out
   * @param grad receives dL/dh [batch, L_out, 2·D_out] (zero at masked steps), or null
   * @return the mean CRPS over valid elements, 0 when none is valid
   */
  public static double crps(
      float[] head, float[] target, boolean[] mask, int outputDim, float[] grad) {
    return loss(head, target, mask, outputDim, grad, true);
  }

  /**
   * One NLL term and its derivatives.
   *
   * @param d receives {dℓ/dμ, dℓ/dr}, or null
   */
  static double nllTerm(double mu, double raw, double y, double[] d) {
    double v = variance(raw);
    double e = y - mu;
    if (d != null) {
      d[0] = -e / v;
      d[1] = 0.5 * (1 / v - e * e / (v * v)) * sigmoid(raw);
    }
    return HALF_LOG_2PI + 0.5 * (Math.log(v) + e * e / v);
  }

  /**
   * One CRPS term and its derivatives.
   *
   * @param d receives {dc/dμ, dc/dr}, or null
   */
  static double crpsTerm(double mu, double raw, double y, double[] d) {
    double sigma = Math.sqrt(variance(raw));
    double z = (y - mu) / sigma;
    double cdf = StandardNormal.cdf(z);
    double pdf = StandardNormal.pdf(z);
    if (d != null) {
      d[0] = 1 - 2 * cdf;
      d[1] = (2 * pdf - INV_SQRT_PI) * sigmoid(raw) / (2 * sigma);
    }
    return sigma * (z * (2 * cdf - 1) + 2 * pdf - INV_SQRT_PI);
  }

  private static double loss(
      float[] head, float[] target, boolean[] mask, int outputDim, float[] grad, boolean crps) {
    int steps = steps(head, outputDim);
    if (target == null || target.length != steps * outputDim) {
      throw new IllegalArgumentException(
          "Invalid target length = "
              + (target == null ? "null" : target.length)
              + "; must be batch·L_out·D_out = "
              + steps * outputDim);
    }
    if (mask != null && mask.length != steps) {
      throw new IllegalArgumentException(
          "Invalid mask length = " + mask.length + "; must be batch·L_out = " + steps);
    }
    if (grad != null) {
      if (grad.length != head.length) {
        throw new IllegalArgumentException(
            "Invalid grad length = " + grad.length + "; must be " + head.length);
      }
      Arrays.fill(grad, 0f);
    }
    int valid = 0;
    for (int s = 0; s < steps; s++) {
      valid += mask == null || mask[s] ? 1 : 0;
    }
    if (valid == 0) {
      return 0;
    }
    double norm = (double) valid * outputDim;
    double[] d = grad == null ? null : new double[2];
    double sum = 0;
    for (int s = 0; s < steps; s++) {
      if (mask != null && !mask[s]) {
        continue;
      }
      for (int c = 0; c < outputDim; c++) {
        int mi = 2 * s * outputDim + c;
        int ri = mi + outputDim;
        double y = target[s * outputDim + c];
        sum += crps ? crpsTerm(head[mi], head[ri], y, d) : nllTerm(head[mi], head[ri], y, d);
        if (grad != null) {
          grad[mi] = (float) (d[0] / norm);
          grad[ri] = (float) (d[1] / norm);
        }
      }
    }
    return sum / norm;
  }

  private static int steps(float[] head, int outputDim) {
    if (outputDim <= 0) {
      throw new IllegalArgumentException("Invalid outputDim = " + outputDim + "; must be > 0");
    }
    if (head == null || head.length % (2 * outputDim) != 0) {
      throw new IllegalArgumentException(
          "Invalid Gaussian head length = "
              + (head == null ? "null" : head.length)
              + "; must be a multiple of 2·D_out = "
              + 2 * outputDim);
    }
    return head.length / (2 * outputDim);
  }
}
