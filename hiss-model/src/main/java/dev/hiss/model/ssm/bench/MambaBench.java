package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.MambaConfig;
import dev.hiss.model.ssm.MambaLayer;
import dev.hiss.model.ssm.MambaParams;
import dev.hiss.model.ssm.MambaState;

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
    float[] u = LayerBench.gaussian(batch * length * dModel, 2);
    float[] dy = LayerBench.gaussian(u.length, 3);
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    MambaParams grads = MambaParams.zeros(config);
    MambaState s = layer.initialState(1);
    String figures =
        LayerBench.measure(
            new LayerBench.Subject() {
              @Override
              public void forward() {
                layer.forward(u, batch, length, y);
              }

              @Override
              public void backward() {
                layer.backward(u, dy, batch, length, null, null, du, grads);
              }

              @Override
              public void step(float[] in, float[] out) {
                layer.step(in, s, out);
              }

              @Override
              public int width() {
                return dModel;
              }
            },
            reps,
            50_000,
            0.1f);
    System.out.printf(
        "Mamba mixer B=%d L=%d D=%d N=%d K=%d E=%d R=%d (backward incl. recomputed forward), %s%n",
        batch,
        length,
        dModel,
        config.dState(),
        config.dConv(),
        config.expand(),
        config.dtRank(),
        figures);
  }
}
