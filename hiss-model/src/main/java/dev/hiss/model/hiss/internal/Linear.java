package dev.hiss.model.hiss.internal;

import dev.hiss.model.hiss.Parameter;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A dense layer with bias, PyTorch layout: y = x·Wᵀ + b with W [out, in] row-major and b [out],
 * applied to every row of a [rows, in] tensor (rows = batch·length). The arithmetic is the static
 * double-precision core ({@link #forward(double[], int, int, double[], double[], int, double[])},
 * {@link #backward}); the float methods convert at the boundary and round once. Initialization is
 * PyTorch's default: W, b ~ U(±1/√in).
 *
 * <p>{@link #forward(float[], int)} caches its input for {@link #backward(float[])}; not
 * thread-safe.
 */
public final class Linear {

  /** Multiply-adds above which {@link #apply} splits its rows over the common pool. */
  private static final long PARALLEL_WORK = 1L << 16;

  private final int in;
  private final int out;
  private final float[] weight;
  private final float[] bias;
  private final float[] gradWeight;
  private final float[] gradBias;
  private float[] cachedX;
  private int cachedRows;

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
   * Forward without caching (inference and streaming).
   *
   * @param x input [rows, in]
   * @param rows number of rows
   * @return y [rows, out]
   */
  public float[] apply(float[] x, int rows) {
    check(x, rows, in, "x");
    // Same arithmetic as the double core (exact float→double products, same order), without
    // copying the weights: streaming calls this with one row per device.
    float[] y = new float[rows * out];
    java.util.function.IntConsumer row =
        r -> {
          for (int o = 0; o < out; o++) {
            double acc = bias[o];
            for (int i = 0; i < in; i++) {
              acc += (double) x[r * in + i] * weight[o * in + i];
            }
            y[r * out + o] = (float) acc;
          }
        };
    java.util.stream.IntStream rowIndices = java.util.stream.IntStream.range(0, rows);
    (((long) rows * in * out >= PARALLEL_WORK) ? rowIndices.parallel() : rowIndices).forEach(row);
    return y;
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
