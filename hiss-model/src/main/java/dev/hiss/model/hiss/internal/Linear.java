package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dense layer with bias, PyTorch layout: y = x·Wᵀ + b with W [out, in] row-major and b [out],
 * applied to every row of a [rows, in] tensor (rows = batch·length). The forward over floats runs
 * in float32 (as PyTorch's); the backward runs the static double-precision core ({@link
 * #forward(double[], int, int, double[], double[], int, double[])}, {@link #backward}), which the
 * gradient checks use. Initialization is PyTorch's default: W, b ~ U(±1/√in).
 *
 * <p>{@link #forward(float[], int)} caches its input for {@link #backward(float[])}; not
 * thread-safe.
 */
public final class Linear {

  private final int in;
  private final int out;
  private final float[] weight;
  private final float[] bias;
  private final float[] gradWeight;
  private final float[] gradBias;
  private float[] cachedX;
  private int cachedRows;
  private volatile float[][] weightT;

  /**
   * A layer with PyTorch-default random initialization.
   *
   * @param in input width, &gt; 0
   * @param out output width, &gt; 0
   * @param rnd random source
   */
  public Linear(int in, int out, SplittableRandom rnd) {
    if (in <= 0 || out <= 0) {
      throw new IllegalArgumentException("Invalid Linear in/out = " + in + "/" + out);
    }
    this.in = in;
    this.out = out;
    weight = new float[out * in];
    bias = new float[out];
    gradWeight = new float[out * in];
    gradBias = new float[out];
    double bound = 1 / Math.sqrt(in);
    for (int i = 0; i < weight.length; i++) {
      weight[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
    }
    for (int i = 0; i < out; i++) {
      bias[i] = (float) ((2 * rnd.nextDouble() - 1) * bound);
    }
  }

  /** Returns the input width. */
  public int in() {
    return in;
  }

  /** Returns the output width. */
  public int out() {
    return out;
  }

  /**
   * Double core: y[r, o] = Σ_i x[r, i]·W[o, i] + b[o].
   *
   * @param x input [rows, in]
   * @param rows number of rows
   * @param in input width
   * @param w weight [out, in]
   * @param b bias [out]
   * @param out output width
   * @param y output [rows, out], overwritten
   */
  public static void forward(
      double[] x, int rows, int in, double[] w, double[] b, int out, double[] y) {
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < out; o++) {
        double acc = b[o];
        for (int i = 0; i < in; i++) {
          acc += x[r * in + i] * w[o * in + i];
        }
        y[r * out + o] = acc;
      }
    }
  }

  /**
   * Double core backward: dx = dy·W (overwritten); dW += dyᵀ·x; db += Σ_r dy.
   *
   * @param x the forward input [rows, in]
   * @param dy dL/dy [rows, out]
   * @param rows number of rows
   * @param in input width
   * @param w weight [out, in]
   * @param out output width
   * @param dx receives dL/dx [rows, in], or null
   * @param dw accumulates dL/dW [out, in]
   * @param db accumulates dL/db [out]
   */
  public static void backward(
      double[] x,
      double[] dy,
      int rows,
      int in,
      double[] w,
      int out,
      double[] dx,
      double[] dw,
      double[] db) {
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < in && dx != null; i++) {
        double acc = 0;
        for (int o = 0; o < out; o++) {
          acc += dy[r * out + o] * w[o * in + i];
        }
        dx[r * in + i] = acc;
      }
      for (int o = 0; o < out; o++) {
        double g = dy[r * out + o];
        db[o] += g;
        for (int i = 0; i < in; i++) {
          dw[o * in + i] += g * x[r * in + i];
        }
      }
    }
  }

  /**
   * Forward without caching (inference), in float32: y[r, o] = b[o] + Σ_i x[r, i]·W[o, i] summed in
   * order of i, the same arithmetic as {@link #applyTo}.
   *
   * @param x input [rows, in]
   * @param rows number of rows
   * @return y [rows, out]
   */
  public float[] apply(float[] x, int rows) {
    check(x, rows, in, "x");
    float[][] wt = transpose(weight, out, in);
    float[] y = new float[rows * out];
    Rows.split(rows, (long) in * out, (r0, r1) -> rows(x, r0, r1, wt, y, new float[out]));
    return y;
  }

  /**
   * Streaming forward into a caller's buffer, without allocation (for rows that one core does),
   * with the weights as of the last {@link #refresh()} (float32, bit-identical to {@link #apply} on
   * those weights).
   *
   * @param x input [rows, in] (at least)
   * @param rows number of rows
   * @param y output [rows, out] (at least), overwritten
   * @param scratch at least {@code out} floats of scratch
   */
  public void applyTo(float[] x, int rows, float[] y, float[] scratch) {
    float[][] wt = weightT;
    if (wt == null) {
      refresh();
      wt = weightT;
    }
    if (!Rows.parallel(rows, (long) in * out)) {
      rows(x, 0, rows, wt, y, scratch);
      return;
    }
    float[][] w = wt;
    Rows.split(rows, (long) in * out, (r0, r1) -> rows(x, r0, r1, w, y, new float[out]));
  }

  /** Snapshots the weights (transposed) for {@link #applyTo}; call after they changed. */
  public void refresh() {
    weightT = transpose(weight, out, in);
  }

  /**
   * Rows [r0, r1): y[r, :] = b + Σ_i x[r, i]·Wᵀ[i, :] with the sum in order of i, accumulated in
   * {@code acc} four inputs per pass. Every array in the inner loop is indexed from 0 by the same
   * index (Wᵀ as one array per input, the row in {@code acc}), which lets the JIT (C2 in JDK 17)
   * vectorize it; with differently offset indices into one flat Wᵀ it stays scalar (3× slower).
   */
  private void rows(float[] x, int r0, int r1, float[][] wt, float[] y, float[] acc) {
    for (int r = r0; r < r1; r++) {
      System.arraycopy(bias, 0, acc, 0, out);
      int xo = r * in;
      int i = 0;
      for (; i + 3 < in; i += 4) {
        float x0 = x[xo + i];
        float x1 = x[xo + i + 1];
        float x2 = x[xo + i + 2];
        float x3 = x[xo + i + 3];
        float[] w0 = wt[i];
        float[] w1 = wt[i + 1];
        float[] w2 = wt[i + 2];
        float[] w3 = wt[i + 3];
        for (int o = 0; o < out; o++) {
          acc[o] = acc[o] + x0 * w0[o] + x1 * w1[o] + x2 * w2[o] + x3 * w3[o];
        }
      }
      for (; i < in; i++) {
        float xi = x[xo + i];
        float[] w = wt[i];
        for (int o = 0; o < out; o++) {
          acc[o] += xi * w[o];
        }
      }
      System.arraycopy(acc, 0, y, r * out, out);
    }
  }

  private static float[][] transpose(float[] w, int out, int in) {
    float[][] t = new float[in][out];
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < in; i++) {
        t[i][o] = w[o * in + i];
      }
    }
    return t;
  }

  /**
   * Forward that caches {@code x} for {@link #backward(float[])}.
   *
   * @param x input [rows, in]
   * @param rows number of rows
   * @return y [rows, out]
   */
  public float[] forward(float[] x, int rows) {
    float[] y = apply(x, rows);
    weightT = null; // training: the next applyTo re-reads the (then updated) weights
    cachedX = x;
    cachedRows = rows;
    return y;
  }

  /**
   * Backward of the last {@link #forward(float[], int)}: accumulates the weight and bias gradients.
   *
   * @param dy dL/dy [rows, out]
   * @return dL/dx [rows, in]
   */
  public float[] backward(float[] dy) {
    if (cachedX == null) {
      throw new IllegalStateException("backward without a preceding forward");
    }
    check(dy, cachedRows, out, "dy");
    double[] dx = new double[cachedRows * in];
    double[] dw = new double[weight.length];
    double[] db = new double[out];
    backward(
        Arrays2.toDouble(cachedX),
        Arrays2.toDouble(dy),
        cachedRows,
        in,
        Arrays2.toDouble(weight),
        out,
        dx,
        dw,
        db);
    Arrays2.addTo(gradWeight, dw);
    Arrays2.addTo(gradBias, db);
    return Arrays2.toFloat(dx);
  }

  /** Adds {@code prefix.weight} and {@code prefix.bias} to {@code out}. */
  public void parameters(String prefix, List<Parameter> list) {
    list.add(new Parameter(prefix + ".weight", weight, gradWeight));
    list.add(new Parameter(prefix + ".bias", bias, gradBias));
  }

  static void check(float[] x, int rows, int width, String name) {
    if (rows <= 0 || x == null || x.length != (long) rows * width) {
      throw new IllegalArgumentException(
          "Invalid "
              + name
              + " length = "
              + (x == null ? "null" : x.length)
              + "; must be rows·width = "
              + rows
              + "·"
              + width);
    }
  }
}
