package dev.hiss.model.ssm.internal;

/**
 * The diagonal (normal) part of HiPPO-LegS, for S4D-LegS initialization, computed in double
 * precision as state-spaces/s4 {@code nplr("legs")} does.
 *
 * <p>With M = full state size, HiPPO-LegS is A_nk = −√(2n+1)√(2k+1) (n > k), A_nn = −(n+1), 0 (n <
 * k), B_n = √(2n+1), P_n = √(n+½). Then A + PPᵀ = −½I + S with S skew-symmetric: S_nk = −½√(2n+1)
 * √(2k+1)·sign(n−k). The eigenvalues of S are iω (ω real, in ± pairs); the S4D-LegS modes are Λ =
 * −½ + iω for the M/2 eigenvalues with ω < 0 (ascending), and B = V^H·B_legs where V holds the unit
 * eigenvectors.
 *
 * <p>The Hermitian eigenproblem of −iS is solved through its real symmetric embedding [[0, S], [−S,
 * 0]] (size 2M) with cyclic Jacobi rotations; each eigenvalue ω of −iS appears twice there, with
 * eigenvectors (a; b) and (−b; a), both corresponding to the complex eigenvector v = a + ib up to a
 * phase. Eigenvectors are only defined up to a unit phase; this class fixes the phase so that each
 * B_n is real and ≥ 0. Deviation from PyTorch: there the phase comes from LAPACK and Im(B) is then
 * clipped to ±2; with our phase convention the clip is a no-op. Since C is initialized
 * complex-normal (rotation invariant), the phase of B does not change the initial distribution of
 * the layer.
 */
public final class HippoLegS {

  /** Eigenvalues ω (length stateSize, ascending, all < 0): A_n = −½ + iω_n. */
  public final double[] omega;

  /** B_n = (V^H B_legs)_n, real ≥ 0 by the phase convention; length stateSize. */
  public final double[] b;

  /** Unit eigenvectors of S (complex, M entries each), column n for mode n; for tests. */
  public final Complex[][] eigenvectors;

  private HippoLegS(double[] omega, double[] b, Complex[][] eigenvectors) {
    this.omega = omega;
    this.b = b;
    this.eigenvectors = eigenvectors;
  }

  /**
   * The skew-symmetric part S of HiPPO-LegS + PPᵀ, size m × m.
   *
   * @param m full state size
   * @return S as a dense row-major m × m matrix
   */
  public static double[][] skewPart(int m) {
    double[][] s = new double[m][m];
    for (int n = 0; n < m; n++) {
      for (int k = 0; k < m; k++) {
        if (n != k) {
          s[n][k] = -0.5 * Math.sqrt((2.0 * n + 1) * (2.0 * k + 1)) * Math.signum(n - k);
        }
      }
    }
    return s;
  }

