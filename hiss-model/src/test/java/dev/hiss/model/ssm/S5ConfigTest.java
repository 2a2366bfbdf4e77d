package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation, defaults and derived sizes of {@link S5Config}. */
class S5ConfigTest {

  private static void rejects(String message, Executable e) {
    Exception ex = assertThrows(RuntimeException.class, e);
    assertEquals(message, ex.getMessage());
  }

  @Test
  void defaultsMatchThePaper() {
    S5Config c = S5Config.defaults(16, 64, 4);
    assertEquals(1e-3, c.dtMin());
    assertEquals(1e-1, c.dtMax());
    assertEquals(Discretization.ZOH, c.discretization());
    assertTrue(c.conjSym());
    assertFalse(c.clipEigs());
    assertEquals(32, c.modes());
    assertEquals(2, c.outputScale());
    S5Config full =
        c.withConjSym(false).withClipEigs(true).withDiscretization(Discretization.BILINEAR);
    assertEquals(64, full.modes());
    assertEquals(1, full.outputScale());
    assertTrue(full.clipEigs());
    assertEquals(Discretization.BILINEAR, full.discretization());
    assertEquals(32, S5Params.zeros(c).logDt.length, "one Δ per stored mode");
    assertEquals(32 * 16, S5Params.zeros(c).bRe.length);
  }

  @Test
  void rejectsInvalidFields() {
    rejects("Invalid channels = 0; must be > 0", () -> S5Config.defaults(0, 4, 1));
    rejects("Invalid stateSize = 3; must be even and >= 2", () -> S5Config.defaults(2, 3, 1));
    rejects("Invalid stateSize = 0; must be even and >= 2", () -> S5Config.defaults(2, 0, 1));
    rejects("Invalid stateSize = -2; must be even and >= 2", () -> S5Config.defaults(2, -2, 1));
    rejects(
        "Invalid blocks = 3; must be > 0 and divide stateSize = 8 into blocks of even size",
        () -> S5Config.defaults(2, 8, 3));
    rejects(
        "Invalid blocks = 4; must be > 0 and divide stateSize = 4 into blocks of even size",
        () -> S5Config.defaults(2, 4, 4));
    rejects(
        "Invalid blocks = 0; must be > 0 and divide stateSize = 4 into blocks of even size",
        () -> S5Config.defaults(2, 4, 0));
    rejects(
        "Invalid dtMin = 0.0; must be > 0 and finite",
        () -> new S5Config(2, 4, 1, 0, 1e-1, Discretization.ZOH, true, false));
    rejects(
        "Invalid dtMin = NaN; must be > 0 and finite",
        () -> new S5Config(2, 4, 1, Double.NaN, 1e-1, Discretization.ZOH, true, false));
    rejects(
        "Invalid dtMax = 1.0E-4; must be finite and >= dtMin = 0.001",
        () -> new S5Config(2, 4, 1, 1e-3, 1e-4, Discretization.ZOH, true, false));
    rejects(
        "Invalid dtMax = Infinity; must be finite and >= dtMin = 0.001",
        () ->
            new S5Config(2, 4, 1, 1e-3, Double.POSITIVE_INFINITY, Discretization.ZOH, true, false));
    rejects(
        "Invalid discretization = null; must be one of ZOH, BILINEAR",
        () -> new S5Config(2, 4, 1, 1e-3, 1e-1, null, true, false));
    rejects(
        "Invalid ptdEpsilon = -0.1; must be 0 (HiPPO-N init) or in (0, 10.0] (S5-PTD init)",
        () -> S5Config.defaults(2, 4, 1).withPtdEpsilon(-0.1));
    rejects(
        "Invalid ptdEpsilon = NaN; must be 0 (HiPPO-N init) or in (0, 10.0] (S5-PTD init)",
        () -> S5Config.defaults(2, 4, 1).withPtdEpsilon(Double.NaN));
    rejects(
        "Invalid ptdEpsilon = Infinity; must be 0 (HiPPO-N init) or in (0, 10.0] (S5-PTD init)",
        () -> new S5Config(2, 4, 1, 1e-3, 1e-1, Discretization.ZOH, true, false, 1 / 0.0));
    rejects(
        "Invalid ptdEpsilon = 10.5; must be 0 (HiPPO-N init) or in (0, 10.0] (S5-PTD init)",
        () -> S5Config.defaults(2, 4, 1).withPtdEpsilon(10.5));
    rejects("Invalid batch = 0; must be > 0", () -> new S5State(0, 2));
  }
}
