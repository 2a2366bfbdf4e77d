package dev.hiss.model.hiss.internal;

/**
 * The erf GELU of PyTorch's default {@code nn.GELU()}: gelu(x) = x·Φ(x) = ½x(1 + erf(x/√2)). The
 * tanh approximation is not used. {@link #value}, {@link #derivative} and every array method (the
 * batch forward, the backward and the streaming step alike) evaluate erf with {@link
 * #erfFast(double)}, a rational approximation with |error| ≤ 1.5e-7 (gelu within 0.75e-7·|x|), and
 * the derivative is the exact derivative of that approximation, so that finite differences of the
 * forward and the backward agree. {@link #erf(double)} is the series reference to about 1e-15.
 */
public final class Gelu {

  private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
  private static final double INV_SQRT_2 = 1 / Math.sqrt(2);

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

  // Abramowitz & Stegun, Handbook of Mathematical Functions (1964), formula 7.1.26 (after C.
  // Hastings, Approximations for Digital Computers, 1955): for x ≥ 0, erf(x) = 1 − (a1·t + a2·t² +
  // a3·t³ + a4·t⁴ + a5·t⁵)·e^{−x²} + ε(x), t = 1/(1 + p·x), |ε(x)| ≤ 1.5e-7.
  private static final double P = 0.3275911;
  private static final double A1 = 0.254829592;
  private static final double A2 = -0.284496736;
  private static final double A3 = 1.421413741;
  private static final double A4 = -1.453152027;
  private static final double A5 = 1.061405429;

  /**
   * erf(x) by Abramowitz &amp; Stegun 7.1.26 (one division, one exp, a degree-5 polynomial), odd in
   * x, with |erfFast(x) − erf(x)| ≤ 1.5e-7 for every x (checked against {@link #erf(double)} in the
   * tests). This is the erf of every GELU of the HiSS blocks.
   *
   * @param x argument
   * @return erf(x) ± 1.5e-7
   */
  public static double erfFast(double x) {
    double ax = Math.abs(x);
    double t = 1 / (1 + P * ax);
    double poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
    double r = 1 - poly * Math.exp(-ax * ax);
    return x < 0 ? -r : r;
  }

  /**
   * The exact derivative of {@link #erfFast(double)} (an even function): e^{−x²}·(2|x|·Q(t) +
   * p·t²·Q'(t)) with Q(t) = a1·t + … + a5·t⁵; within 1e-5 (7.2e-6 at worst) of 2/√π·e^{−x²}.
   *
   * @param x argument
   * @return d erfFast/dx
   */
  public static double erfFastDerivative(double x) {
    double ax = Math.abs(x);
    double t = 1 / (1 + P * ax);
    double poly = t * (A1 + t * (A2 + t * (A3 + t * (A4 + t * A5))));
    double dpoly = A1 + t * (2 * A2 + t * (3 * A3 + t * (4 * A4 + t * 5 * A5)));
    return Math.exp(-ax * ax) * (2 * ax * poly + P * t * t * dpoly);
  }

  /** gelu(x) = ½x(1 + erf(x/√2)), erf by {@link #erfFast(double)}. */
  public static double value(double x) {
    return 0.5 * x * (1 + erfFast(x * INV_SQRT_2));
  }

  /** d gelu/dx = ½(1 + erf(x/√2)) + x·erf'(x/√2)/(2√2), the derivative of {@link #value}. */
  public static double derivative(double x) {
    double z = x * INV_SQRT_2;
    return 0.5 * (1 + erfFast(z)) + 0.5 * INV_SQRT_2 * x * erfFastDerivative(z);
  }

  /**
   * Elementwise forward of {@code n} floats without allocation (the streaming step).
   *
   * @param x input
   * @param y output (may be {@code x})
   * @param n number of entries from index 0
   */
  public static void apply(float[] x, float[] y, int n) {
    for (int i = 0; i < n; i++) {
      y[i] = (float) value(x[i]);
    }
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
