package dev.hiss.model.ssm.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The timing harness the layer benchmarks share: forward and backward over a fixed batch (medians
 * after 2 warm-up rounds), then single-series streaming steps with a data dependency between steps
 * so the JIT cannot drop them.
 */
final class LayerBench {
  /** What a benchmark times. */
  interface Subject {
    /** One batch forward pass. */
    void forward();

    /** One batch backward pass. */
    void backward();

    /** One streaming step of one series: {@code in} and {@code out} are {@code [width]}. */
    void step(float[] in, float[] out);

    /** Input and output width of a step. */
    int width();
  }

  private LayerBench() {}

  /** {@code n} standard normal floats from a fixed seed. */
  static float[] gaussian(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }

  /**
   * Times a subject and returns the figures as one line fragment.
   *
   * @param reps timed forward/backward repetitions
   * @param steps timed streaming steps (as many again warm the JIT)
   * @param inputOffset added to each step input (some layers need a non-zero drive)
   */
  static String measure(Subject s, int reps, int steps, float inputOffset) {
    double[] fwd = new double[reps];
    double[] bwd = new double[reps];
    for (int i = -2; i < reps; i++) {
      long t0 = System.nanoTime();
      s.forward();
      long t1 = System.nanoTime();
      s.backward();
      long t2 = System.nanoTime();
      if (i >= 0) {
        fwd[i] = (t1 - t0) / 1e6;
        bwd[i] = (t2 - t1) / 1e6;
      }
    }
    int w = s.width();
    float[] in = new float[w];
    float[] out = new float[w];
    for (int i = 0; i < steps; i++) {
      s.step(in, out);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      in[i % w] = out[(i + 1) % w] * 1e-3f + inputOffset;
      s.step(in, out);
    }
    double stepUs = (System.nanoTime() - t0) / 1e3 / steps;
    Arrays.sort(fwd);
    Arrays.sort(bwd);
    return String.format(
        "%d cores: forward %.1f ms, backward %.1f ms, fwd+bwd %.1f ms (medians of %d);"
            + " streaming step (1 series) %.2f us",
        Runtime.getRuntime().availableProcessors(),
        fwd[reps / 2],
        bwd[reps / 2],
        fwd[reps / 2] + bwd[reps / 2],
        reps,
        stepUs);
  }
}
