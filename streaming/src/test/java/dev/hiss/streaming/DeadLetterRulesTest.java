package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.DeadLetter;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad record per validation rule the scorer can meet lands in the dead-letter topic with that
 * rule, the offending field, a reason naming the value, and the original bytes; the scorer keeps
 * going. (CHANNEL_RANGE needs a declared range, which only the lake job's policy has; see
 * LakeIngestIntegrationTest.)
 */
class DeadLetterRulesTest {
  private static final String T = "\"timestampNs\":1767225600000000000";
  @TempDir Path stateDir;

  private record Case(
      String key, String value, ValidationRule rule, String field, String inReason) {}

  private static String event(String device, String rest) {
    return "{\"schemaVersion\":1,\"deviceId\":\"" + device + "\"," + rest + "}";
  }

  @Test
  void everyRuleLandsInTheDeadLetterTopicWithItsReason() {
    List<Case> cases =
        List.of(
            new Case("d", null, ValidationRule.PAYLOAD_SIZE, "value", "record value is null"),
            new Case("d", "x".repeat(70_000), ValidationRule.PAYLOAD_SIZE, "value", "70000 bytes"),
            new Case("d", "{\"schemaVersion\":1,", ValidationRule.JSON_SYNTAX, "value", "not JSON"),
            new Case(
                "d",
                "{\"schemaVersion\":9,\"deviceId\":\"d\"," + T + ",\"channels\":{\"x\":1}}",
                ValidationRule.SCHEMA_VERSION,
                "schemaVersion",
                "= 9"),
            new Case(
                "d",
                event("a/b", T + ",\"channels\":{\"x\":1}"),
                ValidationRule.DEVICE_ID,
                "deviceId",
                "= a/b"),
            new Case(
                "d",
                event("d", "\"timestampNs\":5,\"channels\":{\"x\":1}"),
                ValidationRule.TIMESTAMP,
                "timestampNs",
                "before the earliest"),
            new Case(
                "d",
                event("d", T + ",\"seq\":\"one\",\"channels\":{\"x\":1}"),
                ValidationRule.SEQUENCE,
                "seq",
                "must be an integer"),
            new Case(
                "d",
                event("d", T + ",\"channels\":{}"),
                ValidationRule.CHANNELS,
                "channels",
                "at least one"),
            new Case(
                "d",
                event("d", T + ",\"channels\":{\"x\":\"high\"}"),
                ValidationRule.CHANNEL_VALUE,
                "channels.x",
                "= \"high\""),
            new Case(
                "e",
                event("d", T + ",\"channels\":{\"x\":1}"),
                ValidationRule.KEY_MISMATCH,
                "key",
                "= e"),
            new Case(
                "d",
                event("d", T + ",\"seq\":0,\"channels\":{\"y\":1}"),
                ValidationRule.MISSING_CHANNEL,
                "channels",
                "lacks the model's channel x"));
    ScorerConfig c = new ScorerConfig("unused:9092", "rules-test", "s", "p", "dlq", 2, stateDir);
    LinearAutoregression model = new LinearAutoregression("x", 1, 1, 0, new double[] {1});
    try (TopologyTestDriver driver =
        new TopologyTestDriver(ScorerTopology.build(c, model, "v1"), c.streamsProperties())) {
      TestInputTopic<String, byte[]> in =
          driver.createInputTopic("s", new StringSerializer(), new ByteArraySerializer());
      TestOutputTopic<String, byte[]> dlq =
          driver.createOutputTopic("dlq", new StringDeserializer(), new ByteArrayDeserializer());
      TestOutputTopic<String, byte[]> out =
          driver.createOutputTopic("p", new StringDeserializer(), new ByteArrayDeserializer());
      Set<ValidationRule> seen = EnumSet.noneOf(ValidationRule.class);
      for (Case k : cases) {
        byte[] bytes = k.value() == null ? null : k.value().getBytes(StandardCharsets.UTF_8);
        in.pipeInput(k.key(), bytes);
        List<TestRecord<String, byte[]>> dead = dlq.readRecordsToList();
        assertEquals(1, dead.size(), k.rule() + " produced " + dead.size() + " dead letters");
        TestRecord<String, byte[]> r = dead.get(0);
        assertEquals(k.rule().name(), header(r, Topics.HEADER_RULE));
        assertEquals(k.field(), header(r, Topics.HEADER_FIELD));
        String reason = header(r, Topics.HEADER_REASON);
        assertTrue(reason.contains(k.inReason()), k.rule() + ": " + reason);
        assertEquals("scorer", header(r, Topics.HEADER_SOURCE));
        if (bytes != null && bytes.length <= DeadLetter.MAX_VALUE_BYTES) {
          assertEquals(k.value(), new String(r.value(), StandardCharsets.UTF_8));
          assertEquals(null, r.headers().lastHeader(Topics.HEADER_TRUNCATED));
        } else if (bytes != null) {
          // too large to repeat: the first 64 KiB, and a header saying so
          assertTrue(
              java.util.Arrays.equals(
                  java.util.Arrays.copyOf(bytes, DeadLetter.MAX_VALUE_BYTES), r.value()),
              "a prefix of the original value");
          assertEquals("value " + bytes.length + " bytes", header(r, Topics.HEADER_TRUNCATED));
        }
        seen.add(k.rule());
      }
      // a duplicate after a good record
      byte[] good =
          SensorEventCodec.encode(SensorEvent.of("d", 1_767_225_600_000_000_000L, 0, "x", 1));
      in.pipeInput("d", good);
      in.pipeInput("d", good);
      TestRecord<String, byte[]> dup = dlq.readRecord();
      assertEquals(ValidationRule.DUPLICATE_SEQUENCE.name(), header(dup, Topics.HEADER_RULE));
      seen.add(ValidationRule.DUPLICATE_SEQUENCE);
      assertTrue(dlq.isEmpty());
      assertEquals(
          EnumSet.complementOf(EnumSet.of(ValidationRule.CHANNEL_RANGE)), seen, "rules covered");
      assertEquals(0, out.getQueueSize(), "chunk 2 with order 1: the first prediction needs seq 1");
      in.pipeInput(
          "d", SensorEventCodec.encode(SensorEvent.of("d", 1_767_225_600_001_000_000L, 1, "x", 2)));
      assertEquals(1, out.readValuesToList().size(), "the scorer still scores after all of that");
    }
  }

  private static String header(TestRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
