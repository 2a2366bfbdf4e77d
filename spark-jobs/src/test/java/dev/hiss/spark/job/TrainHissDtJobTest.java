package dev.hiss.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.lake.internal.RecordDecoder;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./hiss train --dt} ({@link TrainHissJob.Config#dt()}) on a lake with irregular timestamps:
 * the saved model has the Δt flag and the nominal gap (the exact median training gap), and its
 * reported validation loss is reproduced locally only with the Δt scales gap / nominal.
 */
@Tag("integration")
@Timeout(300)
class TrainHissDtJobTest {
  private static final int PER_DEVICE = 1200;
  private static final long T0 = 1_700_000_000_000_000_000L;
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "train-hiss-dt-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** A device: values and timestamps (ns). */
  private record Device(double[] x, long[] ts) {}

  /** A damped-free oscillation seen at irregular times: gaps of 2, 5, 10 or 40 ms. */
  private static Device irregular(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    long[] gapsMs = {2, 5, 5, 10, 10, 10, 40};
    double[] x = new double[PER_DEVICE];
    long[] ts = new long[PER_DEVICE];
    long t = T0 + seed * 1_000_000L;
    for (int i = 0; i < PER_DEVICE; i++) {
      if (i > 0) {
        t += gapsMs[r.nextInt(gapsMs.length)] * 1_000_000L;
      }
      ts[i] = t;
      double sec = (t - T0) / 1e9;
      x[i] = Math.sin(2 * Math.PI * sec / 0.4) + 0.05 * r.nextGaussian();
    }
    return new Device(x, ts);
  }

  private static Path writeLake(Path lake, Map<String, Device> devices) {
    StructType schema =
        new StructType()
            .add("device", DataTypes.StringType)
            .add("seq", DataTypes.LongType)
            .add("ts_ns", DataTypes.LongType)
            .add(
                "channels",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false))
            .add("bucket", DataTypes.IntegerType);
    List<Row> rows = new ArrayList<>();
    devices.forEach(
        (id, d) -> {
          for (int t = 0; t < d.x.length; t++) {
            rows.add(
                RowFactory.create(
                    id,
                    (long) t,
                    d.ts[t],
                    scala.collection.JavaConverters.mapAsScalaMap(Map.of("v", d.x[t])),
                    RecordDecoder.bucket(id, 4)));
          }
        });
    spark.createDataFrame(rows, schema).write().partitionBy("bucket").parquet(lake.toString());
    return lake;
  }

  @Test
  void aDtModelRecordsTheMedianTrainingGapAndIsTrainedOnGapOverNominal() throws Exception {
    Map<String, Device> devices = new LinkedHashMap<>();
    devices.put("a", irregular(1));
    devices.put("b", irregular(2));
    Path lake = writeLake(dir.resolve("irregular"), devices);
    Path file = dir.resolve("dt.json");
    TrainConfig train = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 2, 21);
    TrainHissJob.Config c =
        new TrainHissJob.Config(lake, List.of("v"), "v", "tiny", 8, 0.2, train, 2, file)
            .withDt(true);
    TrainHissJob.Result r = TrainHissJob.run(spark, c);

    // the exact median of the gaps inside the training parts (samples 1 .. 959 of each device)
    int cut = ChunkMeanTask.cut(PER_DEVICE, 0.2);
    List<Long> gaps = new ArrayList<>();
    for (Device d : devices.values()) {
      for (int t = 1; t < cut; t++) {
        gaps.add(d.ts[t] - d.ts[t - 1]);
      }
    }
    gaps.sort(null);
    int n = gaps.size();
    double median = (gaps.get((n - 1) / 2) + gaps.get(n / 2)) / 2.0 / 1e9;
    assertEquals(0.010, median, 1e-12, "the test's gap mix has median 10 ms");
    assertEquals(median, r.nominalGapSeconds());

    HissForecaster f = HissModelFile.loadForecaster(file);
    assertTrue(f.model().config().dt(), "the model takes the Δt channel");
    assertEquals(median, f.nominalGapSeconds());
    Provenance p = ModelFile.read(file, HissModelFile.KIND).provenance();
    assertEquals("true", p.config().get("dt"));
    assertEquals(Double.toString(median), p.config().get("nominalGapSeconds"));

    // the reported validation MSE is the saved model's on locally built episodes with Δt =
    // gap / nominal (1 at a device's first row), and not the one with Δt ignored
    double mean = Double.parseDouble(p.config().get("norm.v.mean"));
    double std = Double.parseDouble(p.config().get("norm.v.std"));
    List<float[]> xs = new ArrayList<>();
    List<float[]> xsOnes = new ArrayList<>();
    List<ChunkMeanTask.Draft> valid = new ArrayList<>();
    for (Device d : devices.values()) {
      for (ChunkMeanTask.Draft e :
          ChunkMeanTask.episodes(
              new double[][] {d.x},
              new int[] {0},
              0,
              10,
              8,
              0.2,
              new double[] {mean},
              new double[] {std})) {
        if (e.train) {
          continue;
        }
        valid.add(e);
        float[] x = new float[80 * 2];
        float[] ones = new float[80 * 2];
        for (int t = 0; t < 80; t++) {
          int at = e.start + t;
          x[2 * t] = e.input[t];
          ones[2 * t] = e.input[t];
          x[2 * t + 1] = (float) ((d.ts[at] - d.ts[at - 1]) / 1e9 / median);
          ones[2 * t + 1] = 1f;
        }
        xs.add(x);
        xsOnes.add(ones);
      }
    }
    assertEquals(r.validationEpisodes(), valid.size());
    double local = mse(f, valid, xs);
    assertEquals(r.bestValidationLoss(), local, 1e-5 * local);
    double ignored = mse(f, valid, xsOnes);
    assertBatchScoringFeedsTheSameScales(lake, file, f, devices.get("a"), median);
    // far outside the tolerance above: training with Δt = 1 could not pass that check
    assertTrue(
        Math.abs(ignored - local) > 10 * 1e-5 * local,
        "Δt matters: " + local + " with the scales, " + ignored + " with Δt = 1");
  }

  /** ./hiss score with the Δt model: its predictions are the forward pass with gap / nominal. */
  private static void assertBatchScoringFeedsTheSameScales(
      Path lake, Path file, HissForecaster f, Device a, double nominal) {
    Path out = dir.resolve("scored");
    assertEquals(2 * PER_DEVICE / 10, BatchScoreJob.run(spark, lake, file, out));
    List<Row> rows =
        spark
            .read()
            .parquet(out.toString())
            .filter("device = 'a'")
            .orderBy("chunk_end_seq")
            .collectAsList();
    float[] raw = new float[PER_DEVICE * 2];
    for (int t = 0; t < PER_DEVICE; t++) {
      raw[2 * t] = (float) a.x[t];
      raw[2 * t + 1] = t == 0 ? 1f : (float) ((a.ts[t] - a.ts[t - 1]) / 1e9 / nominal);
    }
    float[] y = f.predict(raw, 1, PER_DEVICE);
    assertEquals(y.length, rows.size());
    for (int j = 0; j < y.length; j++) {
      assertEquals(10L * j + 9, rows.get(j).getLong(1));
      assertEquals(y[j], rows.get(j).getDouble(3), 1e-5 * Math.max(1, Math.abs(y[j])));
    }
  }

  private static double mse(
      HissForecaster f, List<ChunkMeanTask.Draft> valid, List<float[]> inputs) {
    int m = valid.size();
    float[] x = new float[m * 160];
    float[] y = new float[m * 8];
    boolean[] mask = new boolean[m * 8];
    for (int e = 0; e < m; e++) {
      System.arraycopy(inputs.get(e), 0, x, e * 160, 160);
      System.arraycopy(valid.get(e).target, 0, y, e * 8, 8);
      System.arraycopy(valid.get(e).mask, 0, mask, e * 8, 8);
    }
    return HissTrainer.evaluate(f.model(), new Seq2SeqData(x, y, mask, m, 80, 2, 8, 1));
  }

  @Test
  void timestampsThatDoNotIncreaseAreAnErrorNamingDeviceAndSeq() {
    Device d = irregular(3);
    long[] ts = d.ts.clone();
    ts[500] = ts[499]; // a repeated timestamp at seq 500
    Path lake = writeLake(dir.resolve("repeated"), Map.of("dev-7", new Device(d.x, ts)));
    TrainConfig train = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 1, 1);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainHissJob.run(
                    spark,
                    new TrainHissJob.Config(
                            lake, List.of("v"), "v", "tiny", 8, 0.2, train, 1, dir.resolve("x"))
                        .withDt(true)));
    assertTrue(e.getMessage().contains("device 'dev-7'"), e.getMessage());
    assertTrue(e.getMessage().contains("(seq 500)"), e.getMessage());
    assertTrue(e.getMessage().contains("is 0 ns after"), e.getMessage());
  }

  @Test
  void theFingerprintOfAJobWithoutDtIsTheOneWrittenBeforeDtExisted() {
    TrainConfig t = TrainConfig.hissDefaults(1);
    Path p = dir.resolve("f");
    TrainHissJob.Config c = new TrainHissJob.Config(p, List.of("x"), "x", "tiny", 8, 0.2, t, 1, p);
    assertFalse(c.fingerprint().contains("dt="), c.fingerprint());
    assertTrue(c.fingerprint().endsWith("checkpointDir=null]"), c.fingerprint());
    assertTrue(c.withDt(true).fingerprint().endsWith("dt=true]"));
    assertEquals(
        c.withCheckpoints(dir).fingerprint(), c.fingerprint(), "the checkpoint dir is not in it");
  }

  @Test
  void scalesAreGapOverNominalAndOneAtADevicesFirstRow() {
    double[][] s =
        LakeTiming.withTiming(
            new double[][] {{1, 2, 3, 4}},
            new long[] {T0, T0 + 5_000_000L, T0 + 15_000_000L, T0 + 16_000_000L},
            new long[] {0, 1, 2, 3});
    assertEquals(3, s.length);
    ChunkMeanTask.Draft d =
        new ChunkMeanTask.Draft(
            0, true, new float[] {1, 2, 3, 4}, new float[] {9}, new boolean[] {true});
    ChunkMeanTask.Draft w = LakeTiming.withScales(d, 1, s[LakeTiming.gapRow(s)], 0.005);
    assertEquals(
        Arrays.toString(new float[] {1, 1f, 2, 1f, 3, 2f, 4, 0.2f})
            .replace("0.2", Float.toString((float) (1_000_000L / 1e9 / 0.005))),
        Arrays.toString(w.input));
    ChunkMeanTask.Draft later =
        new ChunkMeanTask.Draft(
            2, false, new float[] {3, 4}, new float[] {9}, new boolean[] {true});
    assertEquals(
        Arrays.toString(new float[] {3, 2f, 4, (float) (1_000_000L / 1e9 / 0.005)}),
        Arrays.toString(LakeTiming.withScales(later, 1, s[1], 0.005).input));
  }
}
