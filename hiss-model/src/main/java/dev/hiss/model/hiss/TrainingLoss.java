package dev.hiss.model.hiss;

/**
 * The training objective on a model's raw head output, chosen to fit its {@link OutputHead}. Every
 * loss is averaged over valid (step, channel) elements; masked steps never count.
 */
public enum TrainingLoss {
  /** Masked MSE of a {@link OutputHead#POINT} head ({@link MaskedMse}). */
  MSE(OutputHead.POINT),
  /** Masked Gaussian negative log-likelihood of a {@link OutputHead#GAUSSIAN} head. */
  GAUSSIAN_NLL(OutputHead.GAUSSIAN),
  /** Masked closed-form Gaussian CRPS of a {@link OutputHead#GAUSSIAN} head. */
  GAUSSIAN_CRPS(OutputHead.GAUSSIAN),
  /** Masked pinball loss averaged over the levels of a {@link OutputHead#QUANTILE} head. */
  PINBALL(OutputHead.QUANTILE);

  private final OutputHead head;

  TrainingLoss(OutputHead head) {
    this.head = head;
  }

  /** The head this loss applies to. */
  public OutputHead head() {
    return head;
  }

  /** The default loss of a head: MSE for POINT, NLL for GAUSSIAN, pinball for QUANTILE. */
  public static TrainingLoss defaultFor(OutputHead head) {
    return switch (head) {
      case POINT -> MSE;
      case GAUSSIAN -> GAUSSIAN_NLL;
      case QUANTILE -> PINBALL;
    };
  }

  /**
   * Loss and gradient.
   *
   * @param head raw head output [batch, L_out, D_out·head().outputsPerTarget()]
   * @param target y [batch, L_out, D_out]
   * @param mask valid steps [batch, L_out], or null for all valid
   * @param outputDim D_out
   * @param grad receives dL/dhead (same shape as {@code head}, zero at masked steps), or null
   * @return the mean loss over valid elements, 0 when none is valid
   */
  public double loss(float[] head, float[] target, boolean[] mask, int outputDim, float[] grad) {
    return loss(head, target, mask, outputDim, null, grad);
  }

  /**
   * Loss and gradient, with the quantile levels a {@link #PINBALL} loss needs.
   *
   * @param head raw head output [batch, L_out, D_out·outputs per target]
   * @param target y [batch, L_out, D_out]
   * @param mask valid steps [batch, L_out], or null for all valid
   * @param outputDim D_out
   * @param levels the head's quantile levels (PINBALL; ignored by the others, may be null)
   * @param grad receives dL/dhead (same shape as {@code head}, zero at masked steps), or null
   * @return the mean loss over valid elements, 0 when none is valid
   */
  public double loss(
      float[] head,
      float[] target,
      boolean[] mask,
      int outputDim,
      QuantileLevels levels,
      float[] grad) {
    return switch (this) {
      case MSE -> MaskedMse.loss(head, target, mask, outputDim, grad);
      case GAUSSIAN_NLL -> GaussianLoss.nll(head, target, mask, outputDim, grad);
      case GAUSSIAN_CRPS -> GaussianLoss.crps(head, target, mask, outputDim, grad);
      case PINBALL -> {
        if (levels == null) {
          throw new IllegalArgumentException(
              "Invalid quantiles = null; the pinball loss needs levels");
        }
        yield QuantileLoss.loss(head, target, mask, outputDim, levels, grad);
      }
    };
  }

  /**
   * Parses a loss name, case-insensitively: mse, gaussian_nll (or nll), gaussian_crps (or crps),
   * pinball.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static TrainingLoss parse(String name) {
    String n = name == null ? "" : name.strip().toUpperCase(java.util.Locale.ROOT);
    return switch (n) {
      case "MSE" -> MSE;
      case "NLL", "GAUSSIAN_NLL" -> GAUSSIAN_NLL;
      case "CRPS", "GAUSSIAN_CRPS" -> GAUSSIAN_CRPS;
      case "PINBALL" -> PINBALL;
      default ->
          throw new IllegalArgumentException(
              "Invalid loss = '" + name + "'; must be mse, nll, crps or pinball");
    };
  }
}
