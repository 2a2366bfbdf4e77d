package dev.hiss.model.hiss;

/**
 * The HiSS training loss ({@code MaskedLoss(MSELoss(reduction="sum"))} divided by D_out·Σ valid
 * steps, HISS-MATH §1.4): the mean squared error over valid target steps only.
 */
public final class MaskedMse {

  private MaskedMse() {}

  /**
   * Loss and gradient.
   *
   * @param prediction ŷ [batch, L_out, D_out]
   * @param target y [batch, L_out, D_out]
   * @param mask valid steps [batch, L_out], or null for all valid
   * @param outputDim D_out
   * @param grad receives dL/dŷ [batch, L_out, D_out] (zero at masked steps), or null
   * @return Σ_valid (ŷ − y)² / (D_out·#valid), or 0 when no step is valid
   */
  public static double loss(
      float[] prediction, float[] target, boolean[] mask, int outputDim, float[] grad) {
    if (prediction.length != target.length || prediction.length % outputDim != 0) {
      throw new IllegalArgumentException(
          "Invalid prediction/target lengths = "
              + prediction.length
              + "/"
              + target.length
              + "; must be equal multiples of D_out = "
              + outputDim);
    }
    int steps = prediction.length / outputDim;
    if (mask != null && mask.length != steps) {
      throw new IllegalArgumentException(
          "Invalid mask length = " + mask.length + "; must be batch·L_out = " + steps);
    }
    int valid = 0;
    for (int s = 0; s < steps; s++) {
      valid += mask == null || mask[s] ? 1 : 0;
    }
    if (grad != null) {
      java.util.Arrays.fill(grad, 0f);
    }
    if (valid == 0) {
      return 0;
    }
    double norm = (double) valid * outputDim;
    double sum = 0;
    for (int s = 0; s < steps; s++) {
      if (mask != null && !mask[s]) {
        continue;
      }
      for (int d = 0; d < outputDim; d++) {
        int i = s * outputDim + d;
        double e = (double) prediction[i] - target[i];
        sum += e * e;
        if (grad != null) {
          grad[i] = (float) (2 * e / norm);
        }
      }
    }
    return sum / norm;
  }
}
