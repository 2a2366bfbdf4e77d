package dev.hiss.model.hiss.internal;

/**
 * The exact (erf) GELU of PyTorch's default {@code nn.GELU()}: gelu(x) = x·Φ(x) = ½x(1 +
 * erf(x/√2)), with derivative Φ(x) + x·φ(x). The tanh approximation is not used. The erf is
 * computed in double to about 1e-15 relative accuracy (see {@link #erf(double)}).
 */
public final class Gelu {

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double INV_SQRT_2 = 1 / Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private Gelu() {}

  /**
   * erf(x) from the all-positive series erf(x) = (2/√π)·e^{−x²}·Σ_n 2^n x^{2n+1}/(2n+1)!! (no
   * cancellation), with erf(x) = ±1 for |x| ≥ 6 (where 1 − erf(x) &lt; 1e-16).
   *
   * @param x argument
   * @return erf(x)
   */
  public static double erf(double x) {
    double ax = Math.abs(x);
    if (ax >= 6) {
      return Math.signum(x);
    }
    if (Double.isNaN(x)) {
      return x;
    }
    double x2 = ax * ax;
    double term = ax;
    double sum = ax;
    for (int n = 1; n < 200; n++) {
      term *= 2 * x2 / (2 * n + 1);
      sum += term;
      if (term < 1e-17 * sum) {
        break;
      }
    }
    double r = Math.min(1.0, TWO_OVER_SQRT_PI * Math.exp(-x2) * sum);
    return x < 0 ? -r : r;
  }

  /** gelu(x) = ½x(1 + erf(x/√2)). */
  public static double value(double x) {
    return 0.5 * x * (1 + erf(x * INV_SQRT_2));
  }

  /** d gelu/dx = Φ(x) + x·φ(x). */
  public static double derivative(double x) {
    double cdf = 0.5 * (1 + erf(x * INV_SQRT_2));
    return cdf + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x);
  }

  /**
   * Elementwise forward in double.
   *
   * @param x input, any shape
   * @param y output, same length, overwritten
   */
  public static void forward(double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] = value(x[i]);
    }
  }

  /**
   * Elementwise backward in double: dx = dy·gelu'(x).
   *
   * @param x the forward input
   * @param dy dL/dy, same length
   * @param dx receives dL/dx, overwritten
   */
  public static void backward(double[] x, double[] dy, double[] dx) {
    for (int i = 0; i < x.length; i++) {
      dx[i] = dy[i] * derivative(x[i]);
    }
  }

  /**
   * Elementwise forward over float arrays (computed in double, rounded once).
   *
   * @param x input, any shape
   * @return gelu(x), a new array
   */
  public static float[] forward(float[] x) {
    float[] y = new float[x.length];
    java.util.stream.IntStream blocks =
        java.util.stream.IntStream.range(0, (x.length + 4095) / 4096);
    (x.length >= 1 << 14 ? blocks.parallel() : blocks)
        .forEach(
            blk -> {
              for (int i = blk * 4096; i < Math.min(x.length, (blk + 1) * 4096); i++) {
                y[i] = (float) value(x[i]);
              }
            });
    return y;
  }

  /**
   * Elementwise backward over float arrays.
   *
   * @param x the forward input
   * @param dy dL/dy, same length
   * @return dL/dx, a new array
   */
  public static float[] backward(float[] x, float[] dy) {
    float[] dx = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = (float) (dy[i] * derivative(x[i]));
    }
    return dx;
  }
}
