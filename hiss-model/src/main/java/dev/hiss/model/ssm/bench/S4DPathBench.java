package dev.hiss.model.ssm.bench;

import dev.hiss.model.ssm.S4DConfig;
import dev.hiss.model.ssm.S4DLayer;
import dev.hiss.model.ssm.S4DParams;
import dev.hiss.model.ssm.S4DPathPolicy;
import java.util.Arrays;

/**
 * The measurements behind {@link S4DPathPolicy#AUTO}: fwd + bwd of the S4D scan and of the FFT
 * convolution over a grid of batch B, state size N and length L (H = 64), the fastest of the timed
 * repetitions after 2 warm-up rounds (the least disturbed by other processes on a shared machine),
 * with the path AUTO picks and the time it loses against the faster one.
 *
 * <p>Usage: {@code java -cp ... dev.hiss.model.ssm.bench.S4DPathBench [reps] [B,..] [N,..] [L,..]}
 * (defaults 3, "1,4,16", "4,16,64", "16,128,1024,4096").
 */
public final class S4DPathBench {

  private static final int CHANNELS = 64;

  private S4DPathBench() {}

  /**
   * Runs the grid and prints one line per point.
   *
   * @param args optional reps and comma-separated B, N, L lists
   */
  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int[] batches = ints(args, 1, "1,4,16");
    int[] states = ints(args, 2, "4,16,64");
    int[] lengths = ints(args, 3, "16,128,1024,4096");
    double lost = 0;
    double best = 0;
    for (int b : batches) {
      for (int n : states) {
        for (int l : lengths) {
          double scan = time(S4DPathPolicy.SCAN, b, n, l, reps);
          double fft = time(S4DPathPolicy.FFT, b, n, l, reps);
          S4DPathPolicy.Path auto = S4DPathPolicy.AUTO.choose(b, l, n);
          double chosen = auto == S4DPathPolicy.Path.FFT ? fft : scan;
          lost += chosen - Math.min(scan, fft);
          best += Math.min(scan, fft);
          System.out.printf(
              "B=%d N=%d L=%d scan %.2f ms fft %.2f ms auto %s%s%n",
              b, n, l, scan, fft, auto, chosen > 1.2 * Math.min(scan, fft) ? " (slower)" : "");
        }
      }
    }
    System.out.printf(
        "AUTO total over the grid: %.1f ms above the per-point best (%.1f ms), %d cores%n",
        lost, best, Runtime.getRuntime().availableProcessors());
  }

  private static double time(S4DPathPolicy policy, int batch, int n, int length, int reps) {
    S4DConfig config = S4DConfig.defaults(CHANNELS, n);
    S4DLayer layer = new S4DLayer(S4DParams.initialize(config, 1), policy);
    float[] u = LayerBench.gaussian(batch * length * CHANNELS, 2);
    float[] dy = LayerBench.gaussian(u.length, 3);
    float[] y = new float[u.length];
    float[] du = new float[u.length];
    S4DParams grads = S4DParams.zeros(config);
    double[] t = new double[reps];
    for (int i = -2; i < reps; i++) {
      long t0 = System.nanoTime();
      layer.forward(u, batch, length, y);
      layer.backward(u, dy, batch, length, null, null, du, grads, null);
      if (i >= 0) {
        t[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(t);
    return t[0];
  }

  private static int[] ints(String[] args, int i, String fallback) {
    String s = args.length > i ? args[i] : fallback;
    return Arrays.stream(s.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
