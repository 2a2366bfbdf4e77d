package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoLegS;
import org.junit.jupiter.api.Test;

/**
 * The HiPPO-LegS DPLR initialization: V·(Λ − P·P^H)·V^H over the full conjugate-expanded basis
 * reproduces the dense HiPPO-LegS matrix A_nk = −√(2n+1)√(2k+1) (n &gt; k), −(n+1) (n = k), 0 (n
 * &lt; k), and S4Params.initialize stores exactly those values (rounded to float32).
 */
class S4InitTest {

  /** The dense HiPPO-LegS matrix of size m. */
  private static double[][] legs(int m) {
    double[][] a = new double[m][m];
    for (int n = 0; n < m; n++) {
      for (int k = 0; k <= n; k++) {
        a[n][k] = n > k ? -Math.sqrt(2.0 * n + 1) * Math.sqrt(2.0 * k + 1) : -(n + 1);
      }
    }
    return a;
  }

  /** max |V·(Λ − P·P^H)·V^H − A_legs| (complex), with the conjugate half appended. */
  private static double reconstructionError(
      HippoLegS modes, double[] lamRe, double[] lamIm, Complex[] p) {
    int nKept = p.length;
    int m = 2 * nKept;
    Complex[][] v = new Complex[m][m]; // v[col][row]
    Complex[] lam = new Complex[m];
    Complex[] pf = new Complex[m];
    for (int n = 0; n < nKept; n++) {
      v[n] = modes.eigenvectors[n];
      v[nKept + n] = new Complex[m];
      for (int k = 0; k < m; k++) {
        v[nKept + n][k] = v[n][k].conj();
      }
      lam[n] = new Complex(lamRe[n], lamIm[n]);
      lam[nKept + n] = lam[n].conj();
      pf[n] = p[n];
      pf[nKept + n] = p[n].conj();
    }
    double[][] a = legs(m);
    double err = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        Complex sum = Complex.ZERO;
        for (int x = 0; x < m; x++) {
          for (int y = 0; y < m; y++) {
            Complex inner = pf[x].times(pf[y].conj()).times(-1);
            if (x == y) {
              inner = inner.plus(lam[x]);
            }
            sum = sum.plus(v[x][i].times(inner).times(v[y][j].conj()));
          }
        }
        err = Math.max(err, sum.minus(Complex.real(a[i][j])).abs());
      }
    }
    return err;
  }

  @Test
  void dplrFormReproducesDenseHippoLegs() {
    int nKept = 16; // full HiPPO size 32
    HippoLegS modes = HippoLegS.compute(nKept);
    Complex[] p = modes.project(HippoLegS.rankCorrection(2 * nKept));
    double[] lamRe = new double[nKept];
    java.util.Arrays.fill(lamRe, -0.5);
    double err = reconstructionError(modes, lamRe, modes.omega, p);
    assertTrue(err < 1e-6, "double-precision DPLR reconstruction error " + err);
    // P = V^H·√(k+½) = V^H·B_legs/√2 (B_legs = √(2k+1)), real ≥ 0 under the phase convention
    for (int n = 0; n < nKept; n++) {
      assertEquals(modes.b[n] / Math.sqrt(2), p[n].re(), 1e-10);
      assertEquals(0, p[n].im(), 1e-10);
    }
  }

  @Test
  void initializeStoresTheDplrModes() {
    int nKept = 8;
    S4Config config = S4Config.defaults(3, nKept);
    S4Params params = S4Params.initialize(config, 9);
    HippoLegS modes = HippoLegS.compute(nKept);
    Complex[] p = modes.project(HippoLegS.rankCorrection(2 * nKept));
    for (int h = 0; h < 3; h++) {
      double dt = Math.exp(params.logDt[h]);
      assertTrue(dt >= 1e-3 * (1 - 1e-6) && dt <= 1e-1 * (1 + 1e-6), "Δ in [dtMin, dtMax]");
      double[] lamRe = new double[nKept];
      double[] lamIm = new double[nKept];
      Complex[] pf = new Complex[nKept];
      for (int n = 0; n < nKept; n++) {
        int i = h * nKept + n;
        assertEquals((float) Math.log(0.5), params.aReal[i]);
        assertEquals((float) modes.omega[n], params.aImag[i]);
        assertEquals((float) p[n].re(), params.pRe[i]);
        assertEquals((float) p[n].im(), params.pIm[i]);
        assertEquals((float) modes.b[n], params.bRe[i]);
        assertEquals(0f, params.bIm[i]);
        lamRe[n] = -Math.exp(params.aReal[i]);
        lamIm[n] = params.aImag[i];
        pf[n] = new Complex(params.pRe[i], params.pIm[i]);
      }
      double err = reconstructionError(modes, lamRe, lamIm, pf);
      assertTrue(err < 1e-4 * 2 * nKept, "float32 DPLR reconstruction error " + err);
    }
    assertTrue(params.d[0] != params.d[1] && params.cRe[0] != params.cRe[nKept], "random C, D");
  }
}
