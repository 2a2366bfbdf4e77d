package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoN;
import dev.hiss.model.ssm.internal.PerturbedHippo;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The S5-PTD initialization: decomposition, spectrum, wiring into {@link S5Params}, seeding. */
class S5PtdInitTest {

  /** ‖M x − λ x‖₂ / ‖x‖₂ for a real matrix M. */
  private static double residual(double[][] a, Complex lambda, Complex[] x) {
    double r2 = 0;
    double x2 = 0;
    for (int i = 0; i < a.length; i++) {
      Complex r = x[i].times(lambda).times(-1);
      for (int j = 0; j < a.length; j++) {
        r = r.plus(x[j].times(a[i][j]));
      }
      r2 += r.re() * r.re() + r.im() * r.im();
      x2 += x[i].re() * x[i].re() + x[i].im() * x[i].im();
    }
    return Math.sqrt(r2 / x2);
  }

  private static Complex[] column(HippoN init, int n) {
    Complex[] x = new Complex[init.blockSize];
    for (int k = 0; k < init.blockSize; k++) {
      x[k] = init.v[k][n];
    }
    return x;
  }

  /** (a) V·Λ·V⁻¹ reconstructs the block matrix (Â for PTD, HiPPO-N otherwise), all modes kept. */
  @ParameterizedTest(name = "P={0} J={1} eps={2}")
  @CsvSource({"16, 1, 0.1", "24, 2, 0.01", "32, 1, 1.0", "8, 1, 0"})
  void decompositionReconstructsTheBlockMatrix(int p, int blocks, double eps) {
    HippoN init =
        eps > 0 ? HippoN.perturbed(p, blocks, false, eps, 5) : HippoN.compute(p, blocks, false);
    int nb = p / blocks;
    assertEquals(nb, init.blockModes);
    double[][] a = init.blockMatrix;
    double norm = 0;
    double err = 0;
    for (int i = 0; i < nb; i++) {
      for (int k = 0; k < nb; k++) {
        Complex acc = Complex.ZERO;
        Complex id = Complex.ZERO;
        for (int n = 0; n < nb; n++) {
          Complex lambda = new Complex(init.lambdaRe[n], init.lambdaIm[n]);
          acc = acc.plus(init.v[i][n].times(lambda).times(init.vinv[n][k]));
          id = id.plus(init.vinv[i][n].times(init.v[n][k]));
        }
        assertEquals(0.0, acc.im(), 1e-8, "imaginary part (" + i + ", " + k + ")");
        err += Math.pow(acc.re() - a[i][k], 2);
        norm += a[i][k] * a[i][k];
        assertEquals(i == k ? 1.0 : 0.0, id.abs(), 1e-8, "V⁻¹V (" + i + ", " + k + ")");
      }
    }
    assertTrue(Math.sqrt(err / norm) < 1e-9, "‖VΛV⁻¹ − A‖/‖A‖ = " + Math.sqrt(err / norm));
    if (eps > 0) {
      // Â is LegS plus a perturbation of norm eps: ‖Â − A_LegS‖_F ≥ eps, ≤ √nb·eps
      double[][] legs = PerturbedHippo.legs(nb);
      double d = 0;
      for (int i = 0; i < nb; i++) {
        for (int k = 0; k < nb; k++) {
          d += Math.pow(a[i][k] - legs[i][k], 2);
        }
      }
      d = Math.sqrt(d);
      assertTrue(d >= eps * (1 - 1e-6) && d <= Math.sqrt(nb) * eps * (1 + 1e-6), "‖E‖_F = " + d);
    }
  }

  /**
   * (b) every stored eigenpair of Â = A + E is an ε-pseudo-eigenpair of the unperturbed LegS
   * matrix, ‖A·v − λ·v‖ = ‖E·v‖ ≤ ε‖v‖, and every mode is stable; the modes tile the J blocks.
   */
  @ParameterizedTest(name = "P={0} J={1} eps={2} conj={3}")
  @CsvSource({"16, 1, 0.1, true", "32, 2, 0.1, false", "64, 1, 0.5, true", "24, 3, 1e-3, true"})
  void eigenvaluesLieInThePseudospectrumOfLegsAndAreStable(
      int p, int blocks, double eps, boolean conj) {
    HippoN init = HippoN.perturbed(p, blocks, conj, eps, 17);
    int nb = p / blocks;
    assertEquals(conj ? nb / 2 : nb, init.blockModes);
    double[][] legs = PerturbedHippo.legs(nb);
    double traceLegs = 0;
    for (int k = 0; k < nb; k++) {
      traceLegs += legs[k][k];
    }
    double trace = 0;
    for (int n = 0; n < init.blockModes; n++) {
      Complex lambda = new Complex(init.lambdaRe[n], init.lambdaIm[n]);
      double r = residual(legs, lambda, column(init, n));
      assertTrue(r <= eps * (1 + 1e-6), "mode " + n + ": ‖(A − λ)v‖/‖v‖ = " + r + " > " + eps);
      assertTrue(init.lambdaRe[n] < 0, "stable mode " + n + ": Re λ = " + init.lambdaRe[n]);
      trace += conj && init.lambdaIm[n] != 0 ? 2 * init.lambdaRe[n] : init.lambdaRe[n];
      if (conj) {
        assertTrue(init.lambdaIm[n] <= 0, "kept modes have Im λ ≤ 0");
      }
    }
    if (!conj) {
      // Σλ = tr(A + E) and |tr E| ≤ nb·ε
      assertEquals(traceLegs, trace, nb * eps, "trace");
    }
    // unlike HiPPO-N (Re λ = −½ everywhere) the decay rates keep LegS's spread
    double[] re = Arrays.copyOf(init.lambdaRe, init.blockModes);
    Arrays.sort(re);
    assertTrue(re[0] < 2 * re[re.length - 1] - 0.5, "spread of Re λ " + Arrays.toString(re));
    for (int m = 0; m < init.lambdaRe.length; m++) {
      assertEquals(init.lambdaRe[m % init.blockModes], init.lambdaRe[m], "tile " + m);
      assertEquals(init.lambdaIm[m % init.blockModes], init.lambdaIm[m], "tile " + m);
    }
  }

