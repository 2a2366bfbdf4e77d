package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.internal.Activations;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mamba_ssm 1.x initialization (HISS-MATH §3.4) and the parameter container. */
class MambaParamsTest {

  private static final MambaConfig CONFIG = MambaConfig.defaults(64);

  private static void assertUniform(float[] a, double bound, String what) {
    double max = 0;
    double sum = 0;
    for (float v : a) {
      max = Math.max(max, Math.abs(v));
      sum += v;
    }
    assertTrue(max <= bound, what + ": max |w| = " + max + " > bound " + bound);
    assertTrue(max > 0.9 * bound, what + ": max |w| = " + max + " does not fill ±" + bound);
    double mean = sum / a.length;
    assertTrue(Math.abs(mean) < 4 * bound / Math.sqrt(3 * a.length), what + ": mean " + mean);
  }

  @Test
  void initializationFollowsMambaSsm() {
    MambaParams p = MambaParams.initialize(CONFIG, 7);
    int di = CONFIG.dInner();
    assertEquals(2 * di * 64, p.inProj.length);
    assertEquals(di * 4, p.convWeight.length);
    assertEquals((4 + 32) * di, p.xProj.length);
    assertEquals(di * 4, p.dtProjWeight.length);
    assertEquals(di * 16, p.aLog.length);
    assertEquals(64 * di, p.outProj.length);
    assertUniform(p.inProj, 1 / Math.sqrt(64), "inProj");
    assertUniform(p.convWeight, 0.5, "convWeight");
    assertUniform(p.convBias, 0.5, "convBias");
    assertUniform(p.xProj, 1 / Math.sqrt(di), "xProj");
    assertUniform(p.dtProjWeight, 0.5, "dtProjWeight"); // dtRank 4: 4^-1/2 · dtScale 1
    assertUniform(p.outProj, 1 / Math.sqrt(di), "outProj");
    double logLo = 0;
    for (int i = 0; i < di; i++) {
      assertEquals(1f, p.d[i]);
      for (int n = 0; n < 16; n++) {
        assertEquals((float) Math.log(n + 1), p.aLog[i * 16 + n], "aLog = ln(1..N)");
      }
      double dt = Activations.softplus(p.dtProjBias[i]);
      assertTrue(dt >= 1e-3 * (1 - 1e-5) && dt <= 0.1 * (1 + 1e-5), "softplus(bias) = " + dt);
      logLo += Math.log(dt);
    }
    // log Δ is uniform on [ln 1e-3, ln 1e-1]: mean ≈ ln 1e-2
    assertEquals(Math.log(1e-2), logLo / di, 0.4);
  }

  @Test
  void dtFloorAndInverseSoftplus() {
    MambaConfig floored = new MambaConfig(8, 4, 4, 2, 1, 1e-6, 1e-5, 1.0, 1e-4);
    MambaParams p = MambaParams.initialize(floored, 3);
    for (float b : p.dtProjBias) {
      assertEquals(1e-4, Activations.softplus(b), 1e-9, "clamped at dtInitFloor");
    }
    for (double y : List.of(1e-4, 1e-3, 0.05, 0.1, 3.0)) {
      assertEquals(y, Activations.softplus(Activations.inverseSoftplus(y)), 1e-12 * y + 1e-16);
    }
    assertEquals(25.0, Activations.softplus(25.0), 0.0, "identity above the threshold");
    assertEquals(1.0, Activations.softplusGrad(25.0), 0.0);
  }

  @Test
  void seededDeterministicCopyAndClear() {
    MambaParams a = MambaParams.initialize(CONFIG, 11);
    MambaParams b = MambaParams.initialize(CONFIG, 11);
    MambaParams c = MambaParams.initialize(CONFIG, 12);
    assertArrayEquals(a.inProj, b.inProj);
    assertArrayEquals(a.dtProjBias, b.dtProjBias);
    assertFalse(Arrays.equals(a.inProj, c.inProj));
    MambaParams copy = a.copy();
    copy.clear();
    assertArrayEquals(b.outProj, a.outProj, "copy is deep");
    for (float[] arr : copy.arrays().values()) {
      for (float v : arr) {
        assertEquals(0f, v);
      }
    }
    assertEquals(
        List.of(
            "inProj",
            "convWeight",
            "convBias",
            "xProj",
            "dtProjWeight",
            "dtProjBias",
            "aLog",
            "d",
            "outProj"),
        List.copyOf(a.arrays().keySet()));
  }
}
