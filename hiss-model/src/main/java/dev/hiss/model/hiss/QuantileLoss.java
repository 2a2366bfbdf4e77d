package dev.hiss.model.hiss;

import java.util.Arrays;

/**
 * The pinball loss of a {@link OutputHead#QUANTILE} head and its mapping to quantiles.
 *
 * <p>Head layout: {@code h [batch, L_out, Q·D_out]}, each step level-major: the D_out raw values
 * a_1 of level τ_1, then the D_out raw values a_2 of τ_2, and so on. <b>Non-crossing</b> by
 * construction (cumulative softplus increments): q_1 = a_1 and q_j = q_{j−1} + softplus(a_j) for j
 * ≥ 2, so q_1 &lt; q_2 &lt; … &lt; q_Q for every raw output (softplus &gt; 0), with no sorting
 * (whose gradient would jump when two outputs swap). The chain rule: with g_j = ∂L/∂q_j, ∂L/∂a_1 =
 * Σ_j g_j and ∂L/∂a_j = sigmoid(a_j)·Σ_{i≥j} g_i for j ≥ 2.
 *
 * <p>Loss: the pinball loss ρ_τ(y − q) = τ·(y − q) for y ≥ q, (1 − τ)·(q − y) otherwise, averaged
 * over levels and over the valid (step, channel) elements: the mask is per step {@code [batch,
 * L_out]}; masked steps and non-finite targets add nothing and get a zero gradient. Its minimizer
 * over q is the τ-quantile of y. Arithmetic is in double; gradients are stored as float.
 */
public final class QuantileLoss {

  private QuantileLoss() {}

  /** softplus(a) = log(1 + e^a), without overflow. */
  static double softplus(double a) {
    return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
  }

  private static double sigmoid(double a) {
    if (a >= 0) {
      return 1 / (1 + Math.exp(-a));
    }
    double e = Math.exp(a);
    return e / (1 + e);
  }

  /** ρ_τ(y − q). */
  static double pinball(double tau, double q, double y) {
    double e = y - q;
    return e >= 0 ? tau * e : (tau - 1) * e;
  }

  /**
   * The quantiles of one element from its raw outputs (cumulative softplus increments).
   *
   * @param raw a_1 … a_Q
   * @return q_1 &lt; … &lt; q_Q
   */
  static double[] quantilesOf(double[] raw) {
    double[] q = new double[raw.length];
    for (int j = 0; j < raw.length; j++) {
      q[j] = j == 0 ? raw[0] : q[j - 1] + softplus(raw[j]);
    }
    return q;
  }

  /**
   * The level-averaged pinball loss of one element and its gradient through the non-crossing map.
   *
   * @param raw a_1 … a_Q
   * @param y the target
   * @param levels τ_1 … τ_Q
   * @param dRaw receives ∂ℓ/∂a_j, or null
   * @return (1/Q)·Σ_j ρ_{τ_j}(y − q_j)
   */
  static double term(double[] raw, double y, double[] levels, double[] dRaw) {
    int nq = levels.length;
    double[] q = quantilesOf(raw);
    double sum = 0;
    double suffix = 0;
    for (int j = nq - 1; j >= 0; j--) {
      sum += pinball(levels[j], q[j], y);
      if (dRaw != null) {
        double g = (y - q[j] >= 0 ? -levels[j] : 1 - levels[j]) / nq;
        suffix += g;
        dRaw[j] = j == 0 ? suffix : suffix * sigmoid(raw[j]);
      }
    }
    return sum / nq;
  }

  /**
   * The quantiles of a QUANTILE head output.
   *
   * @param head [rows, Q·D_out] (rows = batch·L_out), level-major per row
   * @param outputDim D_out
   * @param levels the head's levels
   * @return [rows, Q, D_out], strictly increasing along Q
   */
  public static float[] quantiles(float[] head, int outputDim, QuantileLevels levels) {
    int nq = levels.count();
    int steps = steps(head, outputDim, nq);
    float[] out = new float[head.length];
    for (int s = 0; s < steps; s++) {
      for (int d = 0; d < outputDim; d++) {
        double q = 0;
        for (int j = 0; j < nq; j++) {
          int i = (s * nq + j) * outputDim + d;
          q = j == 0 ? head[i] : q + softplus(head[i]);
          out[i] = (float) q;
        }
      }
    }
    return out;
  }

  /**
   * The point predictions of a QUANTILE head: the quantile at {@link QuantileLevels#medianIndex()}.
   *
   * @param head [rows, Q·D_out]
   * @param outputDim D_out
   * @param levels the head's levels
   * @return [rows, D_out]
   */
  public static float[] medians(float[] head, int outputDim, QuantileLevels levels) {
    int nq = levels.count();
    int m = levels.medianIndex();
    float[] q = quantiles(head, outputDim, levels);
    int steps = q.length / (nq * outputDim);
    float[] out = new float[steps * outputDim];
    for (int s = 0; s < steps; s++) {
      System.arraycopy(q, (s * nq + m) * outputDim, out, s * outputDim, outputDim);
    }
    return out;
  }

  /**
   * Masked pinball loss averaged over levels and valid elements.
   *
   * @param head [batch, L_out, Q·D_out]
   * @param target y [batch, L_out, D_out]; non-finite values are skipped
   * @param mask valid steps [batch, L_out], or null for all valid
   * @param outputDim D_out
   * @param levels the head's levels
   * @param grad receives dL/dh [batch, L_out, Q·D_out] (zero where skipped), or null
   * @return the mean loss, 0 when no element is valid
   */
  public static double loss(
      float[] head,
      float[] target,
      boolean[] mask,
      int outputDim,
      QuantileLevels levels,
      float[] grad) {
    int nq = levels.count();
    int steps = steps(head, outputDim, nq);
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
    long valid = 0;
    for (int s = 0; s < steps; s++) {
      if (mask != null && !mask[s]) {
        continue;
      }
      for (int d = 0; d < outputDim; d++) {
        valid += Double.isFinite(target[s * outputDim + d]) ? 1 : 0;
      }
    }
    if (valid == 0) {
      return 0;
    }
    double[] tau = levels.toArray();
    double[] raw = new double[nq];
    double[] d = grad == null ? null : new double[nq];
    double sum = 0;
    for (int s = 0; s < steps; s++) {
      if (mask != null && !mask[s]) {
        continue;
      }
      for (int c = 0; c < outputDim; c++) {
        double y = target[s * outputDim + c];
        if (!Double.isFinite(y)) {
          continue;
        }
        for (int j = 0; j < nq; j++) {
          raw[j] = head[(s * nq + j) * outputDim + c];
        }
        sum += term(raw, y, tau, d);
        if (grad != null) {
          for (int j = 0; j < nq; j++) {
            grad[(s * nq + j) * outputDim + c] = (float) (d[j] / valid);
          }
        }
      }
    }
    return sum / valid;
  }

  private static int steps(float[] head, int outputDim, int nq) {
    if (outputDim <= 0) {
      throw new IllegalArgumentException("Invalid outputDim = " + outputDim + "; must be > 0");
    }
    if (head == null || head.length % (nq * outputDim) != 0) {
      throw new IllegalArgumentException(
          "Invalid quantile head length = "
              + (head == null ? "null" : head.length)
              + "; must be a multiple of Q·D_out = "
              + nq * outputDim);
    }
    return head.length / (nq * outputDim);
  }
}
