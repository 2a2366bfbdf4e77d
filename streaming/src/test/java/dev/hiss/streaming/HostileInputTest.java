package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.DeadLetter;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.hostile.HostileCategory;
import dev.hiss.ingestion.hostile.HostileRecord;
import dev.hiss.ingestion.hostile.HostileRecords;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 10,500 generated hostile records (giants of 10 MB included), interleaved with valid records of 20
 * devices, through the scorer topology: every hostile record lands in the dead-letter topic exactly
 * once with the rule it is labelled with and a bounded size; the valid records give exactly the
 * predictions they give without the hostile ones; nothing escapes.
 */
class HostileInputTest {
  private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01
  private static final int HOSTILE = 10_500;
  private static final LinearAutoregression MODEL =
      new LinearAutoregression("x", 4, 2, 0.5, new double[] {0.4, 0.3, -0.2, 0.1});

  @TempDir Path hostileState;
  @TempDir Path twinState;

  /** One valid record after every 5 hostile ones, round-robin over 20 devices. */
  private static SensorEvent valid(int n) {
    String device = "ok-" + (n % 20);
    long seq = n / 20;
    return SensorEvent.of(device, T0 + seq * 2_777_778L, seq, "x", Math.sin(seq * 0.3 + n % 20));
  }

  private record Run(
      TopologyTestDriver driver,
      TestInputTopic<byte[], byte[]> in,
      TestOutputTopic<String, byte[]> predictions,
      TestOutputTopic<String, byte[]> dlq,
      ScorerMetrics metrics) {}

  private static Run start(Path stateDir) {
    ScorerConfig c = new ScorerConfig("unused:9092", "hostile", "s", "p", "dlq", 3, stateDir);
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    ScoringModel m = new ScoringModel(MODEL, "v1");
    // in memory and at least once: with a RocksDB store flushed at every exactly-once commit the
    // driver takes 30 ms a record; the scoring logic is the same
    java.util.Properties p = c.streamsProperties();
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    TopologyTestDriver d =
        new TopologyTestDriver(
            ScorerTopology.build(
                c, () -> m, metrics, Stores.inMemoryKeyValueStore(ScorerTopology.STATE_STORE)),
            p);
    return new Run(
        d,
        d.createInputTopic("s", new ByteArraySerializer(), new ByteArraySerializer()),
        d.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer()),
        d.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer()),
        metrics);
  }

  @Test
  void everyHostileRecordIsDeadLetteredAndValidPredictionsAreUnaffected() {
    Map<HostileCategory, Integer> dead = new EnumMap<>(HostileCategory.class);
    List<Prediction> withHostile = new ArrayList<>();
    int valid = 0;
    int truncated = 0;
    Run run = start(hostileState);
    try {
      HostileRecords gen = new HostileRecords(20261128);
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      for (int i = 0; i < HOSTILE; i++) {
        HostileRecord r = gen.next();
        t = t.plusMillis(1);
        run.in.pipeInput(
            new TestRecord<>(
                r.key(), r.value(), new RecordHeaders(r.headers().toArray(Header[]::new)), t));
        List<TestRecord<String, byte[]>> out = run.dlq.readRecordsToList();
        assertEquals(1, out.size(), r + " gave " + out.size() + " dead letters");
        TestRecord<String, byte[]> d = out.get(0);
        assertEquals(r.expectedRule().name(), only(d, Topics.HEADER_RULE), r.toString());
        assertFalse(only(d, Topics.HEADER_REASON).isBlank(), r.toString());
        assertEquals("scorer", only(d, Topics.HEADER_SOURCE), r.toString());
        assertBounded(r, d);
        truncated += d.headers().lastHeader(Topics.HEADER_TRUNCATED) != null ? 1 : 0;
        dead.merge(r.category(), 1, Integer::sum);
        if (i % 5 == 4) {
          SensorEvent e = valid(valid++);
          run.in.pipeInput(
              new TestRecord<>(
                  e.deviceId().getBytes(StandardCharsets.UTF_8),
                  SensorEventCodec.encode(e),
                  null,
                  t));
          assertTrue(run.dlq.isEmpty(), "a valid record was dead-lettered after " + r);
        }
      }
      run.predictions.readValuesToList().forEach(v -> withHostile.add(Prediction.decode(v)));
      double counted =
          run.metrics.registry().find(ScorerMetrics.DEAD_LETTERED).counters().stream()
              .mapToDouble(Counter::count)
              .sum();
      assertEquals(HOSTILE, counted, "dead-letter counter");
    } finally {
      run.driver.close();
    }
    for (HostileCategory c : HostileCategory.values()) {
      assertEquals(HOSTILE / HostileCategory.values().length, dead.get(c), c.name());
    }
    assertTrue(truncated >= 100, "records whose dead letter had to be cut: " + truncated);

    Run twin = start(twinState);
    List<Prediction> alone = new ArrayList<>();
    try {
      Instant t = Instant.parse("2026-01-01T00:00:00Z");
      for (int n = 0; n < valid; n++) {
        SensorEvent e = valid(n);
        t = t.plusMillis(6);
        twin.in.pipeInput(
            new TestRecord<>(
                e.deviceId().getBytes(StandardCharsets.UTF_8),
                SensorEventCodec.encode(e),
                null,
                t));
      }
      twin.predictions.readValuesToList().forEach(v -> alone.add(Prediction.decode(v)));
    } finally {
      twin.driver.close();
    }
    assertEquals(HOSTILE / 5, valid);
    assertTrue(alone.size() > 500, "predictions: " + alone.size());
    assertEquals(withoutLatency(alone), withoutLatency(withHostile));
  }

  private static List<Prediction> withoutLatency(List<Prediction> ps) {
    return ps.stream()
        .map(
            p ->
                new Prediction(
                    p.deviceId(),
                    p.seq(),
                    p.timestampNs(),
                    p.targetSeq(),
                    p.channel(),
                    p.predicted(),
                    p.modelVersion(),
                    0))
        .toList();
  }

  /** The one header of that name (a spoofed copy must not survive next to it). */
  private static String only(TestRecord<String, byte[]> d, String name) {
    int n = 0;
    for (Header h : d.headers().headers(name)) {
      n++;
    }
    assertEquals(1, n, name + " headers");
    Header h = d.headers().lastHeader(name);
    assertNotNull(h.value(), name);
    return new String(h.value(), StandardCharsets.UTF_8);
  }

  private static void assertBounded(HostileRecord r, TestRecord<String, byte[]> d) {
    long headerBytes = 0;
    for (Header h : d.headers()) {
      headerBytes += h.key().length() + (h.value() == null ? 0 : h.value().length);
    }
    int key = d.key() == null ? 0 : d.key().getBytes(StandardCharsets.UTF_8).length;
    int value = d.value() == null ? 0 : d.value().length;
    assertTrue(key <= DeadLetter.MAX_KEY_BYTES, r + ": key " + key);
    assertTrue(value <= DeadLetter.MAX_VALUE_BYTES, r + ": value " + value);
    assertTrue(headerBytes <= DeadLetter.MAX_HEADER_BYTES + 1024, r + ": headers " + headerBytes);
    if (r.value() != null && r.value().length <= DeadLetter.MAX_VALUE_BYTES) {
      assertTrue(java.util.Arrays.equals(r.value(), d.value()), r + ": original value kept");
    }
  }
}
