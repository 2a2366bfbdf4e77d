package dev.hiss.model.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Validation messages and the initialization (torch's U(±1/√H), forget-gate bias). */
class LstmConfigTest {

  private static String message(Executable e) {
    return assertThrows(IllegalArgumentException.class, e).getMessage();
  }

  @Test
  void invalidFieldsAreNamed() {
    assertEquals("Invalid inputSize = 0; must be > 0", message(() -> new LstmConfig(0, 2, 1)));
    assertEquals("Invalid hiddenSize = -1; must be > 0", message(() -> new LstmConfig(2, -1, 1)));
    assertEquals(
        "Invalid forgetBias = NaN; must be finite",
        message(() -> new LstmConfig(2, 2, Double.NaN)));
    assertEquals("Invalid batch = 0; must be > 0", message(() -> new LstmState(0, 2)));
  }

  @Test
  void initializationIsTorchUniformWithTheForgetBias() {
    int hid = 16;
    LstmConfig c = new LstmConfig(3, hid, 0.75);
    LstmParams p = LstmParams.initialize(c, 9);
    double k = 1 / Math.sqrt(hid);
    assertEquals(4 * hid * 3, p.wIh.length);
    assertEquals(4 * hid * hid, p.wHh.length);
    double max = 0;
    for (float v : p.wHh) {
      assertTrue(Math.abs(v) <= k, "|w| <= 1/sqrt(H)");
      max = Math.max(max, Math.abs(v));
    }
    assertTrue(max > 0.9 * k, "weights spread over the whole range");
    for (int r = 0; r < 4 * hid; r++) {
      boolean forget = r >= hid && r < 2 * hid;
      if (forget) {
        assertEquals(0.75f, p.bIh[r] + p.bHh[r], "forget-gate bias row " + r);
      } else {
        assertTrue(Math.abs(p.bIh[r]) <= k && Math.abs(p.bHh[r]) <= k);
      }
    }
    assertEquals(p.wIh[5], LstmParams.initialize(c, 9).wIh[5], "deterministic for a seed");
    assertNotEquals(p.wIh[5], LstmParams.initialize(c, 10).wIh[5]);
  }
}
