package dev.hiss.forecasting.baseline;

/** Solves symmetric positive-definite systems (lower triangle given) by Cholesky factorization. */
final class Cholesky {
  private Cholesky() {}

  /**
   * Solves {@code A x = b}.
   *
   * @param a {@code [n][n]}, only the lower triangle ({@code a[i][j]}, {@code j <= i}) is read
   * @throws IllegalArgumentException if A is not positive definite (e.g. a constant series)
   */
  static double[] solve(double[][] a, double[] b) {
    int n = b.length;
    double[][] l = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i][j];
        for (int k = 0; k < j; k++) {
          s -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(s > 1e-12 * Math.max(1, Math.abs(a[i][i])))) {
            throw new IllegalArgumentException(
                "Singular least-squares system at column " + i + " (is a series constant?)");
          }
          l[i][i] = Math.sqrt(s);
        } else {
          l[i][j] = s / l[j][j];
        }
      }
    }
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double s = b[i];
      for (int k = 0; k < i; k++) {
        s -= l[i][k] * y[k];
      }
      y[i] = s / l[i][i];
    }
    double[] x = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < n; k++) {
        s -= l[k][i] * x[k];
      }
      x[i] = s / l[i][i];
    }
    return x;
  }
}
