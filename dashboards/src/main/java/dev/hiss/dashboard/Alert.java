package dev.hiss.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.ingestion.SensorEvent;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One alert on the alerts topic ({@value #TOPIC}, key = device id). The topic is defined here, by
 * the dashboard, as an optional input: nothing in the project writes it yet, and the dashboard
 * subscribes to it whether or not it exists (it picks it up once created).
 *
 * <p>Value: JSON {@code {"deviceId":"ecg-0","timestampNs":...,"kind":"threshold","message":"...",
 * "value":1.5}}; {@code value} is optional (NaN when absent).
 *
 * @param deviceId device id, same rules as the sensor contract ({@code [A-Za-z0-9._:-]}, 1..128)
 * @param timestampNs event time the alert refers to (epoch ns, > 0)
 * @param kind short machine-readable kind (1..64 characters)
 * @param message human-readable text (at most 1024 characters); data, never markup
 * @param value the value that raised the alert, or NaN
 */
public record Alert(String deviceId, long timestampNs, String kind, String message, double value) {
  /** The alerts topic. */
  public static final String TOPIC = "hiss.alerts";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Validates every field. */
  public Alert {
    // the sensor contract's device-id rules, enforced by SensorEvent's constructor
    SensorEvent.of(deviceId, Math.max(1, timestampNs), -1, "alert", 0);
    if (timestampNs <= 0) {
      throw new IllegalArgumentException("Invalid alert: timestampNs = " + timestampNs);
    }
    if (kind == null || kind.isEmpty() || kind.length() > 64) {
      throw new IllegalArgumentException("Invalid alert: kind must be 1..64 characters");
    }
    if (message == null || message.length() > 1024) {
      throw new IllegalArgumentException("Invalid alert: message must be 0..1024 characters");
    }
  }

  /** JSON bytes (UTF-8). */
  public byte[] encode() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("deviceId", deviceId);
    n.put("timestampNs", timestampNs);
    n.put("kind", kind);
    n.put("message", message);
    if (Double.isFinite(value)) {
      n.put("value", value);
    }
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + this, e);
    }
  }

  /**
   * Parses an alerts-topic value.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static Alert decode(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("Invalid alert: not JSON: " + e.getMessage(), e);
    }
    for (String f : new String[] {"deviceId", "timestampNs", "kind", "message"}) {
      if (n == null || !n.hasNonNull(f)) {
        throw new IllegalArgumentException("Invalid alert: missing field " + f);
      }
    }
    if (!n.get("timestampNs").canConvertToLong()) {
      throw new IllegalArgumentException("Invalid alert: timestampNs is not an integer");
    }
    JsonNode v = n.get("value");
    return new Alert(
        n.get("deviceId").asText(),
        n.get("timestampNs").asLong(),
        n.get("kind").asText(),
        n.get("message").asText(),
        v != null && v.isNumber() ? v.asDouble() : Double.NaN);
  }

  /** The JSON view the REST API and the stream send ({@code value} null when absent). */
  public Map<String, Object> view() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("deviceId", deviceId);
    m.put("timestampNs", timestampNs);
    m.put("kind", kind);
    m.put("message", message);
    m.put("value", Double.isFinite(value) ? value : null);
    return m;
  }
}
