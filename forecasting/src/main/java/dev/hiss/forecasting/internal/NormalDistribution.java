package dev.hiss.forecasting.internal;

/** Standard normal density and distribution function in double precision (~1e-15 absolute). */
public final class NormalDistribution {
  private static final double SQRT_PI = Math.sqrt(Math.PI);
  private static final double SQRT_2 = Math.sqrt(2);

  private NormalDistribution() {}

  /** φ(z). */
  public static double pdf(double z) {
    return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
  }

  /** Φ(z) = erfc(−z/√2)/2. */
  public static double cdf(double z) {
    return 0.5 * erfc(-z / SQRT_2);
  }

  /**
   * Complementary error function: a positive-term series for erf when |x| < 3, a continued fraction
   * for the tail otherwise.
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
    // erfc(x) = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …))))), evaluated backwards
    double f = x;
    for (int n = 60; n >= 1; n--) {
      f = x + (n / 2.0) / f;
    }
    return Math.exp(-x * x) / SQRT_PI / f;
  }
}
