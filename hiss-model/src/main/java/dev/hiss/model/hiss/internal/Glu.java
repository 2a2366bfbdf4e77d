package dev.hiss.model.hiss.internal;

/**
 * PyTorch {@code nn.GLU(dim=-1)} after a Linear(H → 2H): for z = [a, b] split along the last axis
 * (a = z[..., :H], b = z[..., H:]), y = a·σ(b). Stateless; the float forward runs in float with σ
 * rounded from double, the float backward runs the double core.
 */
public final class Glu {

  private Glu() {}

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /**
   * Double core forward.
   *
   * @param z input [rows, 2·half]
   * @param rows number of rows
   * @param half H, the output width
   * @param y output [rows, half], overwritten
   */
  public static void forward(double[] z, int rows, int half, double[] y) {
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < half; j++) {
        double a = z[r * 2 * half + j];
        double b = z[r * 2 * half + half + j];
        y[r * half + j] = a * sigmoid(b);
      }
    }
  }

  /**
   * Double core backward: da = dy·σ(b), db = dy·a·σ(b)(1 − σ(b)).
   *
   * @param z the forward input [rows, 2·half]
   * @param dy dL/dy [rows, half]
   * @param rows number of rows
   * @param half H
   * @param dz receives dL/dz [rows, 2·half], overwritten
   */
  public static void backward(double[] z, double[] dy, int rows, int half, double[] dz) {
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < half; j++) {
        int ia = r * 2 * half + j;
        int ib = ia + half;
        double s = sigmoid(z[ib]);
        double g = dy[r * half + j];
        dz[ia] = g * s;
        dz[ib] = g * z[ia] * s * (1 - s);
      }
    }
  }

  /**
   * Float forward (see {@link #applyTo}).
   *
   * @param z input [rows, 2·half]
   * @param rows number of rows
   * @param half H
   * @return y [rows, half]
   */
  public static float[] forward(float[] z, int rows, int half) {
    Linear.check(z, rows, 2 * half, "z");
    float[] y = new float[rows * half];
    applyTo(z, rows, half, y);
    return y;
  }

  /**
   * Float forward into a caller's buffer without allocation: y = a·σ(b) with σ(b) computed in
   * double and rounded once, the product in float.
   *
   * @param z input [rows, 2·half] (at least)
   * @param rows number of rows
   * @param half H
   * @param y output [rows, half] (at least), overwritten
   */
  public static void applyTo(float[] z, int rows, int half, float[] y) {
    for (int r = 0; r < rows; r++) {
      int zo = r * 2 * half;
      int yo = r * half;
      for (int j = 0; j < half; j++) {
        y[yo + j] = z[zo + j] * (float) sigmoid(z[zo + half + j]);
      }
    }
  }

  /**
   * Float backward.
   *
   * @param z the forward input [rows, 2·half]
   * @param dy dL/dy [rows, half]
   * @param rows number of rows
   * @param half H
   * @return dL/dz [rows, 2·half]
   */
  public static float[] backward(float[] z, float[] dy, int rows, int half) {
    double[] dz = new double[z.length];
    backward(Arrays2.toDouble(z), Arrays2.toDouble(dy), rows, half, dz);
    return Arrays2.toFloat(dz);
  }
}
