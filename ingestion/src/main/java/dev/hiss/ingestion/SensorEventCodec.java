package dev.hiss.ingestion;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON encoding of {@link SensorEvent}, shared by the Kafka serde, the Kafka Streams scorer
 * and the Spark lake job, so that every edge accepts and rejects exactly the same records.
 *
 * <p>{@code timestampNs} may also be given as {@code "timestamp"}: an ISO-8601 instant string.
 * {@code seq} is optional. Payloads over the policy's limit are rejected before parsing; JSON
 * nested deeper than {@value #MAX_NESTING} levels, number literals longer than {@value
 * #MAX_NUMBER_LENGTH} characters, repeated keys and anything after the object are rejected while
 * parsing. Every rejection is an {@link InvalidEventException} naming its {@link ValidationRule};
 * no other exception escapes {@link #decode} for any input.
 */
public final class SensorEventCodec {
  /** Deepest accepted JSON nesting (the contract needs 2). */
  public static final int MAX_NESTING = 8;

  /** Longest accepted JSON number literal, in characters (a double needs at most 25). */
  public static final int MAX_NUMBER_LENGTH = 400;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());
    // one object per record: "{...}garbage" is not a record, and a repeated key (two deviceIds,
    // two values of one channel) is ambiguous, so both are syntax errors rather than last-wins
    MAPPER.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    MAPPER.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  private SensorEventCodec() {}

  /** JSON bytes (UTF-8) of the event. */
  public static byte[] encode(SensorEvent e) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("schemaVersion", e.schemaVersion());
    root.put("deviceId", e.deviceId());
    root.put("timestampNs", e.timestampNs());
    if (e.seq() >= 0) {
      root.put("seq", e.seq());
    }
    ObjectNode ch = root.putObject("channels");
    e.channels().forEach(ch::put);
    if (!e.units().isEmpty()) {
      ObjectNode u = root.putObject("units");
      e.units().forEach(u::put);
    }
    if (!e.quality().isEmpty()) {
      ObjectNode q = root.putObject("quality");
      e.quality().forEach(q::put);
    }
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Cannot encode " + e, ex);
    }
  }

  /**
   * Parses and validates one record value under {@link ValidationPolicy#DEFAULT}.
   *
   * @throws InvalidEventException naming the rule, field and value for anything outside the
   *     contract
   */
  public static SensorEvent decode(byte[] json) {
    return decode(json, ValidationPolicy.DEFAULT);
  }

  /**
   * Parses and validates one record value.
   *
   * @throws InvalidEventException naming the rule, field and value for anything outside the
   *     contract or the policy
   */
  public static SensorEvent decode(byte[] json, ValidationPolicy policy) {
    SensorEvent e = parse(json, policy.maxPayloadBytes());
    policy.check(e, System.currentTimeMillis() * 1_000_000L);
    return e;
  }

  /**
   * Checks that a Kafka record's key is its event's device id (the partitioning contract).
   *
   * @param key the record key as a string (null when the record has none)
   * @throws InvalidEventException with rule KEY_MISMATCH otherwise
   */
  public static void checkKey(String key, SensorEvent e) {
    if (!e.deviceId().equals(key)) {
      throw new InvalidEventException(
          ValidationRule.KEY_MISMATCH, "key", key, "must equal deviceId '" + e.deviceId() + "'");
    }
  }

  private static SensorEvent parse(byte[] json, int maxPayloadBytes) {
    if (json == null) {
      throw new InvalidEventException(
          ValidationRule.PAYLOAD_SIZE, "value", null, "record value is null");
    }
    if (json.length > maxPayloadBytes) {
      throw new InvalidEventException(
          ValidationRule.PAYLOAD_SIZE,
          "value",
          json.length + " bytes",
          "payload larger than " + maxPayloadBytes + " bytes");
    }
    int bad = firstNonUtf8(json);
    if (bad >= 0) {
      // the parser would decode overlong forms ("\u00c1\u00a1" as 'a') and sniff UTF-16: the
      // contract is strict UTF-8, so that every consumer reads the same text
      throw new InvalidEventException(
          ValidationRule.JSON_SYNTAX,
          "value",
          "byte " + bad + " = 0x" + Integer.toHexString(json[bad] & 0xff),
          "not JSON: invalid UTF-8 (or a raw NUL) at byte " + bad);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException ex) {
      throw new InvalidEventException(
          ValidationRule.JSON_SYNTAX, "value", "(unparseable)", "not JSON: " + firstLine(ex));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidEventException(
          ValidationRule.JSON_SYNTAX, "value", root, "must be a JSON object");
    }
    int version = requiredInt(root, "schemaVersion");
    JsonNode device = root.get("deviceId");
    if (device == null || !device.isTextual()) {
      throw new InvalidEventException(
          ValidationRule.DEVICE_ID, "deviceId", device, "must be a string");
    }
    long ts = timestamp(root);
    long seq = -1;
    JsonNode seqNode = root.get("seq");
    if (seqNode != null && !seqNode.isNull()) {
      if (!seqNode.canConvertToExactIntegral() || !seqNode.canConvertToLong()) {
        throw new InvalidEventException(
            ValidationRule.SEQUENCE, "seq", seqNode, "must be an integer");
      }
      seq = seqNode.asLong();
      if (seq < 0) {
        throw new InvalidEventException(
            ValidationRule.SEQUENCE, "seq", seq, "must be >= 0 (or absent)");
      }
    }
    JsonNode ch = root.get("channels");
    if (ch == null || !ch.isObject()) {
      throw new InvalidEventException(
          ValidationRule.CHANNELS, "channels", ch, "must be an object of name -> number");
    }
    Map<String, Double> channels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getValue().isNumber()) {
        throw new InvalidEventException(
            ValidationRule.CHANNEL_VALUE,
            "channels." + f.getKey(),
            f.getValue(),
            "must be a number");
      }
      channels.put(f.getKey(), f.getValue().doubleValue());
    }
    return new SensorEvent(version, device.asText(), ts, seq, channels, units(root), quality(root));
  }

  private static Map<String, String> units(JsonNode root) {
    JsonNode n = root.get("units");
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw new InvalidEventException(
          ValidationRule.CHANNELS, "units", n, "must be an object of channel -> unit");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getValue().isTextual()) {
        throw new InvalidEventException(
            ValidationRule.CHANNELS, "units." + f.getKey(), f.getValue(), "must be a string");
      }
      out.put(f.getKey(), f.getValue().asText());
    }
    return out;
  }

  private static Map<String, Integer> quality(JsonNode root) {
    JsonNode n = root.get("quality");
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw new InvalidEventException(
          ValidationRule.CHANNEL_VALUE, "quality", n, "must be an object of channel -> flag");
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      JsonNode v = f.getValue();
      if (!v.canConvertToExactIntegral() || !v.canConvertToInt()) {
        throw new InvalidEventException(
            ValidationRule.CHANNEL_VALUE, "quality." + f.getKey(), v, "must be an integer flag");
      }
      out.put(f.getKey(), v.asInt());
    }
    return out;
  }

  private static long timestamp(JsonNode root) {
    JsonNode ns = root.get("timestampNs");
    if (ns != null && !ns.isNull()) {
      if (!ns.canConvertToExactIntegral() || !ns.canConvertToLong()) {
        throw new InvalidEventException(
            ValidationRule.TIMESTAMP, "timestampNs", ns, "must be an integer (epoch ns)");
      }
      return ns.asLong();
    }
    JsonNode iso = root.get("timestamp");
    if (iso == null || !iso.isTextual()) {
      throw new InvalidEventException(
          ValidationRule.TIMESTAMP,
          "timestampNs",
          null,
          "missing (give timestampNs or an ISO-8601 timestamp)");
    }
    Instant t;
    try {
      t = Instant.parse(iso.asText());
    } catch (DateTimeParseException ex) {
      throw new InvalidEventException(
          ValidationRule.TIMESTAMP, "timestamp", iso.asText(), "not an ISO-8601 instant");
    }
    try {
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (ArithmeticException ex) {
      throw new InvalidEventException(
          ValidationRule.TIMESTAMP,
          "timestamp",
          iso.asText(),
          "outside the epoch-nanosecond range (up to 2262-04-11)");
    }
  }

  private static int requiredInt(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt() || !n.canConvertToExactIntegral()) {
      throw new InvalidEventException(
          ValidationRule.SCHEMA_VERSION, field, n, "must be an integer");
    }
    return n.asInt();
  }

  /**
   * Index of the first byte of {@code b} that is not part of a well-formed UTF-8 sequence (overlong
   * forms, surrogates and code points above U+10FFFF are ill-formed), or a raw NUL; -1 when there
   * is none.
   */
  static int firstNonUtf8(byte[] b) {
    int i = 0;
    while (i < b.length) {
      int c = b[i] & 0xff;
      if (c >= 0x01 && c < 0x80) {
        i++;
        continue;
      }
      int n;
      int min;
      int lo = 0x80;
      int hi = 0xbf;
      if (c >= 0xc2 && c <= 0xdf) {
        n = 1;
      } else if (c >= 0xe0 && c <= 0xef) {
        n = 2;
        lo = c == 0xe0 ? 0xa0 : 0x80; // no overlong 3-byte forms
        hi = c == 0xed ? 0x9f : 0xbf; // no surrogates
      } else if (c >= 0xf0 && c <= 0xf4) {
        n = 3;
        lo = c == 0xf0 ? 0x90 : 0x80; // no overlong 4-byte forms
        hi = c == 0xf4 ? 0x8f : 0xbf; // nothing above U+10FFFF
      } else {
        return i; // NUL, a continuation byte without a lead, 0xc0/0xc1 (overlong), 0xf5..0xff
      }
      min = i + n;
      if (min >= b.length) {
        return i;
      }
      int second = b[i + 1] & 0xff;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = i + 2; k <= min; k++) {
        if ((b[k] & 0xc0) != 0x80) {
          return i;
        }
      }
      i = min + 1;
    }
    return -1;
  }

  /** The parser's first message line, at most 160 characters, control characters escaped. */
  private static String firstLine(Exception ex) {
    String m = String.valueOf(ex.getMessage());
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < line.length() && b.length() < 160; i++) {
      char c = line.charAt(i);
      b.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : c);
    }
    return b.length() < line.length() ? b.append("...").toString() : b.toString();
  }
}