  /**
   * Computes the S4D-LegS modes.
   *
   * @param stateSize number of complex modes kept (full HiPPO size is 2·stateSize)
   * @return the modes
   */
  public static HippoLegS compute(int stateSize) {
    int m = 2 * stateSize;
    double[][] s = skewPart(m);
    int size = 2 * m;
    double[][] e = new double[size][size];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        e[i][m + j] = s[i][j];
        e[m + i][j] = -s[i][j];
      }
    }
    double[][] vec = new double[size][size];
    for (int i = 0; i < size; i++) {
      vec[i][i] = 1;
    }
    jacobi(e, vec);
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(e[x][x], e[y][y]));
    double[] omega = new double[stateSize];
    double[] b = new double[stateSize];
    Complex[][] vs = new Complex[stateSize][];
    for (int n = 0; n < stateSize; n++) {
      int col = order[2 * n]; // each ω has multiplicity 2 in the embedding; take one of the pair
      omega[n] = e[col][col];
      Complex[] v = new Complex[m];
      Complex dot = Complex.ZERO; // (V^H B_legs)_n = Σ_k conj(v_k)·√(2k+1)
      for (int k = 0; k < m; k++) {
        v[k] = new Complex(vec[k][col], vec[m + k][col]);
        dot = dot.plus(v[k].conj().times(Math.sqrt(2.0 * k + 1)));
      }
      // Phase fix: multiply v by dot/|dot| so that conj(v)·B becomes |dot| (real, ≥ 0).
      double mag = dot.abs();
      Complex phase = mag > 0 ? dot.times(1.0 / mag) : Complex.ONE;
      for (int k = 0; k < m; k++) {
        v[k] = v[k].times(phase);
      }
      b[n] = mag;
      vs[n] = v;
    }
    return new HippoLegS(omega, b, vs);
  }

  /**
   * The HiPPO-LegS rank-1 correction P_k = √(k+½) (full size M = 2·stateSize), so that A_legs +
   * P·Pᵀ = −½I + S.
   *
   * @param m full state size
   * @return P, length m
   */
  public static double[] rankCorrection(int m) {
    double[] p = new double[m];
    for (int k = 0; k < m; k++) {
      p[k] = Math.sqrt(k + 0.5);
    }
    return p;
  }

  /**
   * Projects a real full-size vector onto the kept eigenvectors: (V^H x)_n = Σ_k conj(v_{n,k})·x_k,
   * with the same phase-fixed eigenvectors that give {@link #b}. Used for the S4 (DPLR) low-rank
   * term P = V^H·P_legs.
   *
   * @param x real vector of length M = 2·stateSize
   * @return V^H x, length stateSize
   */
  public Complex[] project(double[] x) {
    Complex[] out = new Complex[eigenvectors.length];
    for (int n = 0; n < out.length; n++) {
      Complex dot = Complex.ZERO;
      Complex[] v = eigenvectors[n];
      if (x.length != v.length) {
        throw new IllegalArgumentException(
            "Invalid x length = " + x.length + "; must be " + v.length);
      }
      for (int k = 0; k < v.length; k++) {
        dot = dot.plus(v[k].conj().times(x[k]));
      }
      out[n] = dot;
    }
    return out;
  }

  /** Cyclic Jacobi eigenvalue iteration on a symmetric matrix; a → diagonal, v ← v·rotations. */
  private static void jacobi(double[][] a, double[][] v) {
    int n = a.length;
    for (int sweep = 0; sweep < 100; sweep++) {
      double off = 0;
      double total = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          total += a[i][j] * a[i][j];
          if (i != j) {
            off += a[i][j] * a[i][j];
          }
        }
      }
      if (off <= 1e-26 * total) {
        return;
      }
      for (int p = 0; p < n - 1; p++) {
        for (int q = p + 1; q < n; q++) {
          if (a[p][q] != 0) {
            rotate(a, v, p, q);
          }
        }
      }
    }
    throw new IllegalStateException("Jacobi iteration did not converge for size " + n);
  }

  private static void rotate(double[][] a, double[][] v, int p, int q) {
    double apq = a[p][q];
    double theta = (a[q][q] - a[p][p]) / (2 * apq);
    double t = Math.signum(theta) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
    if (theta == 0) {
      t = 1;
    }
    double c = 1 / Math.sqrt(t * t + 1);
    double s = t * c;
    int n = a.length;
    for (int k = 0; k < n; k++) {
      double akp = a[k][p];
      double akq = a[k][q];
      a[k][p] = c * akp - s * akq;
      a[k][q] = s * akp + c * akq;
    }
    for (int k = 0; k < n; k++) {
      double apk = a[p][k];
      double aqk = a[q][k];
      a[p][k] = c * apk - s * aqk;
      a[q][k] = s * apk + c * aqk;
    }
    for (int k = 0; k < n; k++) {
      double vkp = v[k][p];
      double vkq = v[k][q];
      v[k][p] = c * vkp - s * vkq;
      v[k][q] = s * vkp + c * vkq;
    }
  }
}
