package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.HippoN;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The block-diagonal HiPPO-N initialization and the random parts of {@link S5Params#initialize}.
 */
class S5InitTest {

  /** HiPPO-N of size n from the definitions: A_LegS + p·pᵀ, p_k = √(k + ½). */
  private static double[][] hippoN(int n) {
    double[][] a = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double legs =
            i > k ? -Math.sqrt(2.0 * i + 1) * Math.sqrt(2.0 * k + 1) : i == k ? -(i + 1.0) : 0;
        a[i][k] = legs + Math.sqrt(i + 0.5) * Math.sqrt(k + 0.5);
      }
    }
    return a;
  }

  @ParameterizedTest(name = "P={0} J={1} conj={2}")
  @CsvSource({"32, 1, true", "32, 1, false", "64, 4, true", "24, 3, false"})
  void eigendecompositionReproducesHippoN(int p, int blocks, boolean conj) {
    HippoN init = HippoN.compute(p, blocks, conj);
    int nb = p / blocks;
    assertEquals(conj ? nb / 2 : nb, init.blockModes);
    double[][] expected = hippoN(nb);
    // V Λ V^H over the stored modes; under conjugate symmetry the conjugate half adds the complex
    // conjugate, so the real matrix is 2·Re(V Λ V^H)
    for (int j = 0; j < blocks; j++) {
      for (int i = 0; i < nb; i++) {
        for (int k = 0; k < nb; k++) {
          Complex acc = Complex.ZERO;
          for (int n = 0; n < init.blockModes; n++) {
            int m = j * init.blockModes + n;
            Complex lambda = new Complex(init.lambdaRe[m], init.lambdaIm[m]);
            acc = acc.plus(init.v[i][n].times(lambda).times(init.v[k][n].conj()));
          }
          double re = conj ? 2 * acc.re() : acc.re();
          assertEquals(expected[i][k], re, 1e-6, "block " + j + " entry (" + i + ", " + k + ")");
          if (!conj) {
            assertEquals(0.0, acc.im(), 1e-6, "imaginary part (" + i + ", " + k + ")");
          }
        }
      }
    }
    // orthonormal columns (V⁻¹ = V^H), Re λ = mean(diag) = −½, ascending Im λ within a block
    for (int n = 0; n < init.blockModes; n++) {
      for (int n2 = 0; n2 < init.blockModes; n2++) {
        Complex dot = Complex.ZERO;
        for (int k = 0; k < nb; k++) {
          dot = dot.plus(init.v[k][n].conj().times(init.v[k][n2]));
        }
        assertEquals(n == n2 ? 1.0 : 0.0, dot.abs(), 1e-9, "V^H V (" + n + ", " + n2 + ")");
      }
      assertEquals(-0.5, init.lambdaRe[n], 1e-15);
      if (n > 0) {
        assertTrue(init.lambdaIm[n] > init.lambdaIm[n - 1], "ascending");
      }
      if (conj) {
        assertTrue(init.lambdaIm[n] < 0, "kept modes have Im λ < 0");
      }
    }
    // J identical tiles
    for (int m = 0; m < init.lambdaIm.length; m++) {
      assertEquals(init.lambdaIm[m % init.blockModes], init.lambdaIm[m]);
    }
  }

  @Test
  void paramsFollowTheS5Initialization() {
    int h = 64;
    int p = 64;
    S5Config config = S5Config.defaults(h, p, 4);
    S5Params params = S5Params.initialize(config, 42);
    HippoN init = HippoN.compute(p, 4, true);
    int mc = config.modes();
    for (int m = 0; m < mc; m++) {
      assertEquals((float) init.lambdaRe[m], params.lambdaRe[m]);
      assertEquals((float) init.lambdaIm[m], params.lambdaIm[m]);
      double dt = Math.exp(params.logDt[m]);
      assertTrue(dt >= 1e-3 * (1 - 1e-6) && dt <= 1e-1 * (1 + 1e-6), "Δ in [dtMin, dtMax]");
    }
    // B̃ = V⁻¹B with a real B: B = V B̃ + conj(V B̃) = 2·Re(V B̃) per block, a truncated normal
    int nb = init.blockSize;
    double bound = 2 / Math.sqrt(p) / 0.87962566103423978;
    double sumSq = 0;
    for (int j = 0; j < 4; j++) {
      for (int k = 0; k < nb; k++) {
        for (int c = 0; c < h; c++) {
          double b = 0;
          for (int n = 0; n < init.blockModes; n++) {
            int i = (j * init.blockModes + n) * h + c;
            b += 2 * init.v[k][n].times(new Complex(params.bRe[i], params.bIm[i])).re();
          }
          assertTrue(Math.abs(b) <= bound + 1e-5, "B within the truncation bound: " + b);
          sumSq += b * b;
        }
      }
    }
    assertEquals(1.0 / p, sumSq / (p * h), 0.1 / p, "Var B = 1/P (lecun normal)");
    // C̃ = CV with complex C of variance 2/P per entry: E|C̃|² = 2/P
    double cSq = 0;
    for (int i = 0; i < params.cRe.length; i++) {
      cSq += params.cRe[i] * params.cRe[i] + params.cIm[i] * params.cIm[i];
    }
    assertEquals(2.0 / p, cSq / params.cRe.length, 0.2 / p, "E|C̃|²");
    double dMean = 0;
    for (float d : params.d) {
      dMean += d / h;
    }
    assertTrue(Math.abs(dMean) < 0.5, "D ~ N(0, 1)");
    // deterministic per seed, different across seeds
    assertArrayEquals(params.bRe, S5Params.initialize(config, 42).bRe);
    assertTrue(params.cIm[0] != S5Params.initialize(config, 43).cIm[0]);
  }
}
