package dev.hiss.model.ssm.internal;

/**
 * Row-wise dense products for bias-free linear layers with PyTorch weight layout W [outDim, inDim]
 * (row-major): out = in·Wᵀ, its input gradient and its weight gradient. Rows of {@code in} and
 * {@code out} may be strided (e.g. a column block of a wider matrix). Forward sums run in float32
 * in index order, so a single row gives bit-identical results to a batch of rows.
 */
public final class Dense {

  private Dense() {}

  /**
   * out[r, o] = Σ_i in[r, i]·W[o, i] (overwrites out).
   *
   * @param in input rows, element (r, i) at {@code inOff + r·inStride + i}
   * @param inOff offset of row 0 in {@code in}
   * @param inStride row stride of {@code in}
   * @param rows number of rows
   * @param inDim inner dimension
   * @param w weights [outDim, inDim] starting at {@code wOff}
   * @param wOff offset of W[0, 0] in {@code w}
   * @param outDim output dimension
   * @param out output rows, element (r, o) at {@code outOff + r·outStride + o}
   * @param outOff offset of row 0 in {@code out}
   * @param outStride row stride of {@code out}
   */
  public static void forward(
      float[] in,
      int inOff,
      int inStride,
      int rows,
      int inDim,
      float[] w,
      int wOff,
      int outDim,
      float[] out,
      int outOff,
      int outStride) {
    for (int r = 0; r < rows; r++) {
      int ir = inOff + r * inStride;
      int or = outOff + r * outStride;
      for (int o = 0; o < outDim; o++) {
        int wr = wOff + o * inDim;
        float acc = 0f;
        for (int i = 0; i < inDim; i++) {
          acc += in[ir + i] * w[wr + i];
        }
        out[or + o] = acc;
      }
    }
  }

  /**
   * dIn[r, i] += Σ_o dOut[r, o]·W[o, i] (accumulates).
   *
   * @param dOut output gradient rows, element (r, o) at {@code dOff + r·dStride + o}
   * @param dOff offset of row 0
   * @param dStride row stride
   * @param rows number of rows
   * @param outDim output dimension
   * @param w weights [outDim, inDim] starting at {@code wOff}
   * @param wOff offset of W[0, 0]
   * @param inDim inner dimension
   * @param dIn input gradient rows, element (r, i) at {@code inOff + r·inStride + i}
   * @param inOff offset of row 0
   * @param inStride row stride
   */
  public static void backwardInput(
      float[] dOut,
      int dOff,
      int dStride,
      int rows,
      int outDim,
      float[] w,
      int wOff,
      int inDim,
      float[] dIn,
      int inOff,
      int inStride) {
    for (int r = 0; r < rows; r++) {
      int dr = dOff + r * dStride;
      int ir = inOff + r * inStride;
      for (int o = 0; o < outDim; o++) {
        float g = dOut[dr + o];
        if (g == 0f) {
          continue;
        }
        int wr = wOff + o * inDim;
        for (int i = 0; i < inDim; i++) {
          dIn[ir + i] += g * w[wr + i];
        }
      }
    }
  }

  /**
   * dW[o, i] += Σ_r dOut[r, o]·in[r, i] (accumulates, in double).
   *
   * @param dOut output gradient rows, element (r, o) at {@code dOff + r·dStride + o}
   * @param dOff offset of row 0
   * @param dStride row stride
   * @param in input rows, element (r, i) at {@code inOff + r·inStride + i}
   * @param inOff offset of row 0
   * @param inStride row stride
   * @param rows number of rows
   * @param outDim output dimension
   * @param inDim inner dimension
   * @param dW weight gradient [outDim, inDim] starting at {@code wOff}
   * @param wOff offset of dW[0, 0]
   */
  public static void backwardWeight(
      float[] dOut,
      int dOff,
      int dStride,
      float[] in,
      int inOff,
      int inStride,
      int rows,
      int outDim,
      int inDim,
      double[] dW,
      int wOff) {
    for (int r = 0; r < rows; r++) {
      int dr = dOff + r * dStride;
      int ir = inOff + r * inStride;
      for (int o = 0; o < outDim; o++) {
        float g = dOut[dr + o];
        if (g == 0f) {
          continue;
        }
        int wr = wOff + o * inDim;
        for (int i = 0; i < inDim; i++) {
          dW[wr + i] += g * in[ir + i];
        }
      }
    }
  }
}
