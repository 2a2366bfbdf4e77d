package dev.hiss.model.ssm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Perturb-then-diagonalize of HiPPO-LegS: reconstruction, perturbation size, conditioning. */
class PerturbedHippoTest {

  /** V as a matrix: column k = eigenvector k. */
  private static Complex[][] matrix(PerturbedHippo p) {
    int m = p.v.length;
    Complex[][] a = new Complex[m][m];
    for (int k = 0; k < m; k++) {
      for (int i = 0; i < m; i++) {
        a[i][k] = p.v[k][i];
      }
    }
    return a;
  }

  private static double frobenius(Complex[][] a) {
    double s = 0;
    for (Complex[] row : a) {
      for (Complex c : row) {
        s += c.re() * c.re() + c.im() * c.im();
      }
    }
    return Math.sqrt(s);
  }

  /** κ_F(V) = ‖V‖_F·‖V⁻¹‖_F, an upper bound on the 2-norm condition number. */
  private static double kappa(PerturbedHippo p) {
    Complex[][] v = matrix(p);
    return frobenius(v) * frobenius(ComplexSolve.inverse(v));
  }

  @Test
  void legsPlusRankOneIsMinusHalfPlusSkewPart() {
    int m = 12;
    double[][] a = PerturbedHippo.legs(m);
    double[][] s = HippoLegS.skewPart(m);
    double[] p = HippoLegS.rankCorrection(m);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        double expected = s[i][j] + (i == j ? -0.5 : 0);
        assertEquals(expected, a[i][j] + p[i] * p[j], 1e-12, "(" + i + "," + j + ")");
      }
    }
  }

  @Test
  void diagonalizationReconstructsThePerturbedMatrix() {
    int m = 32;
    PerturbedHippo p = PerturbedHippo.compute(m, 0.1, 3);
    Complex[][] v = matrix(p);
    Complex[][] vinv = ComplexSolve.inverse(v);
    double num = 0;
    double den = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        Complex r = Complex.ZERO;
        for (int k = 0; k < m; k++) {
          r = r.plus(v[i][k].times(p.lambda[k]).times(vinv[k][j]));
        }
        assertTrue(Math.abs(r.im()) < 1e-8, "V·Λ·V⁻¹ is real");
        num += Math.pow(r.re() - p.perturbed[i][j], 2);
        den += p.perturbed[i][j] * p.perturbed[i][j];
      }
    }
    assertTrue(Math.sqrt(num / den) < 1e-9, "‖VΛV⁻¹ − Â‖/‖Â‖ = " + Math.sqrt(num / den));
    for (int k = 0; k < m; k++) {
      assertTrue(PerturbedHippo.residual(p.perturbed, p.lambda[k], p.v[k]) < 1e-10, "pair " + k);
      if (p.lambda[k].im() != 0) {
        boolean found = false;
        for (Complex l : p.lambda) {
          found |= l.minus(p.lambda[k].conj()).abs() < 1e-9;
        }
        assertTrue(found, "conjugate of eigenvalue " + k);
      }
    }
  }

  @Test
  void perturbationHasTheRequestedSpectralNorm() {
    int m = 16;
    double eps = 0.05;
    PerturbedHippo p = PerturbedHippo.compute(m, eps, 4);
    double[][] a = PerturbedHippo.legs(m);
    double[][] e = new double[m][m];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        e[i][j] = p.perturbed[i][j] - a[i][j];
      }
    }
    assertEquals(eps, PerturbedHippo.spectralNorm(e), 1e-9);
    double[][] diag = {{3, 0}, {0, -4}};
    assertEquals(4, PerturbedHippo.spectralNorm(diag), 1e-12);
  }

  @Test
  void perturbationBoundsTheEigenvectorConditionNumber() {
    int m = 64;
    double plain = kappa(PerturbedHippo.compute(m, 0, 5));
    double ptd = kappa(PerturbedHippo.compute(m, 0.1, 5));
    assertTrue(plain > 1e12, "unperturbed LegS is ill-conditioned: " + plain);
    assertTrue(ptd < 1e6, "PTD κ(V) = " + ptd);
  }

  @Test
  void eigenExpansionReproducesTheTransferFunction() {
    int m = 16;
    PerturbedHippo p = PerturbedHippo.compute(m, 0.1, 6);
    double[] b = new double[m];
    double[] c = new double[m];
    for (int k = 0; k < m; k++) {
      b[k] = Math.sqrt(2.0 * k + 1);
      c[k] = Math.cos(k);
    }
    double s = 0.7;
    // direct: c·(sI − Â)⁻¹·b
    Complex[][] aug = new Complex[m][m + 1];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        aug[i][j] = Complex.real((i == j ? s : 0) - p.perturbed[i][j]);
      }
      aug[i][m] = Complex.real(b[i]);
    }
    Complex[] x = ComplexSolve.solve(aug);
    Complex direct = Complex.ZERO;
    for (int i = 0; i < m; i++) {
      direct = direct.plus(x[i].times(c[i]));
    }
    // modal: Σ_k (c·v_k)(V⁻¹b)_k / (s − λ_k)
    Complex[] vb = p.solve(b);
    Complex modal = Complex.ZERO;
    for (int k = 0; k < m; k++) {
      Complex cv = Complex.ZERO;
      for (int i = 0; i < m; i++) {
        cv = cv.plus(p.v[k][i].times(c[i]));
      }
      modal = modal.plus(cv.times(vb[k]).div(Complex.real(s).minus(p.lambda[k])));
    }
    assertEquals(direct.re(), modal.re(), 1e-8 * Math.abs(direct.re()));
    assertEquals(0, modal.im(), 1e-8 * Math.abs(direct.re()));
  }

  @Test
  void keptModesTakeOneOfEachPairThenRealOnes() {
    PerturbedHippo p = PerturbedHippo.compute(32, 0.1, 7);
    int[] kept = p.keptModes(16);
    assertEquals(16, kept.length);
    int reals = 0;
    for (int k : kept) {
      assertTrue(p.lambda[k].im() <= 0, "Im λ ≤ 0");
      reals += p.lambda[k].im() == 0 ? 1 : 0;
    }
    int allReals = 0;
    for (Complex l : p.lambda) {
      allReals += l.im() == 0 ? 1 : 0;
    }
    assertEquals(allReals / 2, reals, "half of the real eigenvalues");
  }
}
