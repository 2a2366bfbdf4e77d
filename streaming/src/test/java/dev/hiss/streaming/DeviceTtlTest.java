package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device silent for longer than the TTL (in stream time) loses its state; others keep theirs. */
class DeviceTtlTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  @TempDir Path stateDir;

  @Test
  void silentDevicesAreForgottenAfterTheTtl() {
    LinearAutoregression m = new LinearAutoregression("x", 2, 1, 0, new double[] {1, 0});
    ScorerConfig c =
        new ScorerConfig(
            "unused:9092",
            "ttl-test",
            "s",
            "p",
            "dlq",
            4,
            stateDir,
            "alerts",
            AnomalySettings.DEFAULT,
            Duration.ofMinutes(10));
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    try (TopologyTestDriver d =
        new TopologyTestDriver(ScorerTopology.build(c, m, "v1"), c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          d.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      KeyValueStore<String, byte[]> store = d.getKeyValueStore(ScorerTopology.STATE_STORE);
      in.pipeInput("old", event("old", 0), start);
      in.pipeInput("live", event("live", 0), start);
      for (int minute = 1; minute <= 9; minute++) {
        in.pipeInput("live", event("live", minute), start.plus(Duration.ofMinutes(minute)));
      }
      assertNotNull(store.get("old"), "9 minutes of silence: still within the TTL");
      for (int minute = 10; minute <= 13; minute++) {
        in.pipeInput("live", event("live", minute), start.plus(Duration.ofMinutes(minute)));
      }
      assertNull(store.get("old"), "silent for more than TTL + one check interval (12.5 min)");
      assertNotNull(store.get("live"));
      // the device comes back: a fresh start, not a duplicate of its old sequence numbers
      in.pipeInput("old", event("old", 0), start.plus(Duration.ofMinutes(14)));
      assertNotNull(store.get("old"));
    }
  }

  private static byte[] event(String device, long seq) {
    return SensorEventCodec.encode(
        SensorEvent.of(device, T0 + seq * 60_000_000_000L, seq, "x", seq));
  }
}
