package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap through the whole topology: mid-stream, with and without carried device state. */
class ModelHotSwapTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final int CHUNK = 3;
  private static final int N = 40;
  private static final LinearAutoregression V1 =
      new LinearAutoregression("x", 4, 2, 0.5, new double[] {0.4, 0.3, -0.2, 0.1});
  private static final LinearAutoregression V2 =
      new LinearAutoregression("x", 4, 2, -0.25, new double[] {0.7, -0.1, 0.2, 0.05});
  private static final LinearAutoregression V3 =
      new LinearAutoregression("x", 6, 1, 0.0, new double[] {0.5, 0.2, 0.1, 0.1, 0.05, 0.05});

  @TempDir Path stateDir;
  @TempDir Path registry;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> sensors;
  private TestOutputTopic<String, byte[]> predictions;
  private ModelWatcher watcher;
  private final ScorerMetrics metrics = ScorerMetrics.inMemory();

  private void start(Path source) throws Exception {
    watcher = ModelWatcher.open(source, metrics);
    ScorerConfig c = new ScorerConfig("unused:9092", "swap-test", "s", "p", "dlq", CHUNK, stateDir);
    driver =
        new TopologyTestDriver(ScorerTopology.build(c, watcher, metrics), c.streamsProperties());
    sensors = driver.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
    predictions =
        driver.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void tearDown() {
    if (driver != null) {
      driver.close();
    }
    if (watcher != null) {
      watcher.close();
    }
  }

  private static double signal(String device, long seq) {
    return Math.sin(seq * 0.2 + device.length()) * 3 + 0.05 * seq;
  }

  private static double[] series(String device) {
    double[] s = new double[N];
    for (int i = 0; i < N; i++) {
      s[i] = signal(device, i);
    }
    return s;
  }

  private void send(long fromSeq, long toSeq) {
    for (long s = fromSeq; s < toSeq; s++) {
      for (String d : List.of("dev-a", "dev-bb")) {
        SensorEvent e = SensorEvent.of(d, T0 + 1_000_000L * s, s, "x", signal(d, s));
        sensors.pipeInput(d, SensorEventCodec.encode(e));
      }
    }
  }

  private List<Prediction> read() {
    return predictions.readValuesToList().stream().map(Prediction::decode).toList();
  }

  /** Every prediction equals its model's batch forecast, and is at the expected positions. */
  private static void assertBatch(
      List<Prediction> ps, LinearAutoregression m, String version, List<Long> seqsPerDevice) {
    assertEquals(2 * seqsPerDevice.size(), ps.size());
    for (Prediction p : ps) {
      assertEquals(version, p.modelVersion());
      assertEquals(m.predict(series(p.deviceId()), (int) p.seq()), p.predicted(), 1e-12);
      assertEquals(p.seq() + m.horizon(), p.targetSeq());
    }
    assertEquals(
        seqsPerDevice,
        ps.stream().filter(p -> p.deviceId().equals("dev-a")).map(Prediction::seq).toList());
  }

  @Test
  void swapsMidStreamCarryingStateAndKeepsTheOldModelWhenTheNewFileIsBad() throws Exception {
    String v1 = ModelFiles.save(registry.resolve("v1.json"), V1);
    ModelFiles.promote(registry, "v1.json");
    start(registry);
    send(0, 12);
    assertBatch(read(), V1, v1, List.of(5L, 8L, 11L));

    ModelFiles.writeCorrupted(registry.resolve("v2-corrupt.json"), V2);
    ModelFiles.promote(registry, "v2-corrupt.json");
    assertFalse(watcher.check());
    ModelFiles.writeTruncated(registry.resolve("v2-truncated.json"), V2);
    ModelFiles.promote(registry, "v2-truncated.json");
    assertFalse(watcher.check());
    send(12, 18);
    assertBatch(read(), V1, v1, List.of(14L, 17L));

    String v2 = ModelFiles.save(registry.resolve("v2.json"), V2);
    ModelFiles.promote(registry, "v2.json");
    assertTrue(watcher.check());
    send(18, 24);
    // same order: the windows carried over, so the first chunk end after the swap predicts at once
    assertBatch(read(), V2, v2, List.of(20L, 23L));
    assertEquals(2, metrics.registry().get(ScorerMetrics.MODEL_REFUSED).counter().count());
    assertEquals(1, metrics.registry().get(ScorerMetrics.MODEL).tag("version", v2).gauge().value());
  }

  @Test
  void aModelOfAnotherOrderReWarmsEveryDevice() throws Exception {
    Path file = registry.resolve("model.json");
    String v1 = ModelFiles.save(file, V1);
    start(file);
    send(0, 12);
    assertBatch(read(), V1, v1, List.of(5L, 8L, 11L));
    String v3 = ModelFiles.save(file, V3);
    assertTrue(watcher.check());
    send(12, 30);
    // order 6 re-warms with seq 12..17: chunk end 14 is skipped, 17 is the first
    assertBatch(read(), V3, v3, List.of(17L, 20L, 23L, 26L, 29L));
  }
}
