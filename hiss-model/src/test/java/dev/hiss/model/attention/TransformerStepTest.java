package dev.hiss.model.attention;

import static dev.hiss.model.attention.TransformerTestSupport.randomFloats;
import static dev.hiss.model.attention.TransformerTestSupport.randomMask;
import static dev.hiss.model.attention.TransformerTestSupport.randomParams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Streaming: step by step equals the forward (bit for bit, and so within 1e-5), including ring
 * wrap-around, resets (emulated in streaming by clearing a series' cache) and the final cache
 * layout; the cache stays bounded by W and the output at a far position depends only on the last W
 * inputs (so endless streams are served by a bounded state).
 */
class TransformerStepTest {

  @Test
  void stepsEqualForwardWithWrapAndResets() {
    TransformerConfig c = new TransformerConfig(8, 2, 16, 4);
    TransformerLayer layer = new TransformerLayer(randomParams(c, 3));
    int batch = 3;
    int length = 15;
    int h = c.width();
    float[] u = randomFloats(batch * length * h, 1);
    boolean[] reset = randomMask(batch * length, 0.12, 2);
    float[] y = new float[u.length];
    TransformerState fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, null, reset, fin);

    TransformerState s = layer.initialState(batch);
    float[] x = new float[batch * h];
    float[] out = new float[batch * h];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        if (reset[b * length + t]) {
          s.clear(b);
        }
        System.arraycopy(u, (b * length + t) * h, x, b * h, h);
      }
      layer.step(x, s, out);
      for (int b = 0; b < batch; b++) {
        for (int i = 0; i < h; i++) {
          float expected = y[(b * length + t) * h + i];
          assertEquals(expected, out[b * h + i], 1e-5 * (1 + Math.abs(expected)));
          assertEquals(expected, out[b * h + i], 0.0, "bitwise at t=" + t);
        }
      }
      for (int b = 0; b < batch; b++) {
        assertTrue(s.count(b) <= c.window(), "cache bounded by W");
      }
    }
    assertArrayEquals(fin.keys, s.keys, "final keys, same ring layout");
    assertArrayEquals(fin.values, s.values, "final values");
    assertArrayEquals(fin.meta, s.meta, "final meta");
  }

  @Test
  void forwardInTwoPiecesThroughTheCacheEqualsOnePiece() {
    TransformerConfig c = new TransformerConfig(8, 4, 8, 6);
    TransformerLayer layer = new TransformerLayer(randomParams(c, 4));
    int batch = 2;
    int h = c.width();
    float[] u = randomFloats(batch * 20 * h, 9);
    float[] y = new float[u.length];
    layer.forward(u, batch, 20, y);
    float[] a = new float[batch * 7 * h];
    float[] b = new float[batch * 13 * h];
    for (int s = 0; s < batch; s++) {
      System.arraycopy(u, s * 20 * h, a, s * 7 * h, 7 * h);
      System.arraycopy(u, (s * 20 + 7) * h, b, s * 13 * h, 13 * h);
    }
    TransformerState st = layer.initialState(batch);
    layer.forward(a, batch, 7, new float[a.length], null, null, st);
    float[] yb = new float[b.length];
    layer.forward(b, batch, 13, yb, st, null, st);
    for (int s = 0; s < batch; s++) {
      for (int i = 0; i < 13 * h; i++) {
        assertEquals(y[(s * 20 + 7) * h + i], yb[s * 13 * h + i], 0.0, "series " + s + " i " + i);
      }
    }
  }

  @Test
  void aFarPositionSeesOnlyTheLastWindow() {
    TransformerConfig c = new TransformerConfig(4, 2, 8, 5);
    TransformerLayer layer = new TransformerLayer(randomParams(c, 5));
    int h = c.width();
    float[] u1 = randomFloats(300 * h, 1);
    float[] u2 = randomFloats(300 * h, 2);
    System.arraycopy(u1, 295 * h, u2, 295 * h, 5 * h);
    TransformerState s1 = layer.initialState(1);
    TransformerState s2 = layer.initialState(1);
    float[] y1 = new float[h];
    float[] y2 = new float[h];
    for (int t = 0; t < 300; t++) {
      layer.step(java.util.Arrays.copyOfRange(u1, t * h, (t + 1) * h), s1, y1);
      layer.step(java.util.Arrays.copyOfRange(u2, t * h, (t + 1) * h), s2, y2);
    }
    assertArrayEquals(y1, y2, 0f, "same last W = 5 inputs, different history");
    assertEquals(5, s1.count(0));
  }
}
