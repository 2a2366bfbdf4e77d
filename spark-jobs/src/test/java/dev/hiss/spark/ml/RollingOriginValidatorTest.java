package dev.hiss.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
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

/** Rolling-origin selection with the HiSS regressor and the sequence MSE evaluator. */
@Tag("integration")
@Timeout(300)
class RollingOriginValidatorTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "rolling-origin-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Consecutive 40-sample episodes of one noisy sine; label: next 10-sample chunk means. */
  static Dataset<Row> episodes(int n) {
    SplittableRandom r = new SplittableRandom(9);
    double[] s = new double[40 * n + 10];
    for (int t = 0; t < s.length; t++) {
      s[t] = Math.sin(0.25 * t) + 0.05 * r.nextGaussian();
    }
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      List<Double> x = new ArrayList<>();
      List<Double> z = new ArrayList<>();
      List<Double> y = new ArrayList<>();
      for (int t = 0; t < 40; t++) {
        x.add(s[40 * e + t]);
        z.add(40 * e + t == 0 ? 0 : s[40 * e + t - 1]);
      }
      for (int j = 0; j < 4; j++) {
        double sum = 0;
        for (int t = 40 * e + 10 * (j + 1); t < 40 * e + 10 * (j + 2); t++) {
          sum += s[t];
        }
        y.add(sum / 10);
      }
      rows.add(RowFactory.create(1000L * e, x, z, y));
    }
    StructType schema =
        new StructType()
            .add("t", DataTypes.LongType)
            .add("x", HissParams.SEQUENCE)
            .add("z", HissParams.SEQUENCE)
            .add("y", HissParams.SEQUENCE);
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void foldsNeverTrainOnOrAfterTheirValidationWindow() {
    Dataset<Row> d = episodes(30);
    List<RollingOriginValidator.Fold> folds =
        RollingOriginValidator.folds(d, new RollingOriginValidator.Config("t", 3, 0.5));
    assertEquals(3, folds.size());
    assertEquals(14_500, folds.get(0).origin());
    assertEquals(29_000, folds.get(2).validUntil());
    assertTrue(folds.get(2).last());
    for (int i = 0; i < 2; i++) {
      assertEquals(folds.get(i).validUntil(), folds.get(i + 1).origin());
      assertFalse(folds.get(i).last());
    }
  }

  @Test
  void selectsTheBetterParamMapByMeanFoldMetricAndRefitsIt() {
    Dataset<Row> d = episodes(24);
    HissRegressor est =
        new HissRegressor().setInputCols("x", "z").setLabelCol("y").setSeed(3).setPartitions(2);
    ParamMap barely = new ParamMap().put(est.learningRate().w(1e-5)).put(est.epochs().w(1));
    ParamMap trained = new ParamMap().put(est.learningRate().w(1e-2)).put(est.epochs().w(4));
    RollingOriginValidator.Result<HissRegressionModel> r =
        RollingOriginValidator.fit(
            est,
            new ParamMap[] {barely, trained},
            new SequenceMseEvaluator().setLabelCol("y"),
            d,
            new RollingOriginValidator.Config("t", 2, 0.5));
    assertEquals(2, r.metrics().length);
    assertEquals(2, r.metrics()[0].length);
    for (int m = 0; m < 2; m++) {
      assertEquals(Arrays.stream(r.metrics()[m]).average().orElseThrow(), r.mean()[m], 1e-12);
    }
    assertEquals(1, r.bestIndex(), "metrics " + Arrays.deepToString(r.metrics()));
    assertEquals(1e-2, (Double) r.bestModel().getOrDefault(r.bestModel().learningRate()));
    assertEquals(4, (Integer) r.bestModel().getOrDefault(r.bestModel().epochs()));
  }

  @Test
  void evaluatorIsTheMaskedMseAndPersists() throws Exception {
    StructType schema =
        new StructType().add("label", HissParams.SEQUENCE).add("p", HissParams.SEQUENCE);
    Dataset<Row> df =
        spark.createDataFrame(
            List.of(
                RowFactory.create(List.of(1.0, Double.NaN), List.of(2.0, 5.0)),
                RowFactory.create(List.of(0.0, 3.0), List.of(0.0, 1.0))),
            schema);
    SequenceMseEvaluator e = new SequenceMseEvaluator().setPredictionCol("p");
    assertEquals((1.0 + 0.0 + 4.0) / 3, e.evaluate(df), 1e-12);
    assertFalse(e.isLargerBetter());
    String path = dir.resolve("eval").toString();
    e.setLabelCol("label2").write().overwrite().save(path);
    SequenceMseEvaluator back = SequenceMseEvaluator.load(path);
    assertEquals("label2", back.getOrDefault(back.labelCol()));
    assertEquals("p", back.getOrDefault(back.predictionCol()));
  }

  @Test
  void configIsValidated() {
    assertThrows(
        IllegalArgumentException.class, () -> new RollingOriginValidator.Config(" ", 2, 0.5));
    assertThrows(
        IllegalArgumentException.class, () -> new RollingOriginValidator.Config("t", 0, 0.5));
    assertThrows(
        IllegalArgumentException.class, () -> new RollingOriginValidator.Config("t", 2, 1.0));
  }
}
