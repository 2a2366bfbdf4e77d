package dev.hiss.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.param.Param;
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

/** The Spark ML estimator and model: Pipeline use, persistence with every param non-default. */
@Tag("integration")
@Timeout(300)
class HissRegressorTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "hiss-regressor-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  /** Episodes of 40 samples (x a noisy sine, z its lag), label: mean of x over the next 20. */
  static Dataset<Row> episodes(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Row> rows = new ArrayList<>();
    for (int e = 0; e < n; e++) {
      double phase = r.nextDouble() * 6.28;
      double[] s = new double[60];
      for (int t = 0; t < s.length; t++) {
        s[t] = Math.sin(phase + 0.2 * t) + 0.05 * r.nextGaussian();
      }
      List<Double> x = new ArrayList<>();
      List<Double> z = new ArrayList<>();
      for (int t = 0; t < 40; t++) {
        x.add(s[t]);
        z.add(t == 0 ? 0 : s[t - 1]);
      }
      List<Double> y = new ArrayList<>();
      for (int j = 0; j < 2; j++) {
        double sum = 0;
        for (int t = (j + 1) * 20; t < (j + 2) * 20; t++) {
          sum += s[t];
        }
        y.add(e % 5 == 0 && j == 1 ? Double.NaN : sum / 20); // NaN: masked step
      }
      rows.add(RowFactory.create(e, x, z, y));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("x", HissParams.SEQUENCE)
            .add("z", HissParams.SEQUENCE)
            .add("y", HissParams.SEQUENCE);
    return spark.createDataFrame(rows, schema);
  }

  /** Every param set to a non-default value (three-level preset: chunks 4·5, so L/20 outputs). */
  static HissRegressor configured() {
    return new HissRegressor()
        .setInputCols("x", "z")
        .setLabelCol("y")
        .setPredictionCol("yhat")
        .setPreset("three-level")
        .setChunkSize(4)
        .setEpochs(3)
        .setBatchSize(3)
        .setLearningRate(5e-3)
        .setSeed(17)
        .setPartitions(2);
  }

  private static List<double[]> predictions(Dataset<Row> df, String col) {
    List<double[]> out = new ArrayList<>();
    for (Row r : df.orderBy("id").select(col).collectAsList()) {
      out.add(r.<Double>getList(0).stream().mapToDouble(d -> d).toArray());
    }
    return out;
  }

  @Test
  void everyParamIsSetNonDefaultAndSurvivesSaveAndLoad() throws Exception {
    HissRegressor est = configured();
    HissRegressor fresh = new HissRegressor();
    for (Param<?> p : est.params()) {
      assertFalse(p.doc().isBlank(), p.name());
      assertTrue(est.isSet(p), "not set: " + p.name());
      if (fresh.hasDefault(fresh.getParam(p.name()))) {
        assertNotEquals(
            String.valueOf(fresh.getOrDefault(fresh.getParam(p.name()))),
            String.valueOf(est.getOrDefault(p)),
            p.name());
      }
    }
    String path = dir.resolve("estimator").toString();
    est.write().overwrite().save(path);
    HissRegressor back = HissRegressor.load(path);
    assertEquals(est.uid(), back.uid());
    for (Param<?> p : est.params()) {
      Object a = est.getOrDefault(p);
      Object b = back.getOrDefault(back.getParam(p.name()));
      if (a instanceof String[] sa) {
        assertArrayEquals(sa, (String[]) b);
      } else {
        assertEquals(a, b, p.name());
      }
    }
  }

  @Test
  void pipelineFitsTransformsAndReloadsWithIdenticalPredictions() throws Exception {
    Dataset<Row> train = episodes(24, 1);
    Dataset<Row> test = episodes(8, 2).drop("y");
    PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {configured()}).fit(train);
    Dataset<Row> out = fitted.transform(test);
    List<double[]> before = predictions(out, "yhat");
    assertEquals(8, before.size());
    assertEquals(2, before.get(0).length); // 40 samples / (4·5)

    String path = dir.resolve("pipeline").toString();
    fitted.write().overwrite().save(path);
    PipelineModel loaded = PipelineModel.load(path);
    List<double[]> after = predictions(loaded.transform(test), "yhat");
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), 0.0, "row " + i);
    }
    HissRegressionModel m = (HissRegressionModel) loaded.stages()[0];
    HissRegressionModel orig = (HissRegressionModel) fitted.stages()[0];
    assertEquals(orig.uid(), m.uid());
    for (Param<?> p : orig.params()) {
      Object a = orig.getOrDefault(p);
      Object b = m.getOrDefault(m.getParam(p.name()));
      if (a instanceof String[] sa) {
        assertArrayEquals(sa, (String[]) b);
      } else {
        assertEquals(a, b, p.name());
      }
    }
    assertEquals(17L, m.getOrDefault(m.seed()));

    // the weights are a plain HiSS model file, readable without Spark
    HissModel plain =
        HissModelFile.load(
            Path.of(path, "stages").toFile().listFiles()[0].toPath().resolve("model.json"));
    assertEquals(orig.hissModel().config(), plain.config());
  }

  @Test
  void trainingLowersTheLossAndIsDeterministic() {
    Dataset<Row> train = episodes(24, 3);
    HissRegressor est = configured().setEpochs(1).setLearningRate(1e-2);
    HissRegressionModel one = est.fit(train);
    HissRegressionModel again = est.fit(train);
    HissRegressionModel more =
        est.copy(new org.apache.spark.ml.param.ParamMap()).setEpochs(6).fit(train);
    List<double[]> a = predictions(one.transform(train), "yhat");
    assertEquals(a.size(), predictions(again.transform(train), "yhat").size());
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), predictions(again.transform(train), "yhat").get(i), 0.0);
    }
    assertTrue(mse(more.transform(train)) < mse(one.transform(train)));
  }

  private static double mse(Dataset<Row> df) {
    double se = 0;
    int n = 0;
    for (Row r : df.select("y", "yhat").collectAsList()) {
      List<Double> y = r.getList(0);
      List<Double> p = r.getList(1);
      for (int j = 0; j < y.size(); j++) {
        if (!y.get(j).isNaN()) {
          se += Math.pow(y.get(j) - p.get(j), 2);
          n++;
        }
      }
    }
    return se / n;
  }

  @Test
  void validatorsAndSchemaChecksRejectBadValues() {
    HissRegressor r = new HissRegressor();
    assertThrows(IllegalArgumentException.class, () -> r.setChunkSize(0));
    assertThrows(IllegalArgumentException.class, () -> r.setPreset("nope"));
    assertThrows(IllegalArgumentException.class, () -> r.setLearningRate(0));
    assertThrows(IllegalArgumentException.class, () -> r.setPartitions(0));
    assertThrows(IllegalArgumentException.class, () -> r.setEpochs(0));
    assertThrows(IllegalArgumentException.class, () -> r.setLabelCol(" "));
    StructType schema = new StructType().add("x", DataTypes.DoubleType);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> r.setInputCols("x").transformSchema(schema));
    assertTrue(e.getMessage().contains("array<double>"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> r.setInputCols("w").transformSchema(schema));
  }
}
