package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.S5Config;
import dev.hiss.model.ssm.S5Layer;
import dev.hiss.model.ssm.S5Params;
import dev.hiss.model.ssm.S5State;

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
    float[] u = LayerBench.gaussian(batch * length * channels, 2);
    float[] dy = LayerBench.gaussian(u.length, 3);
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    S5Params grads = S5Params.zeros(config);
    S5State s = layer.initialState(1);
    String figures =
        LayerBench.measure(
            new LayerBench.Subject() {
              @Override
              public void forward() {
                layer.forward(u, batch, length, y);
              }

              @Override
              public void backward() {
                layer.backward(u, dy, batch, length, null, null, null, du, grads, null);
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
            200_000,
            0f);
    System.out.printf(
        "S5 scan B=%d L=%d H=%d P=%d (M=%d), %s%n",
        batch, length, channels, state, config.modes(), figures);
  }
}
