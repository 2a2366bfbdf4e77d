package dev.hiss.spark.train;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.spark.job.ChunkMeanTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The measurement behind {@code docs/scaling.md} (a harness, not a test): trains HiSS on the
 * bundled ECG (next-chunk-mean task, 200-sample episodes) with {@link DistributedHissTrainer} and
 * prints per-epoch training/validation loss, step time and samples/s, and the time to a fixed
 * validation loss. Arguments: master partitions preset epochs targetValidationLoss [samples].
 */
public final class ScalingMeasurement {
  private ScalingMeasurement() {}

  /** The single-process {@link HissTrainer} on the same data, for the per-step overhead. */
  private static void single(String preset, int epochs, List<Episode> train, List<Episode> valid) {
    HissModel model = new HissModel(HissPresets.preset(preset, 1, 1), 3);
    HissTrainer t = new HissTrainer(model, new TrainConfig(3e-3, 0.9, 0.999, 1e-8, 16, 1, 3));
    Seq2SeqData tr = stack(train);
    Seq2SeqData va = stack(valid);
    System.out.printf("master=single preset=%s train=%d%n", preset, train.size());
    for (int e = 0; e < epochs; e++) {
      long t0 = System.nanoTime();
      double loss = t.fit(tr).get(0);
      double dt = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "epoch %d train %.5f valid %.5f stepSeconds %.2f samples/s %.1f%n",
          e, loss, HissTrainer.evaluate(model, va), dt, train.size() / dt);
    }
  }

  private static Seq2SeqData stack(List<Episode> es) {
    int xi = es.get(0).input().length;
    int yi = es.get(0).target().length;
    float[] x = new float[es.size() * xi];
    float[] y = new float[es.size() * yi];
    boolean[] m = new boolean[es.size() * yi];
    for (int i = 0; i < es.size(); i++) {
      System.arraycopy(es.get(i).input(), 0, x, i * xi, xi);
      System.arraycopy(es.get(i).target(), 0, y, i * yi, yi);
      System.arraycopy(es.get(i).mask(), 0, m, i * yi, yi);
    }
    return new Seq2SeqData(x, y, m, es.size(), xi, 1, yi, 1);
  }

  public static void main(String[] args) {
    String master = args[0];
    int partitions = Integer.parseInt(args[1]);
    String preset = args[2];
    int epochs = Integer.parseInt(args[3]);
    double target = Double.parseDouble(args[4]);
    int samples = args.length > 5 ? Integer.parseInt(args[5]) : 60_000;
    double[] ecg = Arrays.copyOf(Recording.bundledEcg().values(), samples);
    double[] all = Arrays.copyOf(ecg, (int) (samples * 0.8));
    double mean = Arrays.stream(all).average().orElseThrow();
    double std =
        Math.sqrt(Arrays.stream(all).map(x -> (x - mean) * (x - mean)).average().orElse(1));
    List<Episode> train = new ArrayList<>();
    List<Episode> valid = new ArrayList<>();
    for (ChunkMeanTask.Draft d :
        ChunkMeanTask.episodes(
            new double[][] {ecg},
            new int[] {0},
            0,
            10,
            20,
            0.2,
            new double[] {mean},
            new double[] {std})) {
      List<Episode> to = d.train ? train : valid;
      to.add(new Episode(to.size(), d.input, d.target, d.mask));
    }
    if (master.equals("single")) {
      single(preset, epochs, train, valid);
      return;
    }
    SparkSession spark = LocalSpark.builder(master, "hiss-scaling").getOrCreate();
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      JavaRDD<Episode> tr = sc.parallelize(train, partitions);
      JavaRDD<Episode> va = sc.parallelize(valid, partitions).cache();
      HissModel model = new HissModel(HissPresets.preset(preset, 1, 1), 3);
      DistributedHissTrainer t =
          new DistributedHissTrainer(
              model,
              new DistributedTrainConfig(
                  new TrainConfig(3e-3, 0.9, 0.999, 1e-8, 16, epochs, 3), partitions));
      double[] reached = {Double.NaN};
      long[] last = {0, 0};
      double[] lastS = {0};
      System.out.printf(
          "master=%s partitions=%d preset=%s params=%d train=%d valid=%d%n",
          master, partitions, preset, model.parameterCount(), train.size(), valid.size());
      t.fit(
          tr,
          s -> {
            double v = DistributedHissTrainer.evaluate(model, va);
            double dt = s.seconds() - lastS[0];
            long dn = s.samples() - last[0];
            System.out.printf(
                "epoch %d train %.5f valid %.5f stepSeconds %.2f samples/s %.1f%n",
                s.epoch(), s.trainLoss(), v, dt, dn / dt);
            lastS[0] = s.seconds();
            last[0] = s.samples();
            if (Double.isNaN(reached[0]) && v <= target) {
              reached[0] = s.seconds();
            }
            return true;
          });
      System.out.printf(
          "RESULT master=%s partitions=%d steps=%d samples/s=%.1f secondsToValid<=%.3f: %s%n",
          master,
          partitions,
          t.steps(),
          t.samples() / t.seconds(),
          target,
          Double.isNaN(reached[0]) ? "not reached" : String.format("%.2f", reached[0]));
    } finally {
      spark.stop();
    }
  }
}
