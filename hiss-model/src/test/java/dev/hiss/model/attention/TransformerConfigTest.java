package dev.hiss.model.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TransformerConfigTest {

  private static void rejects(String message, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertEquals(message, e.getMessage());
  }

  @Test
  void invalidFieldsAreNamed() {
    rejects("Invalid width = 0; must be > 0", () -> new TransformerConfig(0, 1, 4, 4));
    rejects("Invalid heads = -1; must be > 0", () -> new TransformerConfig(8, -1, 4, 4));
    rejects("Invalid heads = 3; must divide width = 8", () -> new TransformerConfig(8, 3, 4, 4));
    rejects("Invalid ffnSize = 0; must be > 0", () -> new TransformerConfig(8, 2, 0, 4));
    rejects("Invalid window = 0; must be > 0", () -> new TransformerConfig(8, 2, 4, 0));
    rejects("Invalid batch = 0; must be > 0", () -> new TransformerState(0, 4, 8));
  }

  @Test
  void defaultsAndSlopes() {
    TransformerConfig c = TransformerConfig.defaults(32, 8);
    assertEquals(128, c.ffnSize());
    assertEquals(256, c.window());
    assertEquals(4, c.headSize());
    assertEquals(0.5, c.slope(0), 0.0);
    assertEquals(1.0 / 256, c.slope(7), 0.0);
    assertEquals(1.0 / 16, TransformerConfig.defaults(8, 2).slope(0), 0.0);
  }

  @Test
  void initializationIsTorchLikeAndSeeded() {
    TransformerConfig c = TransformerConfig.defaults(16, 4);
    TransformerParams a = TransformerParams.initialize(c, 7);
    TransformerParams b = TransformerParams.initialize(c, 7);
    for (String k : a.arrays().keySet()) {
      org.junit.jupiter.api.Assertions.assertArrayEquals(a.arrays().get(k), b.arrays().get(k), k);
    }
    assertEquals(1f, a.norm1W[3], 0f);
    assertEquals(0f, a.inProjB[5], 0f);
    double bound = Math.sqrt(6.0 / (4 * 16));
    double max = 0;
    for (float v : a.inProjW) {
      max = Math.max(max, Math.abs(v));
    }
    org.junit.jupiter.api.Assertions.assertTrue(max <= bound && max > 0.8 * bound, "xavier");
  }
}
