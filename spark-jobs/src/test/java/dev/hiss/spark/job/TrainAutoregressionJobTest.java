package dev.hiss.spark.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.lake.internal.RecordDecoder;
import dev.hiss.model.io.ModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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

/** The Spark fit equals the independent local least-squares fit on the same training windows. */
@Tag("integration")
@Timeout(300)
class TrainAutoregressionJobTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "train-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static double[] series(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] x = new double[n];
    for (int t = 2; t < n; t++) {
      x[t] = 0.2 + 0.7 * x[t - 1] - 0.25 * x[t - 2] + 0.5 * r.nextGaussian();
    }
    return x;
  }

  private static Path writeLake(String name, Map<String, double[]> devices) {
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
        (id, x) -> {
          for (int t = 0; t < x.length; t++) {
            rows.add(
                RowFactory.create(
                    id,
                    (long) t,
                    1_000_000_000L * (t + 1),
                    scala.collection.JavaConverters.mapAsScalaMap(Map.of("x", x[t])),
                    RecordDecoder.bucket(id, 4)));
          }
        });
    Path lake = dir.resolve(name);
    spark.createDataFrame(rows, schema).write().partitionBy("bucket").parquet(lake.toString());
    return lake;
  }

  @Test
  void sparkFitEqualsLocalLeastSquaresOnTheTrainingRange() throws Exception {
    int n = 3000;
    double[] a = series(1, n);
    double[] b = series(2, n);
    Path lake = writeLake("lake", Map.of("a", a, "b", b));
    int order = 3;
    int horizon = 2;
    double vf = 0.2;
    Path modelFile = dir.resolve("ar.json");
    TrainAutoregressionJob.Result r =
        TrainAutoregressionJob.run(
            spark, new TrainAutoregressionJob.Config(lake, "x", order, horizon, vf, modelFile));

    // the job's split: label seq <= cut = (n - 1) * (1 - vf)
    int cut = (int) Math.floor((n - 1) * (1 - vf));
    LinearAutoregression reference =
        LinearAutoregression.fitLeastSquares(
            "x",
            new double[][] {Arrays.copyOf(a, cut + 1), Arrays.copyOf(b, cut + 1)},
            order,
            horizon);
    assertEquals(reference.intercept(), r.model().intercept(), 1e-8);
    assertArrayEquals(reference.coefficients(), r.model().coefficients(), 1e-8);
    assertEquals(2 * (cut + 1 - (order - 1) - horizon), r.trainRows());
    assertEquals(2, r.devices());

    // validation MSE recomputed locally on windows starting after the cut
    double se = 0;
    double naive = 0;
    long count = 0;
    for (double[] x : new double[][] {a, b}) {
      for (int t = cut + 1; t + horizon < n; t++) {
        double e = r.model().predict(x, t) - x[t + horizon];
        se += e * e;
        naive += Math.pow(x[t] - x[t + horizon], 2);
        count++;
      }
    }
    assertEquals(count, r.validationRows());
    assertEquals(se / count, r.validationMse(), 1e-9);
    assertEquals(naive / count, r.naiveMse(), 1e-9);
    assertTrue(r.validationMse() < r.naiveMse());

    LinearAutoregression saved = LinearAutoregression.load(modelFile);
    assertEquals(r.model(), saved);
    ModelFile.Loaded loaded = ModelFile.read(modelFile, LinearAutoregression.KIND);
    assertTrue(loaded.sha256().startsWith(r.modelVersion()));
    assertEquals("3", loaded.provenance().config().get("order"));
    assertEquals("1970-01-01T00:00:01Z", loaded.provenance().dataFrom());
  }

  @Test
  void tooLittleDataIsAClearError() {
    Path lake = writeLake("tiny", Map.of("a", new double[] {1, 2, 3}));
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                TrainAutoregressionJob.run(
                    spark,
                    new TrainAutoregressionJob.Config(
                        lake, "x", 3, 1, 0.2, dir.resolve("t.json"))));
    assertTrue(ex.getMessage().contains("Too little data"), ex.getMessage());
  }
}
