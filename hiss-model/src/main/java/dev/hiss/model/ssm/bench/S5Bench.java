package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.S5Config;
import dev.hiss.model.ssm.S5Layer;
import dev.hiss.model.ssm.S5Params;
import dev.hiss.model.ssm.S5State;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rough timing of the S5 scan kernel (not JMH): forward and backward at batch 16, length 2048, H =
 * 64 channels, P = 64 (32 stored conjugate modes, J = 4 HiPPO-N blocks), and the latency of a
 * streaming step for one series; prints the medians of the timed repetitions.
 *
 * <p>Usage: {@code java -cp hiss-model/target/classes dev.hiss.model.ssm.bench.S5Bench [reps]}
 * (also run at the end of {@link S4DBench}).
 */
public final class S5Bench {

  private S5Bench() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional number of timed repetitions (default 5)
   */
  public static void main(String[] args) {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 5);
  }

  /**
   * Runs the benchmark and prints one line.
   *
   * @param reps timed repetitions (after 2 warm-up rounds)
   */
  public static void run(int reps) {
    int batch = 16;
    int length = 2048;
    int channels = 64;
    int state = 64;
    S5Config config = S5Config.defaults(channels, state, 4);
    S5Layer layer = new S5Layer(S5Params.initialize(config, 1));
    SplittableRandom r = new SplittableRandom(2);
    float[] u = new float[batch * length * channels];
    float[] dy = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) r.nextGaussian();
      dy[i] = (float) r.nextGaussian();
    }
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    S5Params grads = S5Params.zeros(config);
    double[] fwd = new double[reps];
    double[] bwd = new double[reps];
    for (int i = -2; i < reps; i++) { // 2 warm-up rounds
      long t0 = System.nanoTime();
      layer.forward(u, batch, length, y);
      long t1 = System.nanoTime();
      layer.backward(u, dy, batch, length, null, null, null, du, grads, null);
      long t2 = System.nanoTime();
      if (i >= 0) {
        fwd[i] = (t1 - t0) / 1e6;
        bwd[i] = (t2 - t1) / 1e6;
      }
    }
    S5State s = layer.initialState(1);
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
    Arrays.sort(fwd);
    Arrays.sort(bwd);
    System.out.printf(
        "S5 scan B=%d L=%d H=%d P=%d (M=%d), %d cores: forward %.1f ms, backward %.1f ms,"
            + " fwd+bwd %.1f ms (medians of %d); streaming step (1 series) %.2f us%n",
        batch,
        length,
        channels,
        state,
        config.modes(),
        Runtime.getRuntime().availableProcessors(),
        fwd[reps / 2],
        bwd[reps / 2],
        fwd[reps / 2] + bwd[reps / 2],
        reps,
        stepUs);
  }
}
