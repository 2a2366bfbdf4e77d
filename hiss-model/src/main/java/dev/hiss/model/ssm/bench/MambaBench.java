package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.MambaState;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rough timing of the Mamba mixer kernel (not JMH): forward and backward at batch 16, length 2048,
 * dModel 64 with the mamba_ssm defaults (dState 16, dConv 4, expand 2, dtRank 4), and the latency
 * of a streaming step for one series; prints the medians of the timed repetitions.
 *
 * <p>Usage: {@code java -cp hiss-model/target/classes dev.hiss.model.ssm.bench.MambaBench [reps]}
 * (also run at the end of {@link S4DBench}).
 */
public final class MambaBench {

  private MambaBench() {}

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
    int dModel = 64;
    MambaConfig config = MambaConfig.defaults(dModel);
    MambaLayer layer = new MambaLayer(MambaParams.initialize(config, 1));
    SplittableRandom r = new SplittableRandom(2);
    float[] u = new float[batch * length * dModel];
    float[] dy = new float[u.length];
    for (int i = 0; i < u.length; i++) {
      u[i] = (float) r.nextGaussian();
      dy[i] = (float) r.nextGaussian();
    }
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    MambaParams grads = MambaParams.zeros(config);
    double[] fwd = new double[reps];
    double[] bwd = new double[reps];
    for (int i = -2; i < reps; i++) { // 2 warm-up rounds
      long t0 = System.nanoTime();
      layer.forward(u, batch, length, y);
      long t1 = System.nanoTime();
      layer.backward(u, dy, batch, length, null, null, du, grads);
      long t2 = System.nanoTime();
      if (i >= 0) {
        fwd[i] = (t1 - t0) / 1e6;
        bwd[i] = (t2 - t1) / 1e6;
      }
    }
    MambaState s = layer.initialState(1);
    float[] in = new float[dModel];
    float[] out = new float[dModel];
    int steps = 50_000;
    for (int i = 0; i < steps; i++) {
      layer.step(in, s, out);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      in[i % dModel] = out[(i + 1) % dModel] * 1e-3f + 0.1f;
      layer.step(in, s, out);
    }
    double stepUs = (System.nanoTime() - t0) / 1e3 / steps;
    Arrays.sort(fwd);
    Arrays.sort(bwd);
    System.out.printf(
        "Mamba mixer B=%d L=%d D=%d N=%d K=%d E=%d R=%d, %d cores: forward %.1f ms, backward"
            + " %.1f ms (incl. recomputed forward), fwd+bwd %.1f ms (medians of %d);"
            + " streaming step (1 series) %.2f us%n",
        batch,
        length,
        dModel,
        config.dState(),
        config.dConv(),
        config.expand(),
        config.dtRank(),
        Runtime.getRuntime().availableProcessors(),
        fwd[reps / 2],
        bwd[reps / 2],
        fwd[reps / 2] + bwd[reps / 2],
        reps,
        stepUs);
  }
}
