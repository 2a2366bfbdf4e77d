package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The published JSON Schema and the codec accept and reject the same structures. */
class SchemaAgreementTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static JsonSchema schema;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in =
        SchemaAgreementTest.class.getResourceAsStream(
            "/dev/hiss/ingestion/sensor-event.v1.schema.json")) {
      schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    }
  }

  private static boolean schemaAccepts(String json) throws Exception {
    JsonNode node = M.readTree(json);
    Set<ValidationMessage> errors = schema.validate(node);
    return errors.isEmpty();
  }

  private static boolean codecAccepts(String json) {
    try {
      SensorEventCodec.decode(json.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (InvalidEventException e) {
      return false;
    }
  }

  @Test
  void everyEventTheCodecWritesIsValidUnderTheSchema() throws Exception {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 500; i++) {
      SensorEvent e =
          new SensorEvent(
              1,
              "dev-" + r.nextInt(100) + (r.nextBoolean() ? ":a.b_c" : ""),
              1_767_225_600_000_000_000L + r.nextLong(1_000_000_000_000L),
              r.nextBoolean() ? r.nextLong(1_000_000) : -1,
              java.util.Map.of("c" + r.nextInt(5), r.nextGaussian() * 100, "x", 1.0));
      String json = new String(SensorEventCodec.encode(e), StandardCharsets.UTF_8);
      assertTrue(schemaAccepts(json), json);
    }
  }

  private static final String OK_TIME = "\"timestampNs\":1767225600000000000";

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"seq\":3,\"channels\":{\"x\":-1.5e3}}",
        "{\"schemaVersion\":2,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\":1}}",
        "{\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"\"," + OK_TIME + ",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"a b\"," + OK_TIME + ",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":7," + OK_TIME + ",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":\"soon\",\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"seq\":-2,\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"seq\":1.5,\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":[1,2]}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\":\"1\"}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\":null}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"channels\":{\"x\":1},\"units\":{\"x\":\"mV\"},\"quality\":{\"x\":0}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"channels\":{\"x\":1},\"units\":{\"x\":7}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"channels\":{\"x\":1},\"quality\":{\"x\":-1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"channels\":{\"x\":1},\"quality\":{\"x\":1.5}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"seq\":-1,\"channels\":{\"x\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\\u202e\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\\u200b\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"t\u00e9\":1}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"channels\":{\"x\":1},\"units\":{\"x\":\"m\\u202eV\"}}",
        "{\"schemaVersion\":1,\"deviceId\":\"d\","
            + OK_TIME
            + ",\"channels\":{\"x\":1},\"units\":{\"x\":\"\u00b0C\"}}",
        "[1,2,3]",
        "\"text\""
      })
  void schemaAndCodecAgree(String json) throws Exception {
    assertEquals(codecAccepts(json), schemaAccepts(json), json);
  }

  @Test
  void theCorpusCoversBothOutcomes() throws Exception {
    List<String> accepted =
        List.of("{\"schemaVersion\":1,\"deviceId\":\"d\"," + OK_TIME + ",\"channels\":{\"x\":1}}");
    assertTrue(codecAccepts(accepted.get(0)) && schemaAccepts(accepted.get(0)));
    String rejected = "{\"schemaVersion\":1,\"deviceId\":\"a b\"," + OK_TIME + ",\"channels\":{}}";
    assertTrue(!codecAccepts(rejected) && !schemaAccepts(rejected));
  }
}
