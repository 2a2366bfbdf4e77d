package dev.hiss.model.ssm.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Perturb-then-diagonalize (PTD; Yu, Nigmetov, Morozov, Mahoney, Erichson 2023, "Robustifying
 * State-space Models for Long Sequences via Approximate Diagonalization") of HiPPO-LegS, in double
 * precision.
 *
 * <p>The LegS matrix A (M × M, lower triangular, A_nk = −√(2n+1)√(2k+1) for n &gt; k, A_nn =
 * −(n+1)) is diagonalizable in exact arithmetic, but its eigenvector matrix has a condition number
 * that grows exponentially with M, so diagonalizing it directly is ill-posed. PTD diagonalizes Â =
 * A + E instead, with E a random Gaussian matrix scaled to spectral norm ε (estimated by power
 * iteration): Â = V·Λ·V⁻¹ with a moderate κ(V), and Â is within ε of A (backward stable). The
 * eigenproblem of the real non-symmetric Â is solved by Commons Math (Hessenberg + real Schur).
 * Complex eigenvectors are scaled to unit 2-norm.
 *
 * <p>The perturbation size is a parameter: the paper chooses E by a small optimization that trades
 * ‖E‖ against κ(V); this class only draws a random E of the requested norm.
 */
public final class PerturbedHippo {

  /** The perturbed matrix Â = A + E (row-major M × M). */
  public final double[][] perturbed;

  /** All M eigenvalues of Â. */
  public final Complex[] lambda;

  /** Unit eigenvectors of Â: v[k][i] is entry i of the eigenvector of lambda[k]. */
  public final Complex[][] v;

  private PerturbedHippo(double[][] perturbed, Complex[] lambda, Complex[][] v) {
    this.perturbed = perturbed;
    this.lambda = lambda;
    this.v = v;
  }

  /**
   * The HiPPO-LegS matrix.
   *
   * @param m size M
   * @return A, row-major
   */
  public static double[][] legs(int m) {
    double[][] a = new double[m][m];
    for (int n = 0; n < m; n++) {
      for (int k = 0; k < n; k++) {
        a[n][k] = -Math.sqrt((2.0 * n + 1) * (2.0 * k + 1));
      }
      a[n][n] = -(n + 1);
    }
    return a;
  }

  /**
   * Perturbs HiPPO-LegS of size m by a random matrix of spectral norm epsilon and diagonalizes it.
   *
   * @param m full state size M ≥ 1
   * @param epsilon ‖E‖₂ ≥ 0 (0: plain, ill-conditioned diagonalization)
   * @param seed random seed of E
   * @return the decomposition
   */
  public static PerturbedHippo compute(int m, double epsilon, long seed) {
    if (m < 1 || !(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new IllegalArgumentException(
          "Invalid m/epsilon = " + m + "/" + epsilon + "; must be >= 1 and finite >= 0");
    }
    double[][] a = legs(m);
    if (epsilon > 0) {
      SplittableRandom rnd = new SplittableRandom(seed);
      double[][] e = new double[m][m];
      for (double[] row : e) {
        for (int j = 0; j < m; j++) {
          row[j] = rnd.nextGaussian();
        }
      }
      double scale = epsilon / spectralNorm(e);
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          a[i][j] += scale * e[i][j];
        }
      }
    }
    EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(a, true));
    RealMatrix vr = eig.getV();
    Complex[] lambda = new Complex[m];
    Complex[][] v = new Complex[m][];
    for (int k = 0; k < m; k++) {
      lambda[k] = new Complex(eig.getRealEigenvalue(k), eig.getImagEigenvalue(k));
      Complex[] x = new Complex[m];
      if (lambda[k].im() == 0) {
        for (int i = 0; i < m; i++) {
          x[i] = Complex.real(vr.getEntry(i, k));
        }
      } else {
        // a conjugate pair occupies columns (k, k+1) as (Re x, Im x) of one of the two vectors
        int c = lambda[k].im() > 0 ? k : k - 1;
        for (int i = 0; i < m; i++) {
          x[i] = new Complex(vr.getEntry(i, c), vr.getEntry(i, c + 1));
        }
        if (residual(a, lambda[k], x) > residual(a, lambda[k], conj(x))) {
          x = conj(x);
        }
      }
      v[k] = normalize(x);
    }
    return new PerturbedHippo(a, lambda, v);
  }

  /**
   * The S4D modes: the eigenvalues with Im λ &lt; 0 (one of each conjugate pair), then as many of
   * the real ones (the largest, i.e. slowest-decaying, first) as needed to reach M/2, ordered by Im
   * λ then Re λ. Returns their indices into {@link #lambda}.
   *
   * @param count number of modes to keep (M/2)
   * @return indices, length count
   */
  public int[] keptModes(int count) {
    List<Integer> pairs = new ArrayList<>();
    List<Integer> reals = new ArrayList<>();
    for (int k = 0; k < lambda.length; k++) {
      if (lambda[k].im() < 0) {
        pairs.add(k);
      } else if (lambda[k].im() == 0) {
        reals.add(k);
      }
    }
    pairs.sort(Comparator.comparingDouble((Integer k) -> lambda[k].im()));
    reals.sort(Comparator.comparingDouble((Integer k) -> -lambda[k].re()));
    List<Integer> out = new ArrayList<>(pairs);
    for (int i = 0; out.size() < count && i < reals.size(); i++) {
      out.add(reals.get(i));
    }
    return out.subList(0, count).stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The input projection V⁻¹·b (complex), by Gaussian elimination with partial pivoting.
   *
   * @param b a real vector of length M, e.g. B_legs = √(2n+1)
   * @return x with V·x = b
   */
  public Complex[] solve(double[] b) {
    int m = b.length;
    Complex[][] aug = new Complex[m][m + 1];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < m; k++) {
        aug[i][k] = v[k][i];
      }
      aug[i][m] = Complex.real(b[i]);
    }
    return ComplexSolve.solve(aug);
  }

  /** ‖Â·x − λ·x‖₂. */
  static double residual(double[][] a, Complex lambda, Complex[] x) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      Complex r = x[i].times(lambda).times(-1);
      for (int j = 0; j < a.length; j++) {
        r = r.plus(x[j].times(a[i][j]));
      }
      s += r.re() * r.re() + r.im() * r.im();
    }
    return Math.sqrt(s);
  }

  private static Complex[] conj(Complex[] x) {
    Complex[] c = new Complex[x.length];
    for (int i = 0; i < x.length; i++) {
      c[i] = x[i].conj();
    }
    return c;
  }

  private static Complex[] normalize(Complex[] x) {
    double s = 0;
    for (Complex c : x) {
      s += c.re() * c.re() + c.im() * c.im();
    }
    double inv = 1 / Math.sqrt(s);
    Complex[] out = new Complex[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i].times(inv);
    }
    return out;
  }

  /** ‖e‖₂ by power iteration on eᵀe (200 iterations; ample for a Gaussian matrix). */
  static double spectralNorm(double[][] e) {
    int m = e.length;
    double[] x = new double[m];
    java.util.Arrays.fill(x, 1 / Math.sqrt(m));
    double sigma = 0;
    for (int it = 0; it < 200; it++) {
      double[] y = new double[m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          y[i] += e[i][j] * x[j];
        }
      }
      double[] z = new double[m];
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          z[j] += e[i][j] * y[i];
        }
      }
      double nz = 0;
      for (double t : z) {
        nz += t * t;
      }
      nz = Math.sqrt(nz);
      sigma = Math.sqrt(nz);
      for (int j = 0; j < m; j++) {
        x[j] = z[j] / nz;
      }
    }
    return sigma;
  }
}
