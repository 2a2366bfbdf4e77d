package dev.hiss.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.HissStepModel;
import dev.hiss.model.io.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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

/** Batch scoring of the lake equals the streaming step model run per device, in original units. */
@Tag("integration")
@Timeout(300)
class BatchScoreJobTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "score-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  @Test
  void lakePredictionsEqualTheStreamingModelPerDevice() throws Exception {
    HissModel model = new HissModel(HissPresets.preset("tiny", 1, 1), 3);
    Map<String, String> config = new HashMap<>();
    config.put("inputChannels", "x");
    config.put("targetChannel", "y");
    HissPreprocessing pre =
        new HissPreprocessing(
            1,
            false,
            1e30,
            new float[] {2f},
            new float[] {0.5f},
            new float[] {10f},
            new float[] {3f});
    Path modelFile = dir.resolve("hiss.json");
    String sha =
        HissModelFile.save(
            modelFile,
            new HissForecaster(model, pre),
            new Provenance(config, 3, "", "", "test", Provenance.currentCodeVersion(), "now"));

    SplittableRandom r = new SplittableRandom(4);
    Map<String, double[]> devices = Map.of("a", series(r, 230), "b", series(r, 157));
    StructType schema =
        new StructType()
            .add("device", DataTypes.StringType)
            .add("seq", DataTypes.LongType)
            .add("ts_ns", DataTypes.LongType)
            .add(
                "channels",
                DataTypes.createMapType(DataTypes.StringType, DataTypes.DoubleType, false));
    List<Row> rows = new ArrayList<>();
    devices.forEach(
        (id, x) -> {
          for (int t = 0; t < x.length; t++) {
            Map<String, Double> ch = t == 5 ? Map.of("other", 1.0) : Map.of("x", x[t]);
            rows.add(
                RowFactory.create(
                    id, (long) t, 1_000L * t, scala.collection.JavaConverters.mapAsScalaMap(ch)));
          }
        });
    Path lake = dir.resolve("lake");
    spark.createDataFrame(rows, schema).write().parquet(lake.toString());

    Path out = dir.resolve("predictions");
    long n = BatchScoreJob.run(spark, lake, modelFile, out);

    int k = 1;
    for (int c : model.config().chunks()) {
      k *= c;
    }
    long expected = 0;
    for (Map.Entry<String, double[]> d : devices.entrySet()) {
      // sample 5 lacks channel x: it is left out, so the model sees length - 1 samples
      List<Integer> used = new ArrayList<>();
      for (int t = 0; t < d.getValue().length; t++) {
        if (t != 5) {
          used.add(t);
        }
      }
      HissStepModel step = new HissStepModel(model, pre, 1); // raw units in and out
      List<Row> got =
          spark
              .read()
              .parquet(out.toString())
              .filter("device = '" + d.getKey() + "'")
              .orderBy("chunk_end_seq")
              .collectAsList();
      int j = 0;
      for (int i = 0; i < used.size() / k * k; i++) {
        float[] y = step.step(new float[] {(float) d.getValue()[used.get(i)]});
        if (y != null) {
          Row g = got.get(j++);
          assertEquals(used.get(i).longValue(), g.getLong(1), "chunk end seq");
          assertEquals(1_000L * used.get(i), g.getLong(2));
          assertEquals(y[0], g.getDouble(3), 1e-4);
          assertEquals(sha.substring(0, 12), g.getString(4));
        }
      }
      assertEquals(j, got.size());
      expected += j;
    }
    assertEquals(expected, n);
  }

  @Test
  void aModelWithoutTrainingProvenanceIsRefusedClearly() throws Exception {
    Path f = dir.resolve("bare.json");
    HissModelFile.save(
        f,
        new HissModel(HissPresets.preset("tiny", 1, 1), 1),
        new Provenance(Map.of(), 1, "", "", "t", "v", "now"));
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> BatchScoreJob.run(spark, dir.resolve("lake"), f, dir.resolve("x")));
    assertEquals(
        "Model provenance lacks inputChannels/targetChannel: not a TrainHissJob model",
        ex.getMessage());
  }

  private static double[] series(SplittableRandom r, int n) {
    double[] x = new double[n];
    for (int t = 0; t < n; t++) {
      x[t] = 2 + Math.sin(t * 0.2) + 0.1 * r.nextGaussian();
    }
    return x;
  }
}
