package dev.hiss.model.hiss.internal;

/** Standard normal density, distribution function and quantile in double precision. */
public final class StandardNormal {
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_2 = Math.sqrt(2);
  private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

  private StandardNormal() {}

  /** φ(z). */
  public static double pdf(double z) {
    return Math.exp(-0.5 * z * z) * INV_SQRT_2PI;
  }

  /** Φ(z) = erfc(−z/√2)/2 (about 1e-15 absolute). */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / SQRT_2);
  }

  /**
   * Φ⁻¹(p) by bisection on {@link #cdf} (to the last bit; not for hot paths).
   *
   * @param p probability in (0, 1)
   * @return z with Φ(z) = p
   */
  public static double quantile(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("Invalid p = " + p + "; must be in (0, 1)");
    }
    double lo = -40;
    double hi = 40;
    for (int i = 0; i < 200 && hi - lo > 0; i++) {
      double mid = 0.5 * (lo + hi);
      if (mid == lo || mid == hi) {
        break;
      }
      if (cdf(mid) < p) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return 0.5 * (lo + hi);
  }

  /**
   * Complementary error function: a positive-term series for erf when |x| &lt; 3, a continued
   * fraction for the tail otherwise.
   */
  public static double erfc(double x) {
    if (Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x < 0) {
      return 2 - erfc(-x);
    }
    if (x < 3) {
      // erf(x) = 2/√π e^{−x²} Σ_n 2^n x^{2n+1} / (1·3·…·(2n+1))
      double term = x;
      double sum = x;
      for (int n = 0; n < 200 && term > 1e-17 * sum; n++) {
        term *= 2 * x * x / (2 * n + 3);
        sum += term;
      }
      return 1 - 2 / SQRT_PI * Math.exp(-x * x) * sum;
    }
    if (x > 27) {
      return 0;
    }
    // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …)))), evaluated backwards
    double f = x;
    for (int n = 60; n >= 1; n--) {
      f = x + (n / 2.0) / f;
    }
    return Math.exp(-x * x) / SQRT_PI / f;
  }
}
