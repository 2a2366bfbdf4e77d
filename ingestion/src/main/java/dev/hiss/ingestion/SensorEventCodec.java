package dev.hiss.ingestion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
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
 * {@code seq} is optional. Payloads over {@value #MAX_PAYLOAD_BYTES} bytes are rejected before
 * parsing.
 */
public final class SensorEventCodec {
  /** Largest accepted record value. */
  public static final int MAX_PAYLOAD_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static {
    MAPPER
        .getFactory()
        .setStreamReadConstraints(
            StreamReadConstraints.builder()
                .maxNestingDepth(8)
                .maxStringLength(MAX_PAYLOAD_BYTES)
                .build());
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
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("Cannot encode " + e, ex);
    }
  }

  /**
   * Parses and validates one record value.
   *
   * @throws InvalidEventException naming the field and value for anything outside the contract
   */
  public static SensorEvent decode(byte[] json) {
    if (json == null) {
      throw new InvalidEventException("value", null, "record value is null");
    }
    if (json.length > MAX_PAYLOAD_BYTES) {
      throw new InvalidEventException(
          "value", json.length + " bytes", "payload larger than " + MAX_PAYLOAD_BYTES + " bytes");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (IOException ex) {
      throw new InvalidEventException("value", "(unparseable)", "not JSON: " + firstLine(ex));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidEventException("value", root, "must be a JSON object");
    }
    int version = requiredInt(root, "schemaVersion");
    JsonNode device = root.get("deviceId");
    if (device == null || !device.isTextual()) {
      throw new InvalidEventException("deviceId", device, "must be a string");
    }
    long ts = timestamp(root);
    long seq = -1;
    JsonNode seqNode = root.get("seq");
    if (seqNode != null && !seqNode.isNull()) {
      if (!seqNode.canConvertToExactIntegral() || !seqNode.canConvertToLong()) {
        throw new InvalidEventException("seq", seqNode, "must be an integer");
      }
      seq = seqNode.asLong();
    }
    JsonNode ch = root.get("channels");
    if (ch == null || !ch.isObject()) {
      throw new InvalidEventException("channels", ch, "must be an object of name -> number");
    }
    Map<String, Double> channels = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = ch.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if (!f.getValue().isNumber()) {
        throw new InvalidEventException("channels." + f.getKey(), f.getValue(), "must be a number");
      }
      channels.put(f.getKey(), f.getValue().doubleValue());
    }
    return new SensorEvent(version, device.asText(), ts, seq, channels);
  }

  private static long timestamp(JsonNode root) {
    JsonNode ns = root.get("timestampNs");
    if (ns != null && !ns.isNull()) {
      if (!ns.canConvertToExactIntegral() || !ns.canConvertToLong()) {
        throw new InvalidEventException("timestampNs", ns, "must be an integer (epoch ns)");
      }
      return ns.asLong();
    }
    JsonNode iso = root.get("timestamp");
    if (iso == null || !iso.isTextual()) {
      throw new InvalidEventException(
          "timestampNs", null, "missing (give timestampNs or an ISO-8601 timestamp)");
    }
    try {
      Instant t = Instant.parse(iso.asText());
      return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (DateTimeParseException | ArithmeticException ex) {
      throw new InvalidEventException("timestamp", iso.asText(), "not an ISO-8601 instant");
    }
  }

  private static int requiredInt(JsonNode root, String field) {
    JsonNode n = root.get(field);
    if (n == null || !n.canConvertToInt() || !n.canConvertToExactIntegral()) {
      throw new InvalidEventException(field, n, "must be an integer");
    }
    return n.asInt();
  }

  private static String firstLine(Exception ex) {
    String m = String.valueOf(ex.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
