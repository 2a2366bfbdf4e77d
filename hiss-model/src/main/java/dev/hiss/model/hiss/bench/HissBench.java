package dev.hiss.model.hiss.bench;

import dev.hiss.model.hiss.Adam;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.hiss.MaskedMse;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Rough timing of a HiSS preset (not JMH): training throughput (forward + masked-MSE backward +
 * Adam step on one random mini-batch, dropout active) in input samples per second, and streaming
 * cost in nanoseconds per input sample for 1 device and for many devices stepped together by one
 * {@link HissStepModel}. Prints medians of the timed repetitions after warm-up.
 *
 * <p>Usage: {@code java -cp hiss-model/target/classes dev.hiss.model.hiss.bench.HissBench [preset
 * [batch [length [reps [devices]]]]]}, defaults {@code small-s4d 8 2000 10 1000}, D_in 2, D_out 1.
 * {@code benchmarks/peers/hiss_torch.py} runs the same preset, sizes and loss in PyTorch.
 */
public final class HissBench {

  private HissBench() {}

  /**
   * Runs the benchmark.
   *
   * @param args preset, batch, length, repetitions, devices (all optional)
   */
  public static void main(String[] args) {
    String preset = args.length > 0 ? args[0] : "small-s4d";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 8;
    int length = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    int reps = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int devices = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
    HissConfig config = HissPresets.preset(preset, 2, 1);
    HissModel model = new HissModel(config, 1);
    int lOut = config.outputLength(length);
    SplittableRandom r = new SplittableRandom(2);
    float[] x = gaussian(batch * length * 2, r);
    float[] y = gaussian(batch * lOut, r);
    Adam adam = new Adam(model.parameters(), 1e-4, 0.9, 0.999, 1e-8);
    SplittableRandom dropout = new SplittableRandom(3);
    double[] ms = new double[reps];
    for (int i = -3; i < reps; i++) { // 3 warm-up steps
      long t0 = System.nanoTime();
      model.zeroGrad();
      float[] pred = model.forward(x, batch, length, dropout);
      float[] grad = new float[pred.length];
      MaskedMse.loss(pred, y, null, 1, grad);
      model.backward(grad);
      adam.step();
      if (i >= 0) {
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(ms);
    double step = ms[reps / 2];
    System.out.printf(
        "HiSS %s (%d params) training B=%d L=%d D_in=2 D_out=1, %d cores: %.1f ms/step (median of"
            + " %d), %.0f samples/s%n",
        preset,
        model.parameterCount(),
        batch,
        length,
        Runtime.getRuntime().availableProcessors(),
        step,
        reps,
        batch * length / (step / 1e3));
    double[] one = streamingNsPerSample(model, 1, 200_000);
    double[] many = streamingNsPerSample(model, devices, Math.max(100, 200_000 / devices));
    System.out.printf(
        "HiSS %s streaming: 1 device %.0f ns/sample; %d devices stepped together %.0f ns per"
            + " device-sample (%.1f us per step of all devices)%n",
        preset, one[0], devices, many[0], many[0] * devices / 1e3);
    System.out.printf(
        "HiSS %s streaming, CPU time of the process (all threads) per device-sample: 1 device %.0f"
            + " ns; %d devices %.0f ns%n",
        preset, one[1], devices, many[1]);
  }

  /**
   * Medians over 5 rounds of the wall time and of the process CPU time per device-sample when
   * stepping {@code devices} streams (CPU time is less sensitive to other load on the machine).
   */
  private static double[] streamingNsPerSample(HissModel model, int devices, int steps) {
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    HissStepModel stream = new HissStepModel(model, devices);
    float[][] samples = new float[64][];
    SplittableRandom r = new SplittableRandom(4);
    for (int i = 0; i < samples.length; i++) {
      samples[i] = gaussian(devices * 2, r);
    }
    double[] rounds = new double[6];
    double[] cpu = new double[6];
    double sink = 0;
    for (int round = 0; round < rounds.length; round++) { // round 0 is warm-up
      long t0 = System.nanoTime();
      long c0 = os.getProcessCpuTime();
      for (int t = 0; t < steps; t++) {
        float[] out = stream.step(samples[t % samples.length]);
        if (out != null) {
          sink += out[0];
        }
      }
      rounds[round] = (System.nanoTime() - t0) / (double) steps / devices;
      cpu[round] = (os.getProcessCpuTime() - c0) / (double) steps / devices;
    }
    if (Double.isNaN(sink)) {
      System.out.println("(NaN output)");
    }
    double[] timed = Arrays.copyOfRange(rounds, 1, rounds.length);
    double[] timedCpu = Arrays.copyOfRange(cpu, 1, cpu.length);
    Arrays.sort(timed);
    Arrays.sort(timedCpu);
    return new double[] {timed[timed.length / 2], timedCpu[timedCpu.length / 2]};
  }

  private static float[] gaussian(int n, SplittableRandom r) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) r.nextGaussian();
    }
    return a;
  }
}
