package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class S4DConfigTest {

  private static void assertInvalid(String expectedStart, Executable e) {
    Exception ex = assertThrows(RuntimeException.class, e);
    assertTrue(
        ex.getMessage().startsWith(expectedStart),
        "message '" + ex.getMessage() + "' should start with '" + expectedStart + "'");
  }

  @Test
  void defaultsAreTheS4dDefaults() {
    S4DConfig c = S4DConfig.defaults(64, 32);
    assertEquals(64, c.channels());
    assertEquals(32, c.stateSize());
    assertEquals(1e-3, c.dtMin());
    assertEquals(1e-1, c.dtMax());
    assertEquals(Init.LIN, c.init());
    assertEquals(Discretization.ZOH, c.discretization());
    assertEquals(Init.INV, c.withInit(Init.INV).init());
    assertEquals(
        Discretization.BILINEAR, c.withDiscretization(Discretization.BILINEAR).discretization());
  }

  @Test
  void badValuesNameTheFieldAndValue() {
    assertInvalid(
        "Invalid channels = 0;",
        () -> new S4DConfig(0, 4, 1e-3, 0.1, Init.LIN, Discretization.ZOH));
    assertInvalid(
        "Invalid stateSize = -3;",
        () -> new S4DConfig(2, -3, 1e-3, 0.1, Init.LIN, Discretization.ZOH));
    assertInvalid(
        "Invalid dtMin = -0.1; must be > 0",
        () -> new S4DConfig(2, 4, -0.1, 0.1, Init.LIN, Discretization.ZOH));
    assertInvalid(
        "Invalid dtMin = NaN;",
        () -> new S4DConfig(2, 4, Double.NaN, 0.1, Init.LIN, Discretization.ZOH));
    assertInvalid(
        "Invalid dtMax = 1.0E-4;",
        () -> new S4DConfig(2, 4, 1e-3, 1e-4, Init.LIN, Discretization.ZOH));
    assertInvalid(
        "Invalid dtMax = Infinity;",
        () -> new S4DConfig(2, 4, 1e-3, Double.POSITIVE_INFINITY, Init.LIN, Discretization.ZOH));
    assertInvalid(
        "Invalid init = null;", () -> new S4DConfig(2, 4, 1e-3, 0.1, null, Discretization.ZOH));
    assertInvalid(
        "Invalid discretization = null;", () -> new S4DConfig(2, 4, 1e-3, 0.1, Init.LIN, null));
  }

  @Test
  void layerRejectsBadShapes() {
    S4DLayer layer = new S4DLayer(S4DParams.initialize(S4DConfig.defaults(3, 2), 1));
    assertInvalid("Invalid u length = 5;", () -> layer.forward(new float[5], 1, 2, new float[6]));
    assertInvalid(
        "Invalid reset length = 3;",
        () -> layer.forward(new float[6], 1, 2, new float[6], null, new boolean[3], null));
    assertInvalid(
        "Invalid state shape = [1, 3, 5];",
        () -> layer.step(new float[3], new S4DState(1, 3, 5), new float[3]));
    assertInvalid(
        "Invalid xIn/yOut length = 3/3;",
        () -> layer.step(new float[3], new S4DState(2, 3, 2), new float[3]));
  }

  @Test
  void initializationFollowsTheS4dFormulas() {
    S4DConfig c = new S4DConfig(3, 4, 1e-3, 1e-1, Init.INV, Discretization.ZOH);
    S4DParams p = S4DParams.initialize(c, 7);
    double fullN = 8;
    for (int h = 0; h < 3; h++) {
      assertTrue(p.logDt[h] >= Math.log(1e-3) && p.logDt[h] <= Math.log(1e-1), "logDt range");
      for (int n = 0; n < 4; n++) {
        int i = h * 4 + n;
        assertEquals(-0.5, -Math.exp(p.aReal[i]), 1e-6);
        assertEquals(fullN / Math.PI * (fullN / (2 * n + 1) - 1), p.aImag[i], 1e-5);
        assertEquals(1f, p.bRe[i]);
        assertEquals(0f, p.bIm[i]);
      }
    }
    S4DParams lin = S4DParams.initialize(c.withInit(Init.LIN), 7);
    assertEquals(Math.PI * 3, lin.aImag[3], 1e-6);
    // Seeded: same seed, same values; another seed, other values.
    assertEquals(p.cRe[5], S4DParams.initialize(c, 7).cRe[5]);
    assertTrue(p.cRe[5] != S4DParams.initialize(c, 8).cRe[5]);
  }
}
