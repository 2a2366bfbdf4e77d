package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerTopologyTest {
  private static final long T0 = 1_767_225_600_000_000_000L; // 2026-01-01
  private static final int ORDER = 4;
  private static final int CHUNK = 3;
  private static final LinearAutoregression MODEL =
      new LinearAutoregression("x", ORDER, 2, 0.5, new double[] {0.4, 0.3, -0.2, 0.1});

  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> sensors;
  private TestOutputTopic<String, byte[]> predictions;
  private TestOutputTopic<String, byte[]> deadLetter;

  @BeforeEach
  void setUp() {
    ScorerConfig c =
        new ScorerConfig("unused:9092", "scorer-test", "s", "p", "dlq", CHUNK, stateDir);
    driver = new TopologyTestDriver(ScorerTopology.build(c, MODEL, "v1"), c.streamsProperties());
    sensors = driver.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
    predictions =
        driver.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
    deadLetter =
        driver.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  private static double signal(String device, long seq) {
    return Math.sin(seq * 0.3 + device.hashCode()) + 0.01 * seq;
  }

  private void send(String device, long seq) {
    SensorEvent e = SensorEvent.of(device, T0 + 1_000_000L * seq, seq, "x", signal(device, seq));
    sensors.pipeInput(device, SensorEventCodec.encode(e));
  }

  private List<Prediction> readPredictions() {
    return predictions.readValuesToList().stream().map(Prediction::decode).toList();
  }

  @Test
  void emitsOnePredictionPerChunkAfterWarmUpEqualToTheModel() {
    for (long s = 0; s < 20; s++) {
      send("a", s);
      send("b", s);
    }
    List<Prediction> ps = readPredictions();
    // chunk ends seq = 2, 5, 8, ...; warm-up needs ORDER = 4 samples, so the first is seq 5
    List<Long> seqsA =
        ps.stream().filter(p -> p.deviceId().equals("a")).map(Prediction::seq).toList();
    assertEquals(List.of(5L, 8L, 11L, 14L, 17L), seqsA);
    for (Prediction p : ps) {
      double[] series = new double[20];
      for (int s = 0; s < 20; s++) {
        series[s] = signal(p.deviceId(), s);
      }
      assertEquals(MODEL.predict(series, (int) p.seq()), p.predicted(), 1e-12);
      assertEquals(p.seq() + 2, p.targetSeq());
      assertEquals("v1", p.modelVersion());
    }
    assertEquals(10, ps.size());
  }

  @Test
  void duplicatesAndReplaysAreDeadLetteredAndGapsRestartWarmUp() {
    for (long s = 0; s < 6; s++) {
      send("a", s);
    }
    send("a", 5); // duplicate
    send("a", 3); // out of order
    assertEquals(List.of(5L), readPredictions().stream().map(Prediction::seq).toList());
    List<TestRecord<String, byte[]>> dups = deadLetter.readRecordsToList();
    assertEquals(
        List.of("DUPLICATE_SEQUENCE", "DUPLICATE_SEQUENCE"),
        dups.stream().map(r -> header(r, Topics.HEADER_RULE)).toList());
    assertTrue(
        header(dups.get(1), Topics.HEADER_REASON).contains("Invalid seq = 3; not after"),
        header(dups.get(1), Topics.HEADER_REASON));
    send("a", 7); // gap: seq 6 missing -> warm-up again from 7
    for (long s = 8; s < 15; s++) {
      send("a", s);
    }
    // after the gap, 4 samples (7..10) are needed: chunk ends 11 and 14
    assertEquals(List.of(11L, 14L), readPredictions().stream().map(Prediction::seq).toList());
    assertTrue(deadLetter.isEmpty());
  }

  @Test
  void invalidRecordsGoToTheDeadLetterTopicWithTheReason() {
    sensors.pipeInput("a", "{not json".getBytes(StandardCharsets.UTF_8));
    sensors.pipeInput("b", SensorEventCodec.encode(SensorEvent.of("a", T0, 0, "x", 1)));
    sensors.pipeInput("c", SensorEventCodec.encode(SensorEvent.of("c", T0, 0, "y", 1)));
    sensors.pipeInput("d", (byte[]) null);
    List<TestRecord<String, byte[]>> dead = deadLetter.readRecordsToList();
    assertEquals(4, dead.size());
    assertEquals(
        List.of("value", "key", "channels", "value"),
        dead.stream().map(r -> header(r, Topics.HEADER_FIELD)).collect(Collectors.toList()));
    assertEquals(
        List.of("JSON_SYNTAX", "KEY_MISMATCH", "MISSING_CHANNEL", "PAYLOAD_SIZE"),
        dead.stream().map(r -> header(r, Topics.HEADER_RULE)).toList());
    assertTrue(header(dead.get(1), Topics.HEADER_REASON).contains("must equal deviceId 'a'"));
    assertEquals("{not json", new String(dead.get(0).value(), StandardCharsets.UTF_8));
    assertTrue(predictions.isEmpty());
    send("a", 0); // the scorer keeps working
    assertTrue(deadLetter.isEmpty());
  }

  private static String header(TestRecord<String, byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }
}
