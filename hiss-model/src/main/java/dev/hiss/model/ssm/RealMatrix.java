package dev.hiss.model.ssm;

/**
 * Small dense real double-precision matrix helpers for {@link S4Reference} (tests only): products,
 * transpose, rank-1 updates and a Gauss–Jordan inverse with partial pivoting.
 */
final class RealMatrix {

  private RealMatrix() {}

  static double[][] inverse(double[][] a) {
    int n = a.length;
    double[][] w = new double[n][2 * n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a[i], 0, w[i], 0, n);
      w[i][n + i] = 1;
    }
    for (int col = 0; col < n; col++) {
      int piv = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(w[r][col]) > Math.abs(w[piv][col])) {
          piv = r;
        }
      }
      if (w[piv][col] == 0) {
        throw new ArithmeticException("singular matrix");
      }
      double[] tmp = w[piv];
      w[piv] = w[col];
      w[col] = tmp;
      double inv = 1 / w[col][col];
      for (int j = 0; j < 2 * n; j++) {
        w[col][j] *= inv;
      }
      for (int r = 0; r < n; r++) {
        if (r != col && w[r][col] != 0) {
          double f = w[r][col];
          for (int j = 0; j < 2 * n; j++) {
            w[r][j] -= f * w[col][j];
          }
        }
      }
    }
    double[][] out = new double[n][n];
    for (int i = 0; i < n; i++) {
      System.arraycopy(w[i], n, out[i], 0, n);
    }
    return out;
  }

  static double[][] times(double[][] a, double[][] b) {
    int n = a.length;
    int k = b.length;
    int m = b[0].length;
    double[][] c = new double[n][m];
    for (int i = 0; i < n; i++) {
      for (int l = 0; l < k; l++) {
        double x = a[i][l];
        for (int j = 0; j < m; j++) {
          c[i][j] += x * b[l][j];
        }
      }
    }
    return c;
  }

  static double[] times(double[][] a, double[] x) {
    double[] y = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      y[i] = dot(a[i], x);
    }
    return y;
  }

  static double[] transposeTimes(double[][] a, double[] x) {
    double[] y = new double[a[0].length];
    for (int i = 0; i < a.length; i++) {
      axpy(x[i], a[i], y);
    }
    return y;
  }

  static double[][] transpose(double[][] a) {
    double[][] t = new double[a[0].length][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /** y += s·x. */
  static void axpy(double s, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += s * x[i];
    }
  }

  /** m += x·yᵀ. */
  static void addOuter(double[] x, double[] y, double[][] m) {
    for (int i = 0; i < x.length; i++) {
      axpy(x[i], y, m[i]);
    }
  }
}
