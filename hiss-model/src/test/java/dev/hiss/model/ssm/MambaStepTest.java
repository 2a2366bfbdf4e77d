package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.MambaTestSupport.config;
import static dev.hiss.model.ssm.MambaTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Streaming step() token by token against the sequence forward (float32, 1e-5 relative). */
class MambaStepTest {

  private static final int B = 3;
  private static final int L = 120;
  private static final int D = 6;

  @ParameterizedTest(name = "dConv={0}")
  @ValueSource(ints = {4, 1})
  void stepByStepEqualsForwardWithResets(int dConv) {
    MambaConfig config = config(D, 8, dConv, 2, 1);
    MambaLayer layer = new MambaLayer(randomParams(config, 31));
    float[] u = randomFloats(B * L * D, 1);
    boolean[] reset = randomMask(B * L, 0.05, 2);
    reset[0] = true;
    float[] y = new float[u.length];
    MambaState fin = layer.initialState(B);
    layer.forward(u, B, L, y, null, reset, fin);

    MambaState state = layer.initialState(B);
    float[] ys = stream(layer, u, reset, state);
    assertRelClose(toDouble(y), ys, 1e-5, "step outputs");
    assertRelClose(toDouble(fin.ssm), state.ssm, 1e-5, "step final ssm state");
    assertRelClose(toDouble(fin.conv), state.conv, 1e-5, "step final conv buffer");
  }

  /** HiSS low-level use: reset every 10 steps (chunk), streaming must equal the batch forward. */
  @Test
  void chunkResetsEveryTenStepsStreamLikeTheBatchForward() {
    MambaConfig config = MambaConfig.defaults(D);
    MambaLayer layer = new MambaLayer(randomParams(config, 33));
    float[] u = randomFloats(B * L * D, 5);
    boolean[] reset = new boolean[B * L];
    for (int i = 0; i < reset.length; i += 10) {
      reset[i] = true;
    }
    float[] y = new float[u.length];
    layer.forward(u, B, L, y, null, reset, null);
    float[] ys = stream(layer, u, reset, layer.initialState(B));
    assertRelClose(toDouble(y), ys, 1e-5, "chunked step outputs");
    // each chunk equals an independent length-10 sequence from the zero state
    float[] chunk = new float[10 * D];
    float[] yc = new float[10 * D];
    System.arraycopy(u, (L + 30) * D, chunk, 0, chunk.length);
    layer.forward(chunk, 1, 10, yc);
    float[] expected = new float[10 * D];
    System.arraycopy(y, (L + 30) * D, expected, 0, expected.length);
    assertRelClose(toDouble(expected), yc, 1e-6, "chunk as its own sequence");
  }

  @Test
  void forwardThenStreamingContinuesTheSequence() {
    MambaConfig config = MambaConfig.defaults(D);
    MambaLayer layer = new MambaLayer(randomParams(config, 32));
    float[] u = randomFloats(B * L * D, 3);
    float[] y = new float[u.length];
    layer.forward(u, B, L, y);

    int half = 50;
    float[] u1 = new float[B * half * D];
    float[] u2 = new float[B * (L - half) * D];
    for (int b = 0; b < B; b++) {
      System.arraycopy(u, b * L * D, u1, b * half * D, half * D);
      System.arraycopy(u, (b * L + half) * D, u2, b * (L - half) * D, (L - half) * D);
    }
    MambaState s = layer.initialState(B);
    layer.forward(u1, B, half, new float[u1.length], null, null, s);
    MambaState s2 = s.copy();
    float[] y2 = new float[u2.length];
    layer.forward(u2, B, L - half, y2, s2, null, s2); // in place: initial == final
    float[] ys = stream(layer, u2, null, s);
    float[] expected = new float[u2.length];
    for (int b = 0; b < B; b++) {
      System.arraycopy(y, (b * L + half) * D, expected, b * (L - half) * D, (L - half) * D);
    }
    assertRelClose(toDouble(expected), y2, 1e-5, "second part from the carried state");
    assertRelClose(toDouble(expected), ys, 1e-5, "second part streamed from the carried state");
    assertRelClose(toDouble(s2.ssm), s.ssm, 1e-5, "final ssm state");
    assertRelClose(toDouble(s2.conv), s.conv, 1e-5, "final conv buffer");
  }

  /** Steps through u [B, len, D] (len = u.length / (B·D)), clearing series b where reset. */
  private static float[] stream(MambaLayer layer, float[] u, boolean[] reset, MambaState state) {
    int len = u.length / (B * D);
    float[] ys = new float[u.length];
    float[] in = new float[B * D];
    float[] out = new float[B * D];
    for (int t = 0; t < len; t++) {
      for (int b = 0; b < B; b++) {
        if (reset != null && reset[b * len + t]) {
          state.clear(b);
        }
        System.arraycopy(u, (b * len + t) * D, in, b * D, D);
      }
      layer.step(in, state, out);
      for (int b = 0; b < B; b++) {
        System.arraycopy(out, b * D, ys, (b * len + t) * D, D);
      }
    }
    return ys;
  }
}
