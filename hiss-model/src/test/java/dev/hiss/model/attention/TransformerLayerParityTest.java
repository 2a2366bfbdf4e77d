package dev.hiss.model.attention;

import static dev.hiss.model.attention.TransformerTestSupport.assertRelClose;
import static dev.hiss.model.attention.TransformerTestSupport.cacheOf;
import static dev.hiss.model.attention.TransformerTestSupport.chronological;
import static dev.hiss.model.attention.TransformerTestSupport.randomFloats;
import static dev.hiss.model.attention.TransformerTestSupport.randomMask;
import static dev.hiss.model.attention.TransformerTestSupport.randomParams;
import static dev.hiss.model.attention.TransformerTestSupport.toDouble;
import static dev.hiss.model.attention.TransformerTestSupport.warmCache;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The float32 layer against its double reference twin: outputs, final KV caches and every gradient,
 * with a warm initial cache, resets and a window shorter than the sequence (so the ring wraps).
 */
class TransformerLayerParityTest {

  private static void check(TransformerConfig c, int batch, int length, int warm, double pReset) {
    TransformerParams params = randomParams(c, 11);
    TransformerLayer layer = new TransformerLayer(params);
    TransformerState init = warm > 0 ? warmCache(layer, batch, warm, 5) : null;
    double[][][] cache = init == null ? new double[][][] {null, null} : cacheOf(init);
    float[] u = randomFloats(batch * length * c.width(), 3);
    float[] w = randomFloats(u.length, 4);
    boolean[] reset = pReset > 0 ? randomMask(batch * length, pReset, 9) : null;

    TransformerReference ref = TransformerReference.of(params);
    TransformerReference.Output exp =
        ref.forward(toDouble(u), batch, length, cache[0], cache[1], reset);
    float[] y = new float[u.length];
    TransformerState fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, init, reset, fin);
    assertRelClose(exp.y(), y, 2e-5, "y");
    for (int b = 0; b < batch; b++) {
      assertRelClose(exp.keys()[b], chronological(fin, fin.keys, b), 2e-5, "final keys " + b);
      assertRelClose(exp.values()[b], chronological(fin, fin.values, b), 2e-5, "final values");
    }

    TransformerReference.Gradients g =
        ref.backward(toDouble(u), toDouble(w), batch, length, cache[0], cache[1], reset);
    TransformerParams grads = TransformerParams.zeros(c);
    float[] du = new float[u.length];
    layer.backward(u, w, batch, length, init, reset, du, grads);
    for (Map.Entry<String, float[]> e : grads.arrays().entrySet()) {
      assertRelClose(g.params().get(e.getKey()), e.getValue(), 5e-5, "grad " + e.getKey());
    }
    assertRelClose(g.du(), du, 5e-5, "du");
  }

  @Test
  void fromEmptyCacheWithoutResets() {
    check(new TransformerConfig(8, 2, 16, 64), 3, 9, 0, 0);
  }

  @Test
  void slidingWindowWarmCacheAndResets() {
    check(new TransformerConfig(8, 4, 12, 5), 3, 13, 7, 0.15);
  }

  @Test
  void singleHeadWindowOne() {
    check(new TransformerConfig(6, 1, 6, 1), 2, 5, 2, 0.2);
  }

  @Test
  void largeBatchTakesTheParallelPathWithTheSameResult() {
    check(new TransformerConfig(16, 4, 32, 16), 6, 40, 20, 0.05);
  }

  @Test
  void gradientsAccumulate() {
    TransformerConfig c = new TransformerConfig(4, 2, 8, 3);
    TransformerLayer layer = new TransformerLayer(randomParams(c, 2));
    float[] u = randomFloats(2 * 5 * 4, 1);
    float[] w = randomFloats(u.length, 2);
    TransformerParams once = TransformerParams.zeros(c);
    layer.backward(u, w, 2, 5, null, null, null, once);
    TransformerParams twice = TransformerParams.zeros(c);
    layer.backward(u, w, 2, 5, null, null, null, twice);
    layer.backward(u, w, 2, 5, null, null, null, twice);
    for (String k : once.arrays().keySet()) {
      float[] a = once.arrays().get(k);
      float[] b = twice.arrays().get(k);
      for (int i = 0; i < a.length; i++) {
        assertEquals(2 * a[i], b[i], 1e-5 * (1 + Math.abs(a[i])), k);
      }
    }
  }

  @Test
  void badShapesAreRejectedWithTheirValues() {
    TransformerConfig c = new TransformerConfig(4, 2, 8, 3);
    TransformerLayer layer = new TransformerLayer(TransformerParams.initialize(c, 1));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> layer.forward(new float[7], 1, 2, new float[8]));
    assertEquals("Invalid u length = 7; must be batch·length·H = 8", e.getMessage());
    TransformerState wrong = new TransformerState(1, 4, 4);
    e =
        assertThrows(
            IllegalArgumentException.class, () -> layer.step(new float[4], wrong, new float[4]));
    assertEquals("Invalid initial state shape = [1, 4, 4]; must be [1, 3, 4]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                layer.backward(
                    new float[8],
                    new float[8],
                    1,
                    2,
                    null,
                    null,
                    null,
                    TransformerParams.zeros(c.withWindow(4))));
    assertEquals("Invalid grads config = " + c.withWindow(4) + "; must be " + c, e.getMessage());
    TransformerState corrupt = layer.initialState(1);
    corrupt.meta[0] = 9;
    IllegalStateException s =
        assertThrows(
            IllegalStateException.class, () -> layer.step(new float[4], corrupt, new float[4]));
    assertEquals(
        "Invalid KV cache meta of series 0 = [9.0, 0.0]; must be a count in [0, 3] and a slot in"
            + " [0, 2]",
        s.getMessage());
  }
}
