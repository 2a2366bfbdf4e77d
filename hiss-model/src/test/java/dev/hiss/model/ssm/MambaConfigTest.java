package dev.hiss.model.ssm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class MambaConfigTest {

  private static void assertInvalid(String expectedStart, Executable e) {
    Exception ex = assertThrows(IllegalArgumentException.class, e);
    assertTrue(
        ex.getMessage().startsWith(expectedStart),
        "message '" + ex.getMessage() + "' should start with '" + expectedStart + "'");
  }

  private static MambaConfig make(int dModel, int dState, int dConv, int expand, int dtRank) {
    return new MambaConfig(dModel, dState, dConv, expand, dtRank, 1e-3, 0.1, 1.0, 1e-4);
  }

  @Test
  void defaultsAreTheMambaSsmDefaults() {
    MambaConfig c = MambaConfig.defaults(64);
    assertEquals(64, c.dModel());
    assertEquals(16, c.dState());
    assertEquals(4, c.dConv());
    assertEquals(2, c.expand());
    assertEquals(4, c.dtRank());
    assertEquals(1e-3, c.dtMin());
    assertEquals(0.1, c.dtMax());
    assertEquals(1.0, c.dtScale());
    assertEquals(1e-4, c.dtInitFloor());
    assertEquals(128, c.dInner());
    assertEquals(4 + 32, c.xProjWidth());
    // dtRank = ceil(dModel / 16)
    assertEquals(1, MambaConfig.defaults(1).dtRank());
    assertEquals(1, MambaConfig.defaults(16).dtRank());
    assertEquals(2, MambaConfig.defaults(17).dtRank());
    assertEquals(8, MambaConfig.defaults(128).dtRank());
    MambaConfig small = c.withSizes(3, 2, 3, 5);
    assertEquals(make(64, 3, 2, 3, 5), small);
  }

  @Test
  void badSizesNameTheFieldAndValue() {
    assertInvalid("Invalid dModel = 0; must be >= 1", () -> make(0, 16, 4, 2, 1));
    assertInvalid("Invalid dModel = 0; must be >= 1", () -> MambaConfig.defaults(0));
    assertInvalid("Invalid dState = 0; must be >= 1", () -> make(8, 0, 4, 2, 1));
    assertInvalid("Invalid dConv = -1; must be >= 1", () -> make(8, 16, -1, 2, 1));
    assertInvalid("Invalid expand = 0; must be >= 1", () -> make(8, 16, 4, 0, 1));
    assertInvalid("Invalid dtRank = 0; must be >= 1", () -> make(8, 16, 4, 2, 0));
    assertInvalid("Invalid expand·dModel = ", () -> make(1 << 20, 16, 4, 1 << 10, 1));
  }

  @Test
  void badDeltaSettingsNameTheFieldAndValue() {
    assertInvalid(
        "Invalid dtMin = 0.0; must be > 0",
        () -> new MambaConfig(8, 16, 4, 2, 1, 0.0, 0.1, 1, 1e-4));
    assertInvalid(
        "Invalid dtMin = NaN;", () -> new MambaConfig(8, 16, 4, 2, 1, Double.NaN, 0.1, 1, 1e-4));
    assertInvalid(
        "Invalid dtMax = 1.0E-4; must be finite and >= dtMin = 0.001",
        () -> new MambaConfig(8, 16, 4, 2, 1, 1e-3, 1e-4, 1, 1e-4));
    assertInvalid(
        "Invalid dtMax = Infinity;",
        () -> new MambaConfig(8, 16, 4, 2, 1, 1e-3, Double.POSITIVE_INFINITY, 1, 1e-4));
    assertInvalid(
        "Invalid dtScale = 0.0; must be > 0",
        () -> new MambaConfig(8, 16, 4, 2, 1, 1e-3, 0.1, 0, 1e-4));
    assertInvalid(
        "Invalid dtInitFloor = -1.0E-4; must be >= 0",
        () -> new MambaConfig(8, 16, 4, 2, 1, 1e-3, 0.1, 1, -1e-4));
  }

  @Test
  void layerRejectsMismatchedShapes() {
    MambaConfig c = make(4, 3, 4, 2, 1);
    MambaLayer layer = new MambaLayer(MambaParams.zeros(c));
    assertInvalid(
        "Invalid u length = 7; must be batch·length·dModel = 8",
        () -> layer.forward(new float[7], 1, 2, new float[8]));
    assertInvalid(
        "Invalid reset length = 3;",
        () -> layer.forward(new float[8], 1, 2, new float[8], null, new boolean[3], null));
    assertInvalid(
        "Invalid initial state shape = [2, 8, 3]",
        () -> layer.forward(new float[8], 1, 2, new float[8], layer.initialState(2), null, null));
    assertInvalid(
        "Invalid grads config = ",
        () ->
            layer.backward(
                new float[8],
                new float[8],
                1,
                2,
                null,
                null,
                null,
                MambaParams.zeros(make(4, 2, 4, 2, 1))));
    assertInvalid(
        "Invalid xIn/yOut length = 3/4;",
        () -> layer.step(new float[3], layer.initialState(1), new float[4]));
    assertInvalid("Invalid batch = 0;", () -> layer.initialState(0));
  }
}
