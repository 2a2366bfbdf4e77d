package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spike in an otherwise well-forecast signal raises alerts exactly where the forecast fails. */
class AnomalyAlertTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path stateDir;

  @Test
  void aSpikeAlertsOnItsOwnSampleAndTheNextOnly() {
    // naive forecast x[t+1] = x[t], one prediction per sample
    LinearAutoregression naive = new LinearAutoregression("x", 1, 1, 0, new double[] {1});
    ScorerConfig c =
        new ScorerConfig(
            "unused:9092",
            "anomaly-test",
            "s",
            "p",
            "dlq",
            1,
            stateDir,
            "alerts",
            new AnomalySettings(4, 30, 0.05),
            null);
    SplittableRandom r = new SplittableRandom(11);
    int spike = 300;
    try (TopologyTestDriver d =
        new TopologyTestDriver(ScorerTopology.build(c, naive, "v1"), c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> alerts =
          d.createOutputTopic("alerts", new StringDeserializer(), new ByteArrayDeserializer());
      for (int s = 0; s < 400; s++) {
        double x = 0.05 * s + (r.nextDouble() * 2 - 1) + (s == spike ? 40 : 0);
        in.pipeInput(
            "dev-1",
            SensorEventCodec.encode(SensorEvent.of("dev-1", T0 + s * 1_000_000L, s, "x", x)));
      }
      List<Alert> got = alerts.readValuesToList().stream().map(Alert::decode).toList();
      assertEquals(List.of((long) spike, spike + 1L), got.stream().map(Alert::seq).toList());
      Alert first = got.get(0);
      assertEquals("dev-1", first.deviceId());
      assertEquals("residual", first.kind());
      assertEquals(first.actual() - first.predicted(), first.value(), 1e-12);
      assertTrue(first.value() > 35 && first.threshold() < 5, first.toString());
      assertEquals("v1", first.modelVersion());
      assertTrue(first.message().startsWith("x = "), first.message());
    }
  }

  @Test
  void settingsAreValidated() {
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> new AnomalySettings(0, 30, 0.1));
    assertEquals("Invalid k = 0.0; must be > 0", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AnomalySettings(3, 1, 0.1));
    assertThrows(IllegalArgumentException.class, () -> new AnomalySettings(3, 30, 1));
  }
}
