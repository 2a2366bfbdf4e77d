package dev.hiss.model.ssm;

import static dev.hiss.model.ssm.S4DTestSupport.assertRelClose;
import static dev.hiss.model.ssm.S4DTestSupport.randomFloats;
import static dev.hiss.model.ssm.S4DTestSupport.randomMask;
import static dev.hiss.model.ssm.S4DTestSupport.toDouble;
import static dev.hiss.model.ssm.S5TestSupport.randomParams;
import static dev.hiss.model.ssm.S5TestSupport.randomScale;
import static dev.hiss.model.ssm.S5TestSupport.randomState;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.ssm.S4DConfig.Discretization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Streaming: step() token by token equals forward() within 1e-5 relative, with resets. */
class S5StepTest {

  @ParameterizedTest(name = "{0} conj={1} dtScale={2}")
  @CsvSource({"ZOH, true, false", "BILINEAR, true, false", "ZOH, false, true", "ZOH, true, true"})
  void stepByStepEqualsForward(Discretization disc, boolean conj, boolean perStepDt) {
    int batch = 3;
    int length = 60;
    int hCount = 5;
    S5Config config = new S5Config(hCount, 8, 2, 1e-3, 1e-1, disc, conj, false);
    S5Layer layer = new S5Layer(randomParams(config, 9));
    float[] u = randomFloats(batch * length * hCount, 1);
    boolean[] reset = randomMask(batch * length, 0.08, 2);
    float[] scale = perStepDt ? randomScale(batch * length, 3) : null;
    S5State x0 = randomState(batch, config, 4);

    float[] y = new float[u.length];
    S5State fin = layer.initialState(batch);
    layer.forward(u, batch, length, y, x0, reset, scale, fin);

    S5State s = x0.copy();
    float[] in = new float[batch * hCount];
    float[] out = new float[batch * hCount];
    float[] stepScale = perStepDt ? new float[batch] : null;
    float[] ys = new float[u.length];
    for (int t = 0; t < length; t++) {
      for (int b = 0; b < batch; b++) {
        if (reset[b * length + t]) {
          s.clear(b);
        }
        if (stepScale != null) {
          stepScale[b] = scale[b * length + t];
        }
        System.arraycopy(u, (b * length + t) * hCount, in, b * hCount, hCount);
      }
      layer.step(in, stepScale, s, out);
      for (int b = 0; b < batch; b++) {
        System.arraycopy(out, b * hCount, ys, (b * length + t) * hCount, hCount);
      }
    }
    assertRelClose(toDouble(y), ys, 1e-5, "step outputs");
    assertRelClose(toDouble(fin.re), s.re, 1e-5, "step final state re");
    assertRelClose(toDouble(fin.im), s.im, 1e-5, "step final state im");
  }

  @Test
  void stepSeesParameterChangesAfterRefresh() {
    S5Config config = S5Config.defaults(2, 4, 1);
    S5Params p = randomParams(config, 5);
    S5Layer layer = new S5Layer(p);
    float[] in = {1f, -1f};
    float[] before = new float[2];
    layer.step(in, layer.initialState(1), before);
    p.logDt[0] += 1f; // Λ̄ and f are cached by step(); B̃, C̃ and D are read live
    p.logDt[1] -= 1f;
    layer.refresh();
    float[] after = new float[2];
    layer.step(in, layer.initialState(1), after);
    float[] expected = new float[2];
    layer.forward(in, 1, 1, expected);
    assertRelClose(toDouble(expected), after, 0, "refreshed step");
    assertTrue(before[0] != after[0] || before[1] != after[1], "the change matters");
  }

  @Test
  void rejectsBadShapesAndScales() {
    S5Layer layer = new S5Layer(randomParams(S5Config.defaults(2, 4, 1), 5));
    S5State s = layer.initialState(2);
    assertThrows(IllegalArgumentException.class, () -> layer.step(new float[3], s, new float[4]));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.step(new float[4], new float[] {1f, 0f}, s, new float[4]));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.step(new float[2], new S5State(1, 3), new float[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> layer.forward(new float[8], 2, 2, new float[8], null, new boolean[3], null, null));
  }
}
