package dev.hiss.spark.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.lake.internal.RecordDecoder;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissTrainer;
import dev.hiss.model.hiss.Seq2SeqData;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/** The HiSS job on the bundled ECG recording (MIT-BIH 208), split into two devices. */
@Tag("integration")
@Timeout(300)
class TrainHissJobTest {
  private static final int PER_DEVICE = 3000;
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "train-hiss-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  static Path writeLake(SparkSession spark, Path lake, String channel, Map<String, double[]> d) {
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
    d.forEach(
        (id, x) -> {
          for (int t = 0; t < x.length; t++) {
            rows.add(
                RowFactory.create(
                    id,
                    (long) t,
                    2_777_778L * t + 1_000_000_000L,
                    scala.collection.JavaConverters.mapAsScalaMap(Map.of(channel, x[t])),
                    RecordDecoder.bucket(id, 4)));
          }
        });
    spark.createDataFrame(rows, schema).write().partitionBy("bucket").parquet(lake.toString());
    return lake;
  }

  static Map<String, double[]> ecgDevices() {
    double[] v = Recording.bundledEcg().values();
    Map<String, double[]> d = new LinkedHashMap<>();
    d.put("a", Arrays.copyOfRange(v, 0, PER_DEVICE));
    d.put("b", Arrays.copyOfRange(v, PER_DEVICE, 2 * PER_DEVICE));
    return d;
  }

  @Test
  void aKilledJobResumesFromItsCheckpointWithTheResultOfAnUninterruptedRun() throws Exception {
    Path lake = writeLake(spark, dir.resolve("ecg-resume"), "ecg_mV", ecgDevices());
    TrainConfig train = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 4, 33);
    TrainHissJob.Config straight =
        new TrainHissJob.Config(
            lake, List.of("ecg_mV"), "ecg_mV", "tiny", 8, 0.2, train, 2, dir.resolve("a.json"));
    TrainHissJob.Result a = TrainHissJob.run(spark, straight);

    Path ckpt = dir.resolve("ckpt");
    TrainHissJob.Config resumable =
        new TrainHissJob.Config(
                lake, List.of("ecg_mV"), "ecg_mV", "tiny", 8, 0.2, train, 2, dir.resolve("b.json"))
            .withCheckpoints(ckpt);
    // the job dies after its second epoch (the progress line comes after the checkpoint)
    RuntimeException killed =
        assertThrows(
            RuntimeException.class,
            () ->
                TrainHissJob.run(
                    spark,
                    resumable,
                    line -> {
                      if (line.startsWith("epoch 2/")) {
                        throw new IllegalStateException("killed");
                      }
                    }));
    assertEquals("killed", killed.getMessage());
    assertTrue(Files.exists(ckpt.resolve(TrainCheckpoint.FILE)));

    List<String> lines = new java.util.ArrayList<>();
    TrainHissJob.Result b = TrainHissJob.run(spark, resumable, lines::add);
    assertTrue(
        lines.get(0).startsWith("resuming from the checkpoint after epoch 2"), lines.toString());
    assertEquals(2, lines.size() - 1, "only epochs 3 and 4 ran again: " + lines);
    assertEquals(a.trainLoss(), b.trainLoss());
    assertEquals(a.validationLoss(), b.validationLoss());
    assertEquals(a.bestEpoch(), b.bestEpoch());
    float[] wa = weights(dir.resolve("a.json"));
    float[] wb = weights(dir.resolve("b.json"));
    assertArrayEquals(wa, wb, "resumed weights are bit-identical");
    assertFalse(
        Files.exists(ckpt.resolve(TrainCheckpoint.FILE)), "deleted once the model is saved");

    // a checkpoint of another job is refused, not mixed in
    TrainHissJob.Config other =
        new TrainHissJob.Config(
                lake,
                List.of("ecg_mV"),
                "ecg_mV",
                "tiny",
                8,
                0.2,
                new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 4, 34),
                2,
                dir.resolve("c.json"))
            .withCheckpoints(ckpt);
    assertThrows(
        IllegalStateException.class,
        () ->
            TrainHissJob.run(
                spark,
                resumable,
                line -> {
                  if (line.startsWith("epoch 1/")) {
                    throw new IllegalStateException("killed");
                  }
                }));
    IllegalStateException refused =
        assertThrows(IllegalStateException.class, () -> TrainHissJob.run(spark, other));
    assertTrue(refused.getMessage().contains("another training job"), refused.getMessage());
  }

  private static float[] weights(Path file) throws Exception {
    HissModel m = HissModelFile.loadForecaster(file).model();
    int n = 0;
    for (var p : m.parameters()) {
      n += p.value().length;
    }
    float[] w = new float[n];
    int at = 0;
    for (var p : m.parameters()) {
      System.arraycopy(p.value(), 0, w, at, p.value().length);
      at += p.value().length;
    }
    return w;
  }

  @Test
  void trainsOnTheEcgBeatsTheMeanForecastAndSavesTheBestEpochWithProvenance() throws Exception {
    Map<String, double[]> devices = ecgDevices();
    Path lake = writeLake(spark, dir.resolve("ecg"), "ecg_mV", devices);
    Path file = dir.resolve("hiss.json");
    TrainConfig train = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 5, 21);
    List<TrainHissJob.StepProgress> steps = new java.util.ArrayList<>();
    TrainHissJob.Result r =
        TrainHissJob.run(
            spark,
            new TrainHissJob.Config(
                lake, List.of("ecg_mV"), "ecg_mV", "tiny", 8, 0.2, train, 2, file),
            null,
            steps::add);

    // one step report per optimizer step: 60 episodes in batches of 8 = 8 steps, 5 epochs
    assertEquals(40, steps.size());
    assertEquals(8, steps.get(0).stepsPerEpoch());
    assertEquals(1.0, steps.get(39).fraction(), 1e-12);
    assertEquals(0.5, steps.get(19).fraction(), 1e-12);

    // 3000 samples per device, cut at 2400: 30 training and 7 validation windows of 80
    assertEquals(2, r.devices());
    assertEquals(60, r.trainEpisodes());
    assertEquals(14, r.validationEpisodes());
    assertEquals(5, r.trainLoss().size());
    assertEquals(5, r.validationLoss().size());
    assertTrue(
        r.bestValidationLoss() < 0.5 * r.zeroBaselineMse(),
        "validation " + r.validationLoss() + " vs mean forecast " + r.zeroBaselineMse());
    assertTrue(r.samplesPerSecond() > 0);

    ModelFile.Loaded loaded = ModelFile.read(file, HissModelFile.KIND);
    assertTrue(loaded.sha256().startsWith(r.modelVersion()));
    Provenance p = loaded.provenance();
    assertEquals(21, p.seed());
    assertEquals("1970-01-01T00:00:01Z", p.dataFrom());
    assertEquals(Integer.toString(r.bestEpoch()), p.config().get("metric.bestEpoch"));
    assertEquals("tiny", p.config().get("preset"));

    // standardization = the training parts' statistics
    double[] train0 = Arrays.copyOf(devices.get("a"), 2400);
    double[] train1 = Arrays.copyOf(devices.get("b"), 2400);
    double[] all = new double[4800];
    System.arraycopy(train0, 0, all, 0, 2400);
    System.arraycopy(train1, 0, all, 2400, 2400);
    double mean = Arrays.stream(all).average().orElseThrow();
    double std =
        Math.sqrt(Arrays.stream(all).map(x -> (x - mean) * (x - mean)).average().orElse(0));
    double savedMean = Double.parseDouble(p.config().get("norm.ecg_mV.mean"));
    double savedStd = Double.parseDouble(p.config().get("norm.ecg_mV.std"));
    assertEquals(mean, savedMean, 1e-9);
    assertEquals(std, savedStd, 1e-6);

    // the saved model reproduces the reported validation loss on locally rebuilt episodes
    List<ChunkMeanTask.Draft> valid = new ArrayList<>();
    for (double[] x : devices.values()) {
      for (ChunkMeanTask.Draft d :
          ChunkMeanTask.episodes(
              new double[][] {x},
              new int[] {0},
              0,
              10,
              8,
              0.2,
              new double[] {savedMean},
              new double[] {savedStd})) {
        if (!d.train) {
          valid.add(d);
        }
      }
    }
    assertEquals(14, valid.size());
    float[] xs = new float[14 * 80];
    float[] ys = new float[14 * 8];
    boolean[] ms = new boolean[14 * 8];
    for (int e = 0; e < 14; e++) {
      System.arraycopy(valid.get(e).input, 0, xs, e * 80, 80);
      System.arraycopy(valid.get(e).target, 0, ys, e * 8, 8);
      System.arraycopy(valid.get(e).mask, 0, ms, e * 8, 8);
    }
    HissModel model = HissModelFile.load(file);
    double local = HissTrainer.evaluate(model, new Seq2SeqData(xs, ys, ms, 14, 80, 1, 8, 1));
    assertEquals(r.bestValidationLoss(), local, 1e-5 * local);
  }

  @Test
  void taskMasksTargetsThatCrossTheSplit() {
    double[] x = new double[100];
    double[] z = new double[100];
    for (int t = 0; t < 100; t++) {
      x[t] = t;
      z[t] = -t;
    }
    List<ChunkMeanTask.Draft> ds =
        ChunkMeanTask.episodes(
            new double[][] {x, z},
            new int[] {1, 0},
            0,
            5,
            4,
            0.3,
            new double[] {0, 0},
            new double[] {1, 1});
    // cut 70: training windows [0,20) [20,40) [40,60); validation [70,90)
    assertEquals(4, ds.size());
    assertEquals(60 - 20, ds.get(2).start);
    assertEquals(70, ds.get(3).start);
    assertArrayEquals(new float[] {-40, 40, -41, 41}, Arrays.copyOf(ds.get(2).input, 4));
    // window [40,60): chunk j targets mean of [45+5j, 50+5j) while it ends by 70
    assertArrayEquals(new float[] {47, 52, 57, 62}, ds.get(2).target);
    assertArrayEquals(new boolean[] {true, true, true, true}, ds.get(2).mask);
    // window [70,90) in [70,100): chunk 3 target [90,95) ok; chunk … all fit
    assertArrayEquals(new float[] {77, 82, 87, 92}, ds.get(3).target);
    // a window ending at the cut masks what crosses it
    List<ChunkMeanTask.Draft> edge =
        ChunkMeanTask.episodes(
            new double[][] {x}, new int[] {0}, 0, 5, 4, 0.2, new double[] {0}, new double[] {1});
    // cut 80: windows [0,20) … [60,80); the last window's chunk 3 would read [80,85)
    assertArrayEquals(new boolean[] {true, true, true, false}, edge.get(3).mask);
    assertTrue(edge.get(3).train);
  }

  @Test
  void tooLittleDataIsAClearError() {
    Path lake =
        writeLake(spark, dir.resolve("tiny"), "ecg_mV", Map.of("a", new double[] {1, 2, 3, 4}));
    TrainConfig t = new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, 1, 1);
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainHissJob.run(
                    spark,
                    new TrainHissJob.Config(
                        lake,
                        List.of("ecg_mV"),
                        "ecg_mV",
                        "tiny",
                        8,
                        0.2,
                        t,
                        1,
                        dir.resolve("t.json"))));
    assertTrue(ex.getMessage().contains("Too little data"), ex.getMessage());
  }

  @Test
  void configIsValidated() {
    TrainConfig t = TrainConfig.hissDefaults(1);
    Path p = dir.resolve("x");
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainHissJob.Config(p, List.of(), "x", "tiny", 8, 0.2, t, 1, p));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainHissJob.Config(p, List.of("x", "x"), "x", "tiny", 8, 0.2, t, 1, p));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainHissJob.Config(p, List.of("x"), "x", "nope", 8, 0.2, t, 1, p));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainHissJob.Config(p, List.of("x"), "x", "tiny", 1, 0.2, t, 1, p));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainHissJob.Config(p, List.of("x"), "x", "tiny", 8, 1.0, t, 1, p));
    assertThrows(
        IllegalArgumentException.class,
        () -> new TrainHissJob.Config(p, List.of("x"), "x", "tiny", 8, 0.2, t, 0, p));
  }
}
