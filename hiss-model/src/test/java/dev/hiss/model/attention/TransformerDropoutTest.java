package dev.hiss.model.attention;

import static dev.hiss.model.attention.TransformerTestSupport.randomFloats;
import static dev.hiss.model.attention.TransformerTestSupport.randomParams;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Placement of the training dropout masks of {@link TransformerLayer} (attention branch after the
 * output projection, MLP branch after the second Linear, each before its residual add), checked
 * exactly: a mask of ones is the mask-free pass bit for bit; masks of zeros leave the identity; a
 * mask of 2 on a branch equals doubling that branch's last Linear (a power-of-two scale is exact in
 * float), forward and backward.
 */
class TransformerDropoutTest {

  private static final TransformerConfig CONFIG = new TransformerConfig(4, 2, 6, 3);
  private static final int BATCH = 2;
  private static final int LENGTH = 5;
  private static final int N = BATCH * LENGTH * 4;

  private static float[] filled(float v) {
    float[] m = new float[N];
    Arrays.fill(m, v);
    return m;
  }

  private record Pass(float[] y, float[] du, TransformerParams grads) {}

  private static Pass run(TransformerParams p, float[] u, float[] dy, float[] m1, float[] m2) {
    TransformerLayer layer = new TransformerLayer(p);
    float[] y = new float[N];
    layer.forward(u, BATCH, LENGTH, y, null, null, null, m1, m2);
    float[] du = new float[N];
    TransformerParams g = TransformerParams.zeros(CONFIG);
    layer.backward(u, dy, BATCH, LENGTH, null, null, m1, m2, du, g);
    return new Pass(y, du, g);
  }

  @Test
  void masksOfOnesAreTheMaskFreePass() {
    TransformerParams p = randomParams(CONFIG, 3);
    float[] u = randomFloats(N, 4);
    float[] dy = randomFloats(N, 5);
    Pass none = run(p, u, dy, null, null);
    Pass ones = run(p, u, dy, filled(1), filled(1));
    TransformerLayer layer = new TransformerLayer(p);
    float[] y = new float[N];
    layer.forward(u, BATCH, LENGTH, y);
    assertArrayEquals(y, none.y());
    assertArrayEquals(none.y(), ones.y());
    assertArrayEquals(none.du(), ones.du());
    none.grads().arrays().forEach((k, v) -> assertArrayEquals(v, ones.grads().arrays().get(k), k));
  }

  @Test
  void masksOfZerosDropBothBranches() {
    TransformerParams p = randomParams(CONFIG, 6);
    float[] u = randomFloats(N, 7);
    float[] dy = randomFloats(N, 8);
    Pass zero = run(p, u, dy, filled(0), filled(0));
    assertArrayEquals(u, zero.y(), "both residual branches dropped: y = u");
    assertArrayEquals(dy, zero.du(), "only the residual path carries the gradient");
    zero.grads()
        .arrays()
        .forEach((k, v) -> assertArrayEquals(new float[v.length], v, k + " has no gradient"));
  }

  @Test
  void aMaskOfTwoEqualsDoublingTheBranchOutputLinear() {
    TransformerParams p = randomParams(CONFIG, 9);
    TransformerParams doubled = p.copy();
    for (float[] a :
        new float[][] {doubled.outProjW, doubled.outProjB, doubled.lin2W, doubled.lin2B}) {
      for (int i = 0; i < a.length; i++) {
        a[i] *= 2;
      }
    }
    float[] u = randomFloats(N, 10);
    float[] dy = randomFloats(N, 11);
    Pass masked = run(p, u, dy, filled(2), filled(2));
    Pass scaled = run(doubled, u, dy, null, null);
    assertArrayEquals(scaled.y(), masked.y());
    assertArrayEquals(scaled.du(), masked.du());
    Map<String, float[]> gm = masked.grads().arrays();
    scaled
        .grads()
        .arrays()
        .forEach(
            (k, v) -> {
              boolean branchOut = k.startsWith("outProj") || k.startsWith("lin2");
              float[] expected = v.clone();
              for (int i = 0; i < expected.length; i++) {
                expected[i] *= branchOut ? 2 : 1;
              }
              assertArrayEquals(expected, gm.get(k), k);
            });
  }

  @Test
  void masksOfTheWrongShapeAreRejected() {
    TransformerLayer layer = new TransformerLayer(randomParams(CONFIG, 12));
    float[] u = randomFloats(N, 13);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                layer.forward(
                    u, BATCH, LENGTH, new float[N], null, null, null, new float[3], null));
    assertEquals("Invalid attnMask length = 3; must be batch·length·H = " + N, e.getMessage());
  }
}
