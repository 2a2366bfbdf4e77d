package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.S4Config;
import dev.hiss.model.ssm.S4Layer;
import dev.hiss.model.ssm.S4Params;
import dev.hiss.model.ssm.S4State;

/**
 * Rough timing of the S4 (DPLR, Woodbury-step scan) kernel (not JMH): forward, backward and a
 * streaming step at batch 16, length 2048, 64 channels, d_state 64 (32 complex modes); prints the
 * median of the timed repetitions.
 *
 * <p>Usage: {@code java -cp hiss-model/target/classes dev.hiss.model.ssm.bench.S4Bench [reps]}.
 */
public final class S4Bench {

  private S4Bench() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional number of timed repetitions (default 5)
   */
  public static void main(String[] args) {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 5);
  }

  /** Runs the benchmark with {@code reps} timed repetitions after 2 warm-up rounds. */
  public static void run(int reps) {
    int batch = 16;
    int length = 2048;
    int channels = 64;
    S4Config config = S4Config.defaults(channels);
    S4Layer layer = new S4Layer(S4Params.initialize(config, 1));
    float[] u = LayerBench.gaussian(batch * length * channels, 2);
    float[] dy = LayerBench.gaussian(u.length, 3);
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    S4Params grads = S4Params.zeros(config);
    S4State s = layer.initialState(1);
    String figures =
        LayerBench.measure(
            new LayerBench.Subject() {
              @Override
              public void forward() {
                layer.forward(u, batch, length, y);
              }

              @Override
              public void backward() {
                layer.backward(u, dy, batch, length, null, null, du, grads, null);
              }

              @Override
              public void step(float[] in, float[] out) {
                layer.step(in, s, out);
              }

              @Override
              public int width() {
                return channels;
              }
            },
            reps,
            100_000,
            0f);
    System.out.printf(
        "S4 (DPLR) scan B=%d L=%d H=%d N=%d, %s%n",
        batch, length, channels, config.stateSize(), figures);
  }
}
