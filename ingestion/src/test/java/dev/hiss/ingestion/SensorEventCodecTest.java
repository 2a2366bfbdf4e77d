package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SensorEventCodecTest {
  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripKeepsEveryField() {
    SensorEvent e =
        new SensorEvent(
            1, "ecg-0", 1_767_225_600_123_456_789L, 42, Map.of("ecg_mV", -0.245, "t_C", 36.6));
    SensorEvent back = SensorEventCodec.decode(SensorEventCodec.encode(e));
    assertEquals(e, back);
  }

  @Test
  void unitsAndQualityFlagsRoundTrip() {
    SensorEvent e =
        new SensorEvent(
            1,
            "mote-1",
            1_767_225_600_000_000_000L,
            3,
            Map.of("humidity", 45.9, "temperature", 27.9),
            Map.of("humidity", "%RH", "temperature", "degC"),
            Map.of("temperature", 2));
    SensorEvent back = SensorEventCodec.decode(SensorEventCodec.encode(e));
    assertEquals(e, back);
    assertEquals("degC", back.units().get("temperature"));
    assertEquals(2, back.quality().get("temperature"));
  }

  @Test
  void unitsAndFlagsMustNameChannelsOfTheEvent() {
    String base =
        "{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":1767225600000000000,"
            + "\"channels\":{\"x\":1}";
    InvalidEventException ex =
        assertThrows(
            InvalidEventException.class,
            () -> SensorEventCodec.decode(json(base + ",\"units\":{\"y\":\"mV\"}}")));
    assertEquals("units.y", ex.field());
    ex =
        assertThrows(
            InvalidEventException.class,
            () -> SensorEventCodec.decode(json(base + ",\"quality\":{\"x\":70000}}")));
    assertEquals("quality.x", ex.field());
    assertEquals(ValidationRule.CHANNEL_VALUE, ex.rule());
  }

  @Test
  void seqIsOptionalAndIsoTimestampsAreAccepted() {
    SensorEvent e =
        SensorEventCodec.decode(
            json(
                "{\"schemaVersion\":1,\"deviceId\":\"d1\",\"timestamp\":\"2026-01-01T00:00:00.5Z\","
                    + "\"channels\":{\"x\":1}}"));
    assertEquals(-1, e.seq());
    assertEquals(1_767_225_600_500_000_000L, e.timestampNs());
    assertEquals(1.0, e.channel("x"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{oops|value|JSON_SYNTAX",
        "array|[1,2]|value|JSON_SYNTAX",
        "unknown version|{\"schemaVersion\":2,\"deviceId\":\"d\",\"timestampNs\":1,\"channels\":{\"x\":1}}|schemaVersion|SCHEMA_VERSION",
        "no device|{\"schemaVersion\":1,\"timestampNs\":1,\"channels\":{\"x\":1}}|deviceId|DEVICE_ID",
        "bad device chars|{\"schemaVersion\":1,\"deviceId\":\"<script>\",\"timestampNs\":1,\"channels\":{\"x\":1}}|deviceId|DEVICE_ID",
        "negative time|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":-5,\"channels\":{\"x\":1}}|timestampNs|TIMESTAMP",
        "no time|{\"schemaVersion\":1,\"deviceId\":\"d\",\"channels\":{\"x\":1}}|timestampNs|TIMESTAMP",
        "bad iso time|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestamp\":\"yesterday\",\"channels\":{\"x\":1}}|timestamp|TIMESTAMP",
        "string value|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":1,\"channels\":{\"x\":\"1\"}}|channels.x|CHANNEL_VALUE",
        "no channels|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":1,\"channels\":{}}|channels|CHANNELS",
        "fractional seq|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":1,\"seq\":1.5,\"channels\":{\"x\":1}}|seq|SEQUENCE",
        "deep nesting|{\"a\":[[[[[[[[[[[[1]]]]]]]]]]]]}|value|JSON_SYNTAX",
        "year 1970|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestampNs\":5,\"channels\":{\"x\":1}}|timestampNs|TIMESTAMP",
        "year 2200|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestamp\":\"2200-01-01T00:00:00Z\",\"channels\":{\"x\":1}}|timestampNs|TIMESTAMP",
        "year 2999|{\"schemaVersion\":1,\"deviceId\":\"d\",\"timestamp\":\"2999-01-01T00:00:00Z\",\"channels\":{\"x\":1}}|timestamp|TIMESTAMP",
      })
  void invalidRecordsNameTheRuleAndField(
      String name, String value, String field, ValidationRule rule) {
    InvalidEventException ex =
        assertThrows(InvalidEventException.class, () -> SensorEventCodec.decode(json(value)));
    assertEquals(field, ex.field(), ex.getMessage());
    assertEquals(rule, ex.rule(), ex.getMessage());
    assertTrue(ex.getMessage().startsWith("Invalid " + field + " = "), ex.getMessage());
  }

  @Test
  void nonFiniteValuesAreRejected() {
    assertThrows(InvalidEventException.class, () -> SensorEvent.of("d", 1, 0, "x", Double.NaN));
    InvalidEventException ex =
        assertThrows(
            InvalidEventException.class,
            () -> SensorEvent.of("d", 1, 0, "x", Double.POSITIVE_INFINITY));
    assertEquals("channels.x", ex.field());
  }

  @Test
  void oversizePayloadsAreRejectedBeforeParsing() {
    byte[] huge = new byte[ValidationPolicy.DEFAULT.maxPayloadBytes() + 1];
    InvalidEventException ex =
        assertThrows(InvalidEventException.class, () -> SensorEventCodec.decode(huge));
    assertEquals("value", ex.field());
  }

  @Test
  void theUtf8CheckAgreesWithTheJdksStrictDecoder() {
    java.util.SplittableRandom r = new java.util.SplittableRandom(8);
    byte[][] edges = {
      {(byte) 0xc1, (byte) 0xa1}, // overlong 'a'
      {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, // overlong '/'
      {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, // a surrogate
      {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
      {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, // an emoji: fine
      {(byte) 0xe2, (byte) 0x80, (byte) 0xae}, // U+202E: well-formed (rejected later)
      {(byte) 0xe2, (byte) 0x80} // truncated
    };
    int invalid = 0;
    for (int i = 0; i < 200_000; i++) {
      byte[] b;
      if (i < edges.length) {
        b = edges[i];
      } else {
        b = new byte[r.nextInt(1, 6)];
        for (int k = 0; k < b.length; k++) {
          // bias towards lead and continuation bytes, where the corner cases are
          b[k] = (byte) (r.nextBoolean() ? 0x80 + r.nextInt(0x80) : r.nextInt(1, 256));
        }
      }
      boolean jdk;
      try {
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
            .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
            .decode(java.nio.ByteBuffer.wrap(b));
        jdk = true;
      } catch (java.nio.charset.CharacterCodingException e) {
        jdk = false;
      }
      boolean ours = SensorEventCodec.firstNonUtf8(b) < 0;
      assertEquals(jdk, ours, java.util.HexFormat.of().formatHex(b));
      invalid += jdk ? 0 : 1;
    }
    assertTrue(invalid > 10_000 && invalid < 190_000, "both outcomes exercised: " + invalid);
    assertEquals(0, SensorEventCodec.firstNonUtf8(new byte[] {0, 'a'}), "raw NUL refused");
  }

  @Test
  void longDeviceIdsAreRejectedWithAShortenedValue() {
    String id = "d".repeat(10_000);
    InvalidEventException ex =
        assertThrows(InvalidEventException.class, () -> SensorEvent.of(id, 1, 0, "x", 1));
    assertTrue(ex.getMessage().length() < 300, ex.getMessage());
  }
}
