package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DState;
import java.util.SplittableRandom;

/**
 * Rough timing of the S4D scan kernel (not JMH): forward, backward and a streaming step at batch
 * 16, length 2048, 64 channels, 32 complex modes; prints the median of the timed repetitions.
 *
 * <p>Usage: {@code java -cp hiss-model/target/classes dev.hiss.model.ssm.bench.S4DBench [reps]}.
 * Then runs {@link S4Bench}, {@link S5Bench} and {@link MambaBench} with half the repetitions.
 */
public final class S4DBench {

  private S4DBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional number of timed repetitions (default 10)
   */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int batch = 16;
    int length = 2048;
    int channels = 64;
    int state = 32;
    S4DConfig config = S4DConfig.defaults(channels, state);
    S4DLayer layer = new S4DLayer(S4DParams.initialize(config, 1));
    SplittableRandom r = new SplittableRandom(2);
    float[] u = new float[batch * length * channels];
    float[] dy = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) r.nextGaussian();
      dy[i] = (float) r.nextGaussian();
    }
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    S4DParams grads = S4DParams.zeros(config);
    double[] fwd = new double[reps];
    double[] bwd = new double[reps];
    for (int i = -3; i < reps; i++) { // 3 warm-up rounds
      long t0 = System.nanoTime();
      layer.forward(u, batch, length, y);
      long t1 = System.nanoTime();
      layer.backward(u, dy, batch, length, null, null, du, grads, null);
      long t2 = System.nanoTime();
      if (i >= 0) {
        fwd[i] = (t1 - t0) / 1e6;
        bwd[i] = (t2 - t1) / 1e6;
      }
    }
    S4DState s = layer.initialState(1);
    float[] in = new float[channels];
    float[] out = new float[channels];
    int steps = 200_000;
    for (int i = 0; i < steps; i++) {
      layer.step(in, s, out);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      in[i % channels] = out[(i + 1) % channels] * 1e-3f;
      layer.step(in, s, out);
    }
    double stepUs = (System.nanoTime() - t0) / 1e3 / steps;
    java.util.Arrays.sort(fwd);
    java.util.Arrays.sort(bwd);
    System.out.printf(
        "S4D scan B=%d L=%d H=%d N=%d, %d cores: forward %.1f ms, backward %.1f ms,"
            + " fwd+bwd %.1f ms (medians of %d); streaming step (1 series) %.2f us%n",
        batch,
        length,
        channels,
        state,
        Runtime.getRuntime().availableProcessors(),
        fwd[reps / 2],
        bwd[reps / 2],
        fwd[reps / 2] + bwd[reps / 2],
        reps,
        stepUs);
    S4Bench.run(Math.max(1, reps / 2));
    S5Bench.run(Math.max(1, reps / 2));
    MambaBench.run(Math.max(1, reps / 2));
  }
}
