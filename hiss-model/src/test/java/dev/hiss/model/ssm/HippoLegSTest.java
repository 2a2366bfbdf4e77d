package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoLegS;
import org.junit.jupiter.api.Test;

/** The S4D-LegS modes: eigen-residuals, ordering, B mass, and the 2×2 closed form. */
class HippoLegSTest {

  @Test
  void smallestCaseHasTheClosedForm() {
    // M = 2: S = [[0, √3/2], [−√3/2, 0]], eigenvalues ±i√3/2; B_legs = (1, √3), |V^H B|² = 4/2
    HippoLegS m = HippoLegS.compute(1);
    assertEquals(-Math.sqrt(3) / 2, m.omega[0], 1e-14);
    assertEquals(Math.sqrt(2), m.b[0], 1e-13);
  }

  @Test
  void eigenpairsOfTheSkewPartForStateSize32() {
    int nKept = 32;
    int full = 2 * nKept;
    HippoLegS m = HippoLegS.compute(nKept);
    double[][] s = HippoLegS.skewPart(full);
    double massB = 0;
    for (int n = 0; n < nKept; n++) {
      assertTrue(m.omega[n] < 0, "kept eigenvalues have negative imaginary part");
      if (n > 0) {
        assertTrue(m.omega[n] > m.omega[n - 1] + 1e-6, "ascending and distinct");
      }
      Complex[] v = m.eigenvectors[n];
      double norm = 0;
      double residual = 0;
      for (int i = 0; i < full; i++) {
        Complex sv = Complex.ZERO;
        for (int k = 0; k < full; k++) {
          sv = sv.plus(v[k].times(s[i][k]));
        }
        // S v = iω v
        residual = Math.max(residual, sv.minus(v[i].times(new Complex(0, m.omega[n]))).abs());
        norm += v[i].abs() * v[i].abs();
      }
      assertEquals(1.0, norm, 1e-10, "unit eigenvector " + n);
      assertTrue(residual < 1e-9 * Math.abs(m.omega[0]), "residual " + residual + " mode " + n);
      assertTrue(m.b[n] >= 0, "phase convention: B real ≥ 0");
      massB += m.b[n] * m.b[n];
    }
    // Parseval over all M conjugate modes: Σ|V^H B|² = |B_legs|² = M², half of it kept
    assertEquals(full * full / 2.0, massB, 1e-8 * full * full);
  }

  @Test
  void legsInitUsesTheModes() {
    S4DConfig c = new S4DConfig(2, 4, 1e-3, 1e-1, Init.LEGS, Discretization.ZOH);
    S4DParams p = S4DParams.initialize(c, 3);
    HippoLegS m = HippoLegS.compute(4);
    for (int h = 0; h < 2; h++) {
      for (int n = 0; n < 4; n++) {
        assertEquals((float) m.omega[n], p.aImag[h * 4 + n]);
        assertEquals((float) m.b[n], p.bRe[h * 4 + n]);
        assertEquals(0f, p.bIm[h * 4 + n]);
        assertEquals(-0.5, -Math.exp(p.aReal[h * 4 + n]), 1e-6);
      }
    }
  }
}
