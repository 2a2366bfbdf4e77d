package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DPathPolicy;
import dev.hiss.model.ssm.S4DState;

/**
 * Rough timing of the S4D scan kernel and of its FFT convolution path (not JMH): forward, backward
 * and a streaming step at batch 16, length 2048, 64 channels, 32 complex modes; prints the median
 * of the timed repetitions.
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
    // the scan row forces the scan (AUTO would take the FFT at this shape)
    S4DLayer layer = new S4DLayer(S4DParams.initialize(config, 1), S4DPathPolicy.SCAN);
    float[] u = LayerBench.gaussian(batch * length * channels, 2);
    float[] dy = LayerBench.gaussian(u.length, 3);
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    S4DParams grads = S4DParams.zeros(config);
    S4DState s = layer.initialState(1);
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
            200_000,
            0f);
    System.out.printf(
        "S4D scan B=%d L=%d H=%d N=%d, %s%n", batch, length, channels, state, figures);
    String fftFigures =
        LayerBench.measure(
            new LayerBench.Subject() {
              @Override
              public void forward() {
                layer.forwardFft(u, batch, length, y);
              }

              @Override
              public void backward() {
                layer.backwardFft(u, dy, batch, length, du, grads);
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
        "S4D fft B=%d L=%d H=%d N=%d, %s%n", batch, length, channels, state, fftFigures);
    S4Bench.run(Math.max(1, reps / 2));
    S5Bench.run(Math.max(1, reps / 2));
    MambaBench.run(Math.max(1, reps / 2));
  }
}
