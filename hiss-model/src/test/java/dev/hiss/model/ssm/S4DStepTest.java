package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.randomParams;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import dev.hiss.model.ssm.S4DConfig.Init;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Streaming step() token by token against the sequence forward (float32, 1e-5 relative). */
class S4DStepTest {

  private static final int B = 3;
  private static final int L = 257;
  private static final int H = 5;
  private static final int N = 8;

  @ParameterizedTest
  @EnumSource(Discretization.class)
  void stepByStepEqualsForwardWithResets(Discretization disc) {
    S4DConfig config = new S4DConfig(H, N, 1e-3, 1e-1, Init.INV, disc);
    S4DLayer layer = new S4DLayer(randomParams(config, 31));
    float[] u = randomFloats(B * L * H, 1);
    boolean[] reset = randomMask(B * L, 0.02, 2);
    float[] y = new float[u.length];
    S4DState fin = layer.initialState(B);
    layer.forward(u, B, L, y, null, reset, fin);

    S4DState state = layer.initialState(B);
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

  @ParameterizedTest
  @EnumSource(Init.class)
  void forwardThenStreamingContinuesTheSequence(Init init) {
    S4DConfig config = new S4DConfig(H, N, 1e-3, 1e-1, init, Discretization.ZOH);
    S4DLayer layer = new S4DLayer(randomParams(config, 32));
    float[] u = randomFloats(B * L * H, 3);
    float[] y = new float[u.length];
    layer.forward(u, B, L, y);

    // first half as a sequence (final state out), second half via forward from that state,
    // last token via step()
    int half = 100;
    float[] u1 = new float[B * half * H];
    float[] u2 = new float[B * (L - half - 1) * H];
    float[] last = new float[B * H];
    for (int b = 0; b < B; b++) {
      System.arraycopy(u, b * L * H, u1, b * half * H, half * H);
      System.arraycopy(u, (b * L + half) * H, u2, b * (L - half - 1) * H, (L - half - 1) * H);
      System.arraycopy(u, (b * L + L - 1) * H, last, b * H, H);
    }
    S4DState s = layer.initialState(B);
    float[] y1 = new float[u1.length];
    layer.forward(u1, B, half, y1, null, null, s);
    float[] y2 = new float[u2.length];
    S4DState s2 = layer.initialState(B);
    layer.forward(u2, B, L - half - 1, y2, s, null, s2);
    float[] yLast = new float[B * H];
    layer.step(last, s2, yLast);
    for (int b = 0; b < B; b++) {
      float[] expected1 = new float[half * H];
      System.arraycopy(y, b * L * H, expected1, 0, half * H);
      float[] got1 = new float[half * H];
      System.arraycopy(y1, b * half * H, got1, 0, half * H);
      assertRelClose(toDouble(expected1), got1, 1e-5, "first part");
      float[] expected2 = new float[(L - half - 1) * H];
      System.arraycopy(y, (b * L + half) * H, expected2, 0, expected2.length);
      float[] got2 = new float[expected2.length];
      System.arraycopy(y2, b * (L - half - 1) * H, got2, 0, got2.length);
      assertRelClose(toDouble(expected2), got2, 1e-5, "second part from carried state");
      float[] expected3 = new float[H];
      System.arraycopy(y, (b * L + L - 1) * H, expected3, 0, H);
      float[] got3 = new float[H];
      System.arraycopy(yLast, b * H, got3, 0, H);
      assertRelClose(toDouble(expected3), got3, 1e-5, "last token via step");
    }
  }
}
