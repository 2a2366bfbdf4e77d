package dev.hiss.spark.job;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The HiSS job with GAUSSIAN and QUANTILE heads on the bundled ECG recording (two devices). */
@Tag("integration")
@Timeout(300)
class TrainHissHeadJobTest {
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    spark = LocalSpark.builder("local[2]", "train-hiss-head-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static TrainHissJob.Config config(Path lake, String out, int epochs) {
    return new TrainHissJob.Config(
        lake,
        List.of("ecg_mV"),
        "ecg_mV",
        "tiny",
        8,
        0.2,
        new TrainConfig(1e-2, 0.9, 0.999, 1e-8, 8, epochs, 33),
        2,
        dir.resolve(out));
  }

  private static float[] weights(Path file) throws Exception {
    HissModel m = HissModelFile.loadForecaster(file).model();
    List<Float> w = new ArrayList<>();
    for (var p : m.parameters()) {
      for (float f : p.value()) {
        w.add(f);
      }
    }
    float[] a = new float[w.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = w.get(i);
    }
    return a;
  }

  @Test
  void aQuantileJobSavesItsHeadAndResumesBitIdentically() throws Exception {
    Path lake =
        TrainHissJobTest.writeLake(
            spark, dir.resolve("ecg-q"), "ecg_mV", TrainHissJobTest.ecgDevices());
    QuantileLevels levels = new QuantileLevels(List.of(0.1, 0.5, 0.9));
    TrainHissJob.Config straight = config(lake, "q.json", 3).withLoss(TrainingLoss.PINBALL, levels);
    assertNotEquals(
        config(lake, "q.json", 3).fingerprint(), straight.fingerprint(), "the head is in it");
    List<String> lines = new ArrayList<>();
    TrainHissJob.Result a = TrainHissJob.run(spark, straight, lines::add);
    assertTrue(lines.get(0).contains("validation pinball "), lines.toString());
    assertTrue(lines.get(0).contains(", validation MSE "), lines.toString());
    assertEquals(3, a.validationMse().size());
    for (int e = 0; e < 3; e++) {
      assertNotEquals(a.validationLoss().get(e), a.validationMse().get(e));
    }
    assertEquals(
        a.validationLoss().indexOf(a.validationLoss().stream().min(Double::compare).get()),
        a.bestEpoch(),
        "the best epoch has the lowest pinball loss");
    assertTrue(
        a.bestValidationMse() < a.zeroBaselineMse(),
        "median MSE " + a.validationMse() + " vs mean forecast " + a.zeroBaselineMse());

    HissModel saved = HissModelFile.loadForecaster(dir.resolve("q.json")).model();
    assertEquals(OutputHead.QUANTILE, saved.config().head());
    assertEquals(levels, saved.config().quantiles());
    Provenance p = ModelFile.read(dir.resolve("q.json"), HissModelFile.KIND).provenance();
    assertEquals("PINBALL", p.config().get("loss"));
    assertEquals("0.1,0.5,0.9", p.config().get("quantiles"));
    assertEquals(Double.toString(a.bestValidationMse()), p.config().get("metric.validationMse"));
    assertEquals(
        Double.toString(a.bestValidationLoss()), p.config().get("metric.validationHeadLoss"));

    Path ckpt = dir.resolve("ckpt-q");
    TrainHissJob.Config resumable =
        config(lake, "q2.json", 3).withLoss(TrainingLoss.PINBALL, levels).withCheckpoints(ckpt);
    assertThrows(
        IllegalStateException.class,
        () ->
            TrainHissJob.run(
                spark,
                resumable,
                line -> {
                  if (line.startsWith("epoch 2/")) {
                    throw new IllegalStateException("killed");
                  }
                }));
    TrainHissJob.Result b = TrainHissJob.run(spark, resumable);
    assertEquals(a.trainLoss(), b.trainLoss());
    assertEquals(a.validationLoss(), b.validationLoss());
    assertEquals(a.validationMse(), b.validationMse());
    assertArrayEquals(weights(dir.resolve("q.json")), weights(dir.resolve("q2.json")));
  }

  @Test
  void aGaussianCrpsJobSavesAGaussianModelAndTheLossMustBeOfItsHead() throws Exception {
    Path lake =
        TrainHissJobTest.writeLake(
            spark, dir.resolve("ecg-g"), "ecg_mV", TrainHissJobTest.ecgDevices());
    TrainHissJob.Result r =
        TrainHissJob.run(
            spark, config(lake, "g.json", 2).withLoss(TrainingLoss.GAUSSIAN_CRPS, null));
    assertEquals(2, r.validationLoss().size());
    assertTrue(r.validationLoss().stream().allMatch(v -> v > 0 && Double.isFinite(v)));
    HissModel saved = HissModelFile.loadForecaster(dir.resolve("g.json")).model();
    assertEquals(OutputHead.GAUSSIAN, saved.config().head());
    assertEquals(
        "GAUSSIAN_CRPS",
        ModelFile.read(dir.resolve("g.json"), HissModelFile.KIND)
            .provenance()
            .config()
            .get("loss"));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                config(lake, "x.json", 2)
                    .withLoss(TrainingLoss.GAUSSIAN_NLL, QuantileLevels.DEFAULT));
    assertTrue(e.getMessage().startsWith("Invalid quantiles = 0.1,0.5,0.9"), e.getMessage());
  }
}
