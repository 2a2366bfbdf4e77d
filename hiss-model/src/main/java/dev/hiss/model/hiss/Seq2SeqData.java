package dev.hiss.model.hiss;

/**
 * A set of equal-length sequence-to-sequence episodes for HiSS training: inputs [n, L_in, D_in],
 * targets [n, L_out, D_out] with L_out = L_in / Π k, and a validity mask [n, L_out] (false for
 * padded target steps).
 *
 * @param inputs row-major [n, L_in, D_in]
 * @param targets row-major [n, L_out, D_out]
 * @param mask [n, L_out], or null if every step is valid
 * @param count n, the number of episodes
 * @param inputLength L_in
 * @param inputDim D_in
 * @param outputLength L_out
 * @param outputDim D_out
 */
public record Seq2SeqData(
    float[] inputs,
    float[] targets,
    boolean[] mask,
    int count,
    int inputLength,
    int inputDim,
    int outputLength,
    int outputDim) {

  /** Validates the array lengths against the sizes. */
  public Seq2SeqData {
    if (count <= 0 || inputLength <= 0 || inputDim <= 0 || outputLength <= 0 || outputDim <= 0) {
      throw new IllegalArgumentException(
          "Invalid sizes: count/inputLength/inputDim/outputLength/outputDim = "
              + count
              + "/"
              + inputLength
              + "/"
              + inputDim
              + "/"
              + outputLength
              + "/"
              + outputDim
              + "; all must be > 0");
    }
    if (inputs == null || inputs.length != (long) count * inputLength * inputDim) {
      throw new IllegalArgumentException(
          "Invalid inputs length; must be count·L_in·D_in = "
              + (long) count * inputLength * inputDim);
    }
    if (targets == null || targets.length != (long) count * outputLength * outputDim) {
      throw new IllegalArgumentException(
          "Invalid targets length; must be count·L_out·D_out = "
              + (long) count * outputLength * outputDim);
    }
    if (mask != null && mask.length != count * outputLength) {
      throw new IllegalArgumentException(
          "Invalid mask length = "
              + mask.length
              + "; must be count·L_out = "
              + count * outputLength);
    }
  }

  /**
   * Gathers a mini-batch.
   *
   * @param indices episode indices
   * @param from first position in {@code indices}
   * @param size batch size
   * @return the sub-dataset of those episodes, in that order
   */
  public Seq2SeqData batch(int[] indices, int from, int size) {
    int xi = inputLength * inputDim;
    int yi = outputLength * outputDim;
    float[] x = new float[size * xi];
    float[] y = new float[size * yi];
    boolean[] m = mask == null ? null : new boolean[size * outputLength];
    for (int b = 0; b < size; b++) {
      int e = indices[from + b];
      System.arraycopy(inputs, e * xi, x, b * xi, xi);
      System.arraycopy(targets, e * yi, y, b * yi, yi);
      if (m != null) {
        System.arraycopy(mask, e * outputLength, m, b * outputLength, outputLength);
      }
    }
    return new Seq2SeqData(x, y, m, size, inputLength, inputDim, outputLength, outputDim);
  }
}
