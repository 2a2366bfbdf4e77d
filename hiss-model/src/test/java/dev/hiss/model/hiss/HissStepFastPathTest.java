package dev.hiss.model.hiss;

import static dev.hiss.model.hiss.HissTestSupport.randomFloats;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.model.hiss.internal.Arrays2;
import dev.hiss.model.hiss.internal.LayerNorm;
import dev.hiss.model.hiss.internal.Linear;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float32 streaming path: Linear and LayerNorm in float32 agree with their double cores, the
 * allocation-free {@link Linear#applyTo} equals {@link Linear#apply} bit for bit, a step of one
 * device allocates (almost) nothing, and {@link HissStepModel#refresh()} picks up changed weights.
 */
class HissStepFastPathTest {

  @Test
  void floatLinearMatchesTheDoubleCoreAndApplyToMatchesApplyExactly() {
    int in = 37; // not a multiple of 4: the remainder loop runs too
    int out = 19;
    int rows = 5;
    Linear linear = new Linear(in, out, new SplittableRandom(1));
    java.util.List<Parameter> params = new java.util.ArrayList<>();
    linear.parameters("l", params);
    float[] x = randomFloats(rows * in, 2);
    float[] y = linear.apply(x, rows);
    double[] ref = new double[rows * out];
    Linear.forward(
        Arrays2.toDouble(x),
        rows,
        in,
        Arrays2.toDouble(params.get(0).value()),
        Arrays2.toDouble(params.get(1).value()),
        out,
        ref);
    for (int i = 0; i < y.length; i++) {
      assertEquals(ref[i], y[i], 1e-5 * (1 + Math.abs(ref[i])), "y[" + i + "]");
    }
    linear.refresh();
    float[] z = new float[rows * out];
    linear.applyTo(x, rows, z, new float[out]);
    assertArrayEquals(y, z);
  }

  @Test
  void floatLayerNormMatchesTheDoubleCore() {
    int width = 11;
    int rows = 4;
    LayerNorm norm = new LayerNorm(width);
    java.util.List<Parameter> params = new java.util.ArrayList<>();
    norm.parameters("n", params);
    float[] gamma = params.get(0).value();
    float[] beta = params.get(1).value();
    float[] g = randomFloats(width, 3);
    float[] b = randomFloats(width, 4);
    System.arraycopy(g, 0, gamma, 0, width);
    System.arraycopy(b, 0, beta, 0, width);
    float[] x = randomFloats(rows * width, 5);
    for (int i = 0; i < x.length; i++) {
      x[i] = 100 + 3 * x[i]; // a large mean: float cancellation is visible if done badly
    }
    float[] y = norm.apply(x, rows);
    double[] ref = new double[x.length];
    LayerNorm.forward(
        Arrays2.toDouble(x), rows, width, Arrays2.toDouble(gamma), Arrays2.toDouble(beta), ref);
    for (int i = 0; i < y.length; i++) {
      assertEquals(ref[i], y[i], 2e-5 * (1 + Math.abs(ref[i])), "y[" + i + "]");
    }
    float[] z = new float[x.length];
    norm.applyTo(x, rows, z);
    assertArrayEquals(y, z);
  }

  @Test
  void stepOfOneDeviceAllocatesAlmostNothing() {
    HissModel model = new HissModel(HissPresets.preset("small-s4d", 2, 1), 1);
    HissStepModel stream = new HissStepModel(model, 1);
    float[][] samples = new float[64][];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = randomFloats(2, 100 + i);
    }
    double sink = 0;
    for (int t = 0; t < 20_000; t++) { // warm-up (JIT)
      float[] y = stream.step(samples[t % 64]);
      sink += y == null ? 0 : y[0];
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    int steps = 10_000;
    long before = threads.getThreadAllocatedBytes(id);
    for (int t = 0; t < steps; t++) {
      float[] y = stream.step(samples[t % 64]);
      sink += y == null ? 0 : y[0];
    }
    long perStep = (threads.getThreadAllocatedBytes(id) - before) / steps;
    assertTrue(Double.isFinite(sink));
    // One 1-float prediction array per chunk of 10 samples (24 bytes) is the only allocation;
    // before the float32 path a step allocated several kilobytes.
    assertTrue(perStep <= 16, "bytes allocated per step = " + perStep);
  }

  @Test
  void refreshPicksUpChangedWeights() {
    HissConfig config = HissPresets.preset("tiny", 2, 1);
    HissModel model = new HissModel(config, 3);
    HissStepModel stream = new HissStepModel(model, 1);
    for (Parameter p : model.parameters()) {
      if (p.name().endsWith(".weight")) {
        float[] v = p.value();
        for (int i = 0; i < v.length; i++) {
          v[i] *= 1.5f; // every Linear and LayerNorm weight changes
        }
      }
    }
    stream.refresh();
    int k = config.totalChunk();
    float[] x = randomFloats(3 * k * 2, 7);
    float[] expected = model.predict(x, 1, 3 * k);
    int emitted = 0;
    for (int t = 0; t < 3 * k; t++) {
      float[] y = stream.step(new float[] {x[2 * t], x[2 * t + 1]});
      if (y != null) {
        assertEquals(expected[emitted], y[0], 1e-5 * (1 + Math.abs(expected[emitted])));
        emitted++;
      }
    }
    assertEquals(3, emitted);
  }
}
