package dev.hiss.model.attention.internal;

import dev.hiss.model.attention.TransformerConfig;
import java.util.stream.IntStream;

/**
 * Float32 per-row building blocks of the Transformer block (LayerNorm, dense layers, GELU) and the
 * double-accumulated parameter-gradient reductions over all rows. The same row functions serve the
 * forward pass, the streaming step and the backward's recomputation, so that a step equals the
 * corresponding position of a forward bit for bit.
 */
public final class BlockOps {

  private static final long PARALLEL_WORK = 1L << 16;
  private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private BlockOps() {}

  /**
   * LayerNorm of one row: out = γ·x̂ + β with x̂ = (x − mean)·rstd, rstd = 1/√(var + ε).
   *
   * @param x input, n values from xOff
   * @param xOff offset into x
   * @param n width
   * @param gamma γ [n]
   * @param beta β [n]
   * @param out receives the output, n values from oOff
   * @param xhat receives x̂, n values from oOff
   * @param oOff offset into out and xhat
   * @return rstd
   */
  public static float layerNorm(
      float[] x,
      int xOff,
      int n,
      float[] gamma,
      float[] beta,
      float[] out,
      float[] xhat,
      int oOff) {
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += x[xOff + i];
    }
    mean /= n;
    double var = 0;
    for (int i = 0; i < n; i++) {
      double d = x[xOff + i] - mean;
      var += d * d;
    }
    double rstd = 1 / Math.sqrt(var / n + TransformerConfig.LAYER_NORM_EPS);
    for (int i = 0; i < n; i++) {
      float xh = (float) ((x[xOff + i] - mean) * rstd);
      xhat[oOff + i] = xh;
      out[oOff + i] = gamma[i] * xh + beta[i];
    }
    return (float) rstd;
  }

  /**
   * Backward of one LayerNorm row: dx = rstd·(g − mean(g) − x̂·mean(g·x̂)) with g = dOut·γ; ADDS to
   * dx.
   *
   * @param dOut dL/dout, n values from dOff
   * @param dOff offset into dOut
   * @param xhat the row's x̂, n values from xOff
   * @param xOff offset into xhat
   * @param rstd the row's rstd
   * @param gamma γ [n]
   * @param n width
   * @param dx accumulates dL/dx, n values from dxOff
   * @param dxOff offset into dx
   */
  public static void layerNormBackward(
      float[] dOut,
      int dOff,
      float[] xhat,
      int xOff,
      float rstd,
      float[] gamma,
      int n,
      float[] dx,
      int dxOff) {
    double mg = 0;
    double mgx = 0;
    for (int i = 0; i < n; i++) {
      double g = dOut[dOff + i] * gamma[i];
      mg += g;
      mgx += g * xhat[xOff + i];
    }
    mg /= n;
    mgx /= n;
    for (int i = 0; i < n; i++) {
      double g = dOut[dOff + i] * gamma[i];
      dx[dxOff + i] += (float) (rstd * (g - mg - xhat[xOff + i] * mgx));
    }
  }

  /**
   * Dense layer of one row: y[o] = b[o] + Σ_i W[o, i]·x[i] (W [out, in] row-major), for the rows o
   * in [o0, o0 + count).
   *
   * @param w weight [out·in]
   * @param b bias [out]
   * @param in input width
   * @param o0 first output row
   * @param count number of output rows
   * @param x input, in values from xOff
   * @param xOff offset into x
   * @param y receives the outputs o0 … o0+count−1 at yOff …
   * @param yOff offset into y
   */
  public static void dense(
      float[] w, float[] b, int in, int o0, int count, float[] x, int xOff, float[] y, int yOff) {
    for (int o = 0; o < count; o++) {
      int row = (o0 + o) * in;
      float s = b[o0 + o];
      for (int i = 0; i < in; i++) {
        s += w[row + i] * x[xOff + i];
      }
      y[yOff + o] = s;
    }
  }

  /**
   * Transposed product of one row, ADDED: dx[i] += Σ_o W[o, i]·dy[o] (W [out, in] row-major).
   *
   * @param w weight [out·in]
   * @param in input width
   * @param out output width
   * @param dy output gradient, out values from dyOff
   * @param dyOff offset into dy
   * @param dx accumulates, in values from dxOff
   * @param dxOff offset into dx
   */
  public static void denseBackward(
      float[] w, int in, int out, float[] dy, int dyOff, float[] dx, int dxOff) {
    for (int o = 0; o < out; o++) {
      float g = dy[dyOff + o];
      int row = o * in;
      for (int i = 0; i < in; i++) {
        dx[dxOff + i] += w[row + i] * g;
      }
    }
  }

  /** Exact GELU x·Φ(x) in double, rounded once. */
  public static float gelu(float x) {
    return (float) (0.5 * x * (1 + erf(x * INV_SQRT_2)));
  }

  /** d GELU / dx = Φ(x) + x·φ(x). */
  public static float geluDerivative(float x) {
    double cdf = 0.5 * (1 + erf(x * INV_SQRT_2));
    return (float) (cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * (double) x * x));
  }

  /** erf(x) to about 1e-15, via the HiSS GELU's series. */
  public static double erf(double x) {
    return dev.hiss.model.hiss.internal.Gelu.erf(x);
  }

  /**
   * Parameter gradients of a dense layer over n rows, ADDED in float after a double sum: dW[o, i]
   * += Σ_k dy[k, o]·x[k, i], db[o] += Σ_k dy[k, o]; output rows are split over the common pool for
   * large inputs (the result does not depend on the split).
   *
   * @param dy output gradients [n, out]
   * @param x inputs [n, in]
   * @param n rows
   * @param in input width
   * @param out output width
   * @param dw accumulates [out·in]
   * @param db accumulates [out]
   */
  public static void accumulateDense(
      float[] dy, float[] x, int n, int in, int out, float[] dw, float[] db) {
    IntStream rows = IntStream.range(0, out);
    ((long) n * in * out >= PARALLEL_WORK ? rows.parallel() : rows)
        .forEach(
            o -> {
              double[] acc = new double[in];
              double bs = 0;
              for (int k = 0; k < n; k++) {
                double g = dy[k * out + o];
                if (g == 0) {
                  continue;
                }
                bs += g;
                int xo = k * in;
                for (int i = 0; i < in; i++) {
                  acc[i] += g * x[xo + i];
                }
              }
              for (int i = 0; i < in; i++) {
                dw[o * in + i] += (float) acc[i];
              }
              db[o] += (float) bs;
            });
  }

  /**
   * LayerNorm parameter gradients over n rows, ADDED: dγ += Σ_k dOut⊙x̂, dβ += Σ_k dOut.
   *
   * @param dOut dL/d(LayerNorm output) [n, width]
   * @param xhat x̂ [n, width]
   * @param n rows
   * @param width width
   * @param dGamma accumulates [width]
   * @param dBeta accumulates [width]
   */
  public static void accumulateNorm(
      float[] dOut, float[] xhat, int n, int width, float[] dGamma, float[] dBeta) {
    double[] g = new double[width];
    double[] b = new double[width];
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < width; i++) {
        double d = dOut[k * width + i];
        g[i] += d * xhat[k * width + i];
        b[i] += d;
      }
    }
    for (int i = 0; i < width; i++) {
      dGamma[i] += (float) g[i];
      dBeta[i] += (float) b[i];
    }
  }
}
