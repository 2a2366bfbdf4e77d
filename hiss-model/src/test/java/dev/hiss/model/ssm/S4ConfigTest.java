package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class S4ConfigTest {

  private static void assertInvalid(String expectedStart, Executable e) {
    Exception ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(
        ex.getMessage().startsWith(expectedStart),
        "message '" + ex.getMessage() + "' should start with '" + expectedStart + "'");
  }

  @Test
  void defaultsAreTheS4Defaults() {
    S4Config c = S4Config.defaults(64);
    assertEquals(64, c.channels());
    assertEquals(32, c.stateSize()); // d_state 64 = 32 conjugate pairs
    assertEquals(1e-3, c.dtMin());
    assertEquals(1e-1, c.dtMax());
    assertEquals(new S4Config(8, 4, 1e-3, 1e-1), S4Config.defaults(8, 4));
  }

  @Test
  void badValuesNameTheFieldAndValue() {
    assertInvalid("Invalid channels = 0;", () -> new S4Config(0, 4, 1e-3, 0.1));
    assertInvalid("Invalid channels = -3;", () -> new S4Config(-3, 4, 1e-3, 0.1));
    assertInvalid("Invalid stateSize = 0;", () -> new S4Config(2, 0, 1e-3, 0.1));
    assertInvalid("Invalid dtMin = -0.1; must be > 0", () -> new S4Config(2, 4, -0.1, 0.1));
    assertInvalid("Invalid dtMin = 0.0;", () -> new S4Config(2, 4, 0.0, 0.1));
    assertInvalid("Invalid dtMin = NaN;", () -> new S4Config(2, 4, Double.NaN, 0.1));
    assertInvalid(
        "Invalid dtMin = Infinity;",
        () -> new S4Config(2, 4, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertInvalid("Invalid dtMax = 0.001;", () -> new S4Config(2, 4, 0.01, 0.001));
    assertInvalid("Invalid dtMax = NaN;", () -> new S4Config(2, 4, 0.01, Double.NaN));
    new S4Config(1, 1, 0.01, 0.01); // dtMax == dtMin is allowed
  }

  @Test
  void layerRejectsBadShapes() {
    S4Config c = S4Config.defaults(2, 3);
    S4Layer layer = new S4Layer(S4Params.initialize(c, 1));
    float[] y = new float[2 * 5 * 2];
    assertInvalid("Invalid u length = 19;", () -> layer.forward(new float[19], 2, 5, y));
    assertInvalid("Invalid batch/length = 0/5;", () -> layer.forward(y, 0, 5, y));
    assertInvalid(
        "Invalid reset length = 3;",
        () -> layer.forward(y, 2, 5, y.clone(), null, new boolean[3], null));
    assertInvalid(
        "Invalid initial state shape = [1, 2, 3];",
        () -> layer.forward(y, 2, 5, y.clone(), layer.initialState(1), null, null));
    assertInvalid(
        "Invalid xIn/yOut length = 3/4;",
        () -> layer.step(new float[3], layer.initialState(2), new float[4]));
    assertInvalid("Invalid batch = 0;", () -> layer.initialState(0));
    S4Params wrong = S4Params.zeros(S4Config.defaults(2, 4));
    assertInvalid(
        "Invalid grads config =", () -> layer.backward(y, y, 2, 5, null, null, null, wrong, null));
  }
}
