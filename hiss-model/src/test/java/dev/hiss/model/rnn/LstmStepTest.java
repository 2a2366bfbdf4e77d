package dev.hiss.model.rnn;

import static dev.hiss.model.rnn.LstmTestSupport.randomFloats;
import static dev.hiss.model.rnn.LstmTestSupport.randomParams;
import static dev.hiss.model.rnn.LstmTestSupport.randomState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * Streaming: step-by-step from a state equals the batch forward bit for bit (same float32 cell),
 * including a per-series reset emulated by clearing that series' state; a forward split in two
 * segments, the second starting from the first's final state, equals the whole; shapes are checked.
 */
class LstmStepTest {

  private static final int B = 3;
  private static final int L = 50;
  private static final int I = 4;
  private static final int H = 6;

  @Test
  void stepsEqualForwardWithInitialStateAndResets() {
    LstmConfig config = LstmConfig.defaults(I, H);
    LstmLayer layer = new LstmLayer(randomParams(config, 5));
    float[] u = randomFloats(B * L * I, 1);
    LstmState x0 = randomState(B, config, 2);
    boolean[] reset = new boolean[B * L];
    reset[17] = true;
    reset[L + 30] = true;
    float[] y = new float[B * L * H];
    LstmState fin = layer.initialState(B);
    layer.forward(u, B, L, y, x0, reset, fin);

    LstmState s = x0.copy();
    float[] x = new float[B * I];
    float[] out = new float[B * H];
    float[] expected = new float[B * H];
    for (int t = 0; t < L; t++) {
      for (int b = 0; b < B; b++) {
        System.arraycopy(u, (b * L + t) * I, x, b * I, I);
        System.arraycopy(y, (b * L + t) * H, expected, b * H, H);
        if (reset[b * L + t]) {
          s.clear(b);
        }
      }
      layer.step(x, s, out);
      assertArrayEquals(expected, out, "step " + t);
    }
    assertArrayEquals(fin.h, s.h, "final h");
    assertArrayEquals(fin.c, s.c, "final c");
  }

  @Test
  void twoSegmentsEqualTheWhole() {
    LstmConfig config = LstmConfig.defaults(I, H);
    LstmLayer layer = new LstmLayer(randomParams(config, 6));
    float[] u = randomFloats(L * I, 3);
    float[] whole = new float[L * H];
    layer.forward(u, 1, L, whole);
    int cut = 20;
    float[] first = new float[cut * H];
    LstmState mid = layer.initialState(1);
    layer.forward(java.util.Arrays.copyOf(u, cut * I), 1, cut, first, null, null, mid);
    float[] second = new float[(L - cut) * H];
    layer.forward(
        java.util.Arrays.copyOfRange(u, cut * I, L * I), 1, L - cut, second, mid, null, null);
    assertArrayEquals(java.util.Arrays.copyOf(whole, cut * H), first);
    assertArrayEquals(java.util.Arrays.copyOfRange(whole, cut * H, L * H), second);
  }

  @Test
  void rejectsWrongShapes() {
    LstmConfig config = LstmConfig.defaults(I, H);
    LstmLayer layer = new LstmLayer(LstmParams.initialize(config, 1));
    LstmState s = layer.initialState(2);
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.step(new float[2 * I + 1], s, new float[2 * H]));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.step(new float[2 * I], new LstmState(2, H + 1), new float[2 * H]));
    assertThrows(
        IllegalArgumentException.class, () -> layer.forward(new float[5], 1, 2, new float[2 * H]));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.forward(new float[2 * I], 1, 2, new float[2 * H], null, new boolean[3], null));
  }
}
