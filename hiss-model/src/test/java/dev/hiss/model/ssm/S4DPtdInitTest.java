package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.internal.Complex;
import dev.hiss.model.ssm.internal.PerturbedHippo;
import org.junit.jupiter.api.Test;

/** S4D-PTD initialization: modes and B from the perturbed LegS diagonalization. */
class S4DPtdInitTest {

  @Test
  void modesAndInputProjectionComeFromThePerturbedDiagonalization() {
    S4DConfig config = S4DConfig.defaults(2, 8);
    long seed = 9;
    S4DParams p = S4DParams.initializePtd(config, 0.1, seed);
    S4DParams plain = S4DParams.initialize(config, seed);
    PerturbedHippo ptd = PerturbedHippo.compute(16, 0.1, seed ^ 0x9E3779B97F4A7C15L);
    double[] b = new double[16];
    for (int k = 0; k < 16; k++) {
      b[k] = Math.sqrt(2.0 * k + 1);
    }
    Complex[] vb = ptd.solve(b);
    int[] kept = ptd.keptModes(8);
    for (int h = 0; h < 2; h++) {
      assertEquals(plain.logDt[h], p.logDt[h], "same Δ draw");
      assertEquals(plain.d[h], p.d[h], "same D draw");
      for (int n = 0; n < 8; n++) {
        int i = h * 8 + n;
        Complex lambda = ptd.lambda[kept[n]];
        assertTrue(lambda.re() < 0, "stable mode");
        assertEquals(lambda.re(), -Math.exp(p.aReal[i]), 1e-5 * Math.abs(lambda.re()));
        assertEquals(lambda.im(), p.aImag[i], 1e-5 * (1 + Math.abs(lambda.im())));
        assertEquals(vb[kept[n]].re(), p.bRe[i], 1e-5 * (1 + vb[kept[n]].abs()));
        assertEquals(vb[kept[n]].im(), p.bIm[i], 1e-5 * (1 + vb[kept[n]].abs()));
        assertEquals(plain.cRe[i], p.cRe[i], "same C draw");
      }
    }
    // the layer runs and stays finite on a long input
    S4DLayer layer = new S4DLayer(p);
    float[] u = S4DTestSupport.randomFloats(2000 * 2, 1);
    float[] y = new float[u.length];
    layer.forward(u, 1, 2000, y);
    for (float v : y) {
      assertTrue(Float.isFinite(v), "finite output");
    }
    assertThrows(IllegalArgumentException.class, () -> S4DParams.initializePtd(config, 0, 1));
  }
}
