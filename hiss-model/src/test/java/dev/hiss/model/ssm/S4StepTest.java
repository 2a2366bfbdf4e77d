package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S4TestSupport.randomParams;

import org.junit.jupiter.api.Test;

/** Streaming step() token by token against the sequence forward (float32, 1e-5 relative). */
class S4StepTest {

  private static final int B = 3;
  private static final int L = 257;
  private static final int H = 5;
  private static final int N = 8;

  @Test
  void stepByStepEqualsForwardWithResets() {
    S4Layer layer = new S4Layer(randomParams(S4Config.defaults(H, N), 31));
    float[] u = randomFloats(B * L * H, 1);
    boolean[] reset = randomMask(B * L, 0.02, 2);
    float[] y = new float[u.length];
    S4State fin = layer.initialState(B);
    layer.forward(u, B, L, y, null, reset, fin);

    S4State state = layer.initialState(B);
    float[] ys = new float[u.length];
    float[] in = new float[B * H];
    float[] out = new float[B * H];
    for (int t = 0; t < L; t++) {
      for (int b = 0; b < B; b++) {
        if (reset[b * L + t]) {
          state.clear(b);
        }
        System.arraycopy(u, (b * L + t) * H, in, b * H, H);
      }
      layer.step(in, state, out);
      for (int b = 0; b < B; b++) {
        System.arraycopy(out, b * H, ys, (b * L + t) * H, H);
      }
    }
    assertRelClose(toDouble(y), ys, 1e-5, "step outputs");
    assertRelClose(toDouble(fin.re), state.re, 1e-5, "step final state re");
    assertRelClose(toDouble(fin.im), state.im, 1e-5, "step final state im");
  }

  @Test
  void forwardThenStreamingContinuesTheSequence() {
    S4Config config = S4Config.defaults(H, N);
    S4Layer layer = new S4Layer(S4Params.initialize(config, 32));
    float[] u = randomFloats(B * L * H, 3);
    float[] y = new float[u.length];
    layer.forward(u, B, L, y);

    // first L−1 tokens as a sequence (final state out), the last token via step() on a layer
    // that was never run forward (discretizes lazily)
    int first = L - 1;
    float[] u1 = new float[B * first * H];
    float[] last = new float[B * H];
    for (int b = 0; b < B; b++) {
      System.arraycopy(u, b * L * H, u1, b * first * H, first * H);
      System.arraycopy(u, (b * L + first) * H, last, b * H, H);
    }
    S4State s = layer.initialState(B);
    float[] y1 = new float[u1.length];
    layer.forward(u1, B, first, y1, null, null, s);
    S4Layer fresh = new S4Layer(layer.params());
    float[] yLast = new float[B * H];
    fresh.step(last, s, yLast);
    for (int b = 0; b < B; b++) {
      float[] expected = new float[first * H];
      System.arraycopy(y, b * L * H, expected, 0, first * H);
      float[] got = new float[first * H];
      System.arraycopy(y1, b * first * H, got, 0, first * H);
      assertRelClose(toDouble(expected), got, 1e-5, "prefix");
      float[] expectedLast = new float[H];
      System.arraycopy(y, (b * L + first) * H, expectedLast, 0, H);
      float[] gotLast = new float[H];
      System.arraycopy(yLast, b * H, gotLast, 0, H);
      assertRelClose(toDouble(expectedLast), gotLast, 1e-5, "last token via step");
    }
  }
}
