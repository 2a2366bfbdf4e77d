package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.Parameter;
import java.util.Arrays;
import java.util.List;

/**
 * PyTorch {@code nn.LayerNorm(width)} over the last axis: y = (x − μ)/√(σ² + ε)·γ + β with the
 * biased variance, ε = 1e-5, γ initialized to 1 and β to 0. Rows are independent (rows =
 * batch·length). The float forward runs in float32 ({@link #applyTo}); the backward runs the static
 * double core, which the gradient checks use.
 *
 * <p>{@link #forward(float[], int)} caches its input for {@link #backward(float[])}; not
 * thread-safe.
 */
public final class LayerNorm {

  /** PyTorch's default ε. */
  public static final double EPS = 1e-5;

  private final int width;
  private final float[] gamma;
  private final float[] beta;
  private final float[] gradGamma;
  private final float[] gradBeta;
  private float[] cachedX;
  private int cachedRows;

  /**
   * A layer norm with γ = 1, β = 0.
   *
   * @param width the normalized width, &gt; 0
   */
  public LayerNorm(int width) {
    if (width <= 0) {
      throw new IllegalArgumentException("Invalid LayerNorm width = " + width + "; must be > 0");
    }
    this.width = width;
    gamma = new float[width];
    Arrays.fill(gamma, 1f);
    beta = new float[width];
    gradGamma = new float[width];
    gradBeta = new float[width];
  }

  /**
   * Double core forward.
   *
   * @param x input [rows, width]
   * @param rows number of rows
   * @param width row width
   * @param gamma scale [width]
   * @param beta shift [width]
   * @param y output [rows, width], overwritten
   */
  public static void forward(
      double[] x, int rows, int width, double[] gamma, double[] beta, double[] y) {
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      double mean = 0;
      for (int i = 0; i < width; i++) {
        mean += x[o + i];
      }
      mean /= width;
      double var = 0;
      for (int i = 0; i < width; i++) {
        double c = x[o + i] - mean;
        var += c * c;
      }
      double rstd = 1 / Math.sqrt(var / width + EPS);
      for (int i = 0; i < width; i++) {
        y[o + i] = (x[o + i] - mean) * rstd * gamma[i] + beta[i];
      }
    }
  }

  /**
   * Double core backward: dx = rstd·(ĝ − mean(ĝ) − x̂·mean(ĝ∘x̂)) with ĝ = dy∘γ (overwritten); dγ
   * += Σ_r dy∘x̂; dβ += Σ_r dy.
   *
   * @param x the forward input [rows, width]
   * @param dy dL/dy [rows, width]
   * @param rows number of rows
   * @param width row width
   * @param gamma scale [width]
   * @param dx receives dL/dx [rows, width]
   * @param dGamma accumulates dL/dγ [width]
   * @param dBeta accumulates dL/dβ [width]
   */
  public static void backward(
      double[] x,
      double[] dy,
      int rows,
      int width,
      double[] gamma,
      double[] dx,
      double[] dGamma,
      double[] dBeta) {
    double[] xhat = new double[width];
    double[] g = new double[width];
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      double mean = 0;
      for (int i = 0; i < width; i++) {
        mean += x[o + i];
      }
      mean /= width;
      double var = 0;
      for (int i = 0; i < width; i++) {
        double c = x[o + i] - mean;
        var += c * c;
      }
      double rstd = 1 / Math.sqrt(var / width + EPS);
      double meanG = 0;
      double meanGx = 0;
      for (int i = 0; i < width; i++) {
        xhat[i] = (x[o + i] - mean) * rstd;
        g[i] = dy[o + i] * gamma[i];
        meanG += g[i];
        meanGx += g[i] * xhat[i];
        dGamma[i] += dy[o + i] * xhat[i];
        dBeta[i] += dy[o + i];
      }
      meanG /= width;
      meanGx /= width;
      for (int i = 0; i < width; i++) {
        dx[o + i] = rstd * (g[i] - meanG - xhat[i] * meanGx);
      }
    }
  }

  /**
   * Forward without caching, in float32 (see {@link #applyTo}).
   *
   * @param x input [rows, width]
   * @param rows number of rows
   * @return y [rows, width]
   */
  public float[] apply(float[] x, int rows) {
    Linear.check(x, rows, width, "x");
    float[] y = new float[x.length];
    if (Rows.parallel(rows, 4L * width)) {
      Rows.split(rows, 4L * width, (r0, r1) -> rows(x, r0, r1, y));
    } else {
      rows(x, 0, rows, y);
    }
    return y;
  }

  /**
   * Forward into a caller's buffer without allocation (the streaming step), in float32: μ and the
   * biased σ² summed in float, 1/√(σ² + ε) rounded once from double, y = (x − μ)·rstd·γ + β.
   *
   * @param x input [rows, width] (at least)
   * @param rows number of rows
   * @param y output [rows, width] (at least), overwritten; may not be {@code x}
   */
  public void applyTo(float[] x, int rows, float[] y) {
    rows(x, 0, rows, y);
  }

  private void rows(float[] x, int r0, int r1, float[] y) {
    float inv = 1f / width;
    for (int r = r0; r < r1; r++) {
      int o = r * width;
      float mean = 0f;
      for (int i = 0; i < width; i++) {
        mean += x[o + i];
      }
      mean *= inv;
      float var = 0f;
      for (int i = 0; i < width; i++) {
        float c = x[o + i] - mean;
        var += c * c;
      }
      float rstd = (float) (1 / Math.sqrt(var * inv + EPS));
      for (int i = 0; i < width; i++) {
        y[o + i] = (x[o + i] - mean) * rstd * gamma[i] + beta[i];
      }
    }
  }

  /**
   * Forward that caches {@code x} for {@link #backward(float[])}.
   *
   * @param x input [rows, width]
   * @param rows number of rows
   * @return y [rows, width]
   */
  public float[] forward(float[] x, int rows) {
    float[] y = apply(x, rows);
    cachedX = x;
    cachedRows = rows;
    return y;
  }

  /**
   * Backward of the last {@link #forward(float[], int)}; accumulates dγ and dβ.
   *
   * @param dy dL/dy [rows, width]
   * @return dL/dx [rows, width]
   */
  public float[] backward(float[] dy) {
    if (cachedX == null) {
      throw new IllegalStateException("backward without a preceding forward");
    }
    Linear.check(dy, cachedRows, width, "dy");
    double[] dx = new double[dy.length];
    double[] dg = new double[width];
    double[] db = new double[width];
    backward(
        Arrays2.toDouble(cachedX),
        Arrays2.toDouble(dy),
        cachedRows,
        width,
        Arrays2.toDouble(gamma),
        dx,
        dg,
        db);
    Arrays2.addTo(gradGamma, dg);
    Arrays2.addTo(gradBeta, db);
    return Arrays2.toFloat(dx);
  }

  /** Adds {@code prefix.weight} (γ) and {@code prefix.bias} (β) to {@code list}. */
  public void parameters(String prefix, List<Parameter> list) {
    list.add(new Parameter(prefix + ".weight", gamma, gradGamma));
    list.add(new Parameter(prefix + ".bias", beta, gradBeta));
  }
}