  /** S5Params takes Λ, B̃ = V⁻¹B, C̃ = CV from the decomposition and the rest from the seed. */
  @Test
  void paramsComeFromThePerturbedDecomposition() {
    S5Config plainConfig = S5Config.defaults(3, 16, 2);
    S5Config config = plainConfig.withPtdEpsilon(0.2);
    long seed = 42;
    S5Params p = S5Params.initialize(config, seed);
    S5Params plain = S5Params.initialize(plainConfig, seed);
    HippoN init = HippoN.perturbed(16, 2, true, 0.2, S5Params.ptdSeed(seed));
    HippoN plainInit = HippoN.compute(16, 2, true);
    for (int m = 0; m < config.modes(); m++) {
      assertEquals((float) init.lambdaRe[m], p.lambdaRe[m]);
      assertEquals((float) init.lambdaIm[m], p.lambdaIm[m]);
    }
    assertArrayEquals(plain.d, p.d, "same D draw");
    assertArrayEquals(plain.logDt, p.logDt, "same Δ draw");
    // recover B and C from the plain init (unitary V) and re-project them with the PTD V⁻¹, V
    int h = 3;
    int m = config.modes();
    double[] b = new double[16 * h];
    double[] cr = new double[h * 16];
    double[] ci = new double[h * 16];
    for (int j = 0; j < 2; j++) {
      for (int k = 0; k < 8; k++) {
        for (int n = 0; n < 4; n++) {
          Complex v = plainInit.v[k][n];
          for (int c = 0; c < h; c++) {
            // B = 2·Re(V B̃) over the kept conjugate half (B real); C = C̃ V^H likewise
            Complex bt =
                new Complex(plain.bRe[(j * 4 + n) * h + c], plain.bIm[(j * 4 + n) * h + c]);
            b[(j * 8 + k) * h + c] += 2 * v.times(bt).re();
          }
        }
      }
    }
    double[][] bt = init.vinvTimes(b, h);
    for (int i = 0; i < m * h; i++) {
      assertEquals(bt[0][i], p.bRe[i], 1e-5, "Re B̃ " + i);
      assertEquals(bt[1][i], p.bIm[i], 1e-5, "Im B̃ " + i);
    }
    assertFalse(Arrays.equals(plain.cRe, p.cRe), "C̃ re-projected");
    for (float x : p.cRe) {
      assertTrue(Float.isFinite(x));
    }
  }

  /** (d) the same seed gives identical parameters, another seed another perturbation. */
  @Test
  void sameSeedSameParams() {
    S5Config config = S5Config.defaults(2, 16, 1).withPtdEpsilon(0.1);
    Map<String, float[]> a = S5Params.initialize(config, 7).arrays();
    Map<String, float[]> b = S5Params.initialize(config, 7).arrays();
    a.forEach((k, v) -> assertArrayEquals(v, b.get(k), k));
    S5Params c = S5Params.initialize(config, 8);
    assertFalse(Arrays.equals(a.get("lambdaIm"), c.lambdaIm), "another seed, another E");
    S5Params plain = S5Params.initialize(config.withPtdEpsilon(0), 7);
    assertFalse(Arrays.equals(a.get("lambdaRe"), plain.lambdaRe), "PTD differs from HiPPO-N");
  }

  /** The PTD-initialized layer runs and stays finite on a long input. */
  @Test
  void layerStaysFiniteOnALongInput() {
    S5Config config = S5Config.defaults(2, 32, 2).withPtdEpsilon(0.1);
    S5Layer layer = new S5Layer(S5Params.initialize(config, 3));
    float[] u = S4DTestSupport.randomFloats(5000 * 2, 1);
    float[] y = new float[u.length];
    layer.forward(u, 1, 5000, y);
    for (float v : y) {
      assertTrue(Float.isFinite(v), "finite output");
    }
  }
}
