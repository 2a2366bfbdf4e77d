package dev.hiss.spark.dl4j;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Validation of the DL4J-on-Spark settings: every bad value is named with its value. */
class Dl4jTrainConfigTest {
  private static final List<SsmLayerKind> S4D2 = List.of(SsmLayerKind.S4D, SsmLayerKind.S4D);

  private static void fails(String message, Executable e) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
  }

  private static Dl4jTrainConfig with(
      int width, int state, TrainingMasterKind m, int workers, int batch, int freq) {
    return new Dl4jTrainConfig(S4D2, width, state, m, workers, batch, freq, 1e-3, 1, 4, 3e-3, 5);
  }

  @Test
  void defaultsAreValidAndGlobalBatchIsWorkersTimesBatch() {
    Dl4jTrainConfig c = Dl4jTrainConfig.of(S4D2, TrainingMasterKind.AVERAGING, 2);
    assertEquals(16, c.globalBatch());
    assertEquals(TrainingMasterKind.SINGLE, c.withMaster(TrainingMasterKind.SINGLE, 1).master());
    assertEquals(c, c.withMaster(TrainingMasterKind.AVERAGING, 2));
  }

  @Test
  void badValuesAreNamed() {
    TrainingMasterKind avg = TrainingMasterKind.AVERAGING;
    fails(
        "Invalid layers = []; must hold 1 to 16 of s4d, s4, s5, mamba",
        () -> new Dl4jTrainConfig(List.of(), 16, 16, avg, 2, 8, 1, 1e-3, 1, 4, 3e-3, 5));
    fails("Invalid width = 0; must be in [1, 4096]", () -> with(0, 16, avg, 2, 8, 1));
    fails("Invalid stateSize = 2000; must be in [1, 1024]", () -> with(16, 2000, avg, 2, 8, 1));
    fails(
        "Invalid master = null; must be one of averaging, sharing, single",
        () -> with(16, 16, null, 2, 8, 1));
    fails("Invalid workers = 0; must be in [1, 4096]", () -> with(16, 16, avg, 0, 8, 1));
    fails(
        "Invalid workers = 2; must be 1 with the single-process master",
        () -> with(16, 16, TrainingMasterKind.SINGLE, 2, 8, 1));
    fails(
        "Invalid batchSizePerWorker = 0; must be in [1, 65536]", () -> with(16, 16, avg, 2, 0, 1));
    fails(
        "Invalid averagingFrequency = 0; must be in [1, 10000]", () -> with(16, 16, avg, 2, 8, 0));
    fails(
        "Invalid sharingThreshold = 0.0; must be in (0, 1)",
        () -> new Dl4jTrainConfig(S4D2, 16, 16, avg, 2, 8, 1, 0, 1, 4, 3e-3, 5));
    fails(
        "Invalid workersPerNode = 0; must be in [1, 64]",
        () -> new Dl4jTrainConfig(S4D2, 16, 16, avg, 2, 8, 1, 1e-3, 0, 4, 3e-3, 5));
    fails(
        "Invalid epochs = 0; must be in [1, 100000]",
        () -> new Dl4jTrainConfig(S4D2, 16, 16, avg, 2, 8, 1, 1e-3, 1, 0, 3e-3, 5));
    fails(
        "Invalid lr = NaN; must be in (0, 1]",
        () -> new Dl4jTrainConfig(S4D2, 16, 16, avg, 2, 8, 1, 1e-3, 1, 4, Double.NaN, 5));
  }

  @Test
  void layerAndMasterNamesParse() {
    assertEquals(
        List.of(SsmLayerKind.S4D, SsmLayerKind.S4, SsmLayerKind.S5, SsmLayerKind.MAMBA),
        SsmLayerKind.parseList("s4d, S4,s5,mamba"));
    fails(
        "Invalid layer = 'lstm'; must be one of s4d, s4, s5, mamba",
        () -> SsmLayerKind.parseList("s4d,lstm"));
    fails("Invalid layer = ''; must be one of s4d, s4, s5, mamba", () -> SsmLayerKind.parse(""));
    fails(
        "Invalid layers = ' '; must be a comma-separated list of s4d, s4, s5, mamba",
        () -> SsmLayerKind.parseList(" "));
    assertEquals(TrainingMasterKind.SHARING, TrainingMasterKind.parse("Sharing"));
    fails(
        "Invalid training master = 'ring'; must be one of averaging, sharing, single",
        () -> TrainingMasterKind.parse("ring"));
  }

  @Test
  void jobConfigValidatesTheTask() {
    Dl4jTrainConfig t = Dl4jTrainConfig.of(S4D2, TrainingMasterKind.AVERAGING, 2);
    Path lake = Path.of("lake");
    assertDoesNotThrow(() -> new Dl4jSparkTrainJob.Config(lake, "ecg", 10, 20, 0.2, t, null));
    fails(
        "Invalid channel = ' '; must be non-empty",
        () -> new Dl4jSparkTrainJob.Config(lake, " ", 10, 20, 0.2, t, null));
    fails(
        "Invalid chunk = 0; must be in [1, 10000]",
        () -> new Dl4jSparkTrainJob.Config(lake, "ecg", 0, 20, 0.2, t, null));
    fails(
        "Invalid episodeChunks = 1; must be in [2, 100000] with chunk·episodeChunks ≤ 1000000",
        () -> new Dl4jSparkTrainJob.Config(lake, "ecg", 10, 1, 0.2, t, null));
    fails(
        "Invalid validationFraction = 1.0; must be in (0, 1)",
        () -> new Dl4jSparkTrainJob.Config(lake, "ecg", 10, 20, 1.0, t, null));
  }

  @Test
  void kryoWithoutTheNd4jRegistratorIsRefused() {
    SparkConf kryo =
        new SparkConf(false).set("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    fails(
        "Invalid spark.kryo.registrator = ''; DL4J on Spark with Kryo needs"
            + " org.nd4j.kryo.Nd4jRegistrator",
        () -> Dl4jSparkTrainJob.requireNd4jSerialization(kryo));
    assertDoesNotThrow(
        () ->
            Dl4jSparkTrainJob.requireNd4jSerialization(
                kryo.clone().set("spark.kryo.registrator", "a.B, org.nd4j.kryo.Nd4jRegistrator")));
    assertDoesNotThrow(() -> Dl4jSparkTrainJob.requireNd4jSerialization(new SparkConf(false)));
  }

  @Test
  void anEpochThatLeavesTheDriversNetworkUntouchedFails() {
    INDArray before = Nd4j.createFromArray(1f, 2f, 3f);
    assertDoesNotThrow(
        () ->
            Dl4jSparkTrainJob.requireChanged(
                before, Nd4j.createFromArray(1f, 2f, 3.0001f), TrainingMasterKind.SHARING, 0));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                Dl4jSparkTrainJob.requireChanged(
                    before, before.dup(), TrainingMasterKind.SHARING, 2));
    assertTrue(
        e.getMessage()
            .startsWith(
                "The sharing master left the driver's network unchanged in epoch 3: no update"
                    + " reached the parameter server"),
        e.getMessage());
  }
}
