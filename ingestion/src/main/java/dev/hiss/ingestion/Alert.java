package dev.hiss.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * An alert on the alerts topic ({@link Topics#ALERTS}, key = device id): an anomaly flagged by the
 * scorer, or an alert from any other source (which may leave the scorer's fields out). The one
 * codec of the topic: the scorer writes it, the dashboard reads it.
 *
 * <p>Value: JSON {@code {"deviceId","seq"?,"timestampNs","kind","message","value"?,"predicted"?,
 * "actual"?,"threshold"?,"modelVersion"?}}; an absent or non-finite number reads as NaN (and is not
 * written), an absent seq as -1, an absent model version as "".
 *
 * @param deviceId the device, same rules as the sensor contract ({@code [A-Za-z0-9._:-]}, 1..128)
 * @param seq sequence number of the sample that revealed the anomaly, or -1
 * @param timestampNs event time of that sample (epoch ns, > 0)
 * @param kind what was detected, e.g. {@code residual} (1..{@value #MAX_KIND} characters)
 * @param message one human-readable line (at most {@value #MAX_MESSAGE} characters); data, never
 *     markup
 * @param value the statistic that crossed the threshold (the residual, in channel units), or NaN
 * @param predicted the forecast for this sample, or NaN
 * @param actual the sample's value, or NaN
 * @param threshold the threshold the value crossed (absolute, channel units), or NaN
 * @param modelVersion the model that made the forecast, or ""
 */
public record Alert(
    String deviceId,
    long seq,
    long timestampNs,
    String kind,
    String message,
    double value,
    double predicted,
    double actual,
    double threshold,
    String modelVersion) {
  /** Longest {@code kind}. */
  public static final int MAX_KIND = 64;

  /** Longest {@code message}. */
  public static final int MAX_MESSAGE = 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Validates every field; throws {@link IllegalArgumentException} naming the field and value. A
   * null model version becomes "".
   */
  public Alert {
    if (timestampNs <= 0) {
      throw new IllegalArgumentException(
          "Invalid alert timestampNs = " + timestampNs + "; must be > 0 (epoch ns)");
    }
    // the sensor contract's device-id rules, enforced by SensorEvent's constructor
    SensorEvent.of(deviceId, timestampNs, -1, "alert", 0);
    if (seq < -1) {
      throw new IllegalArgumentException("Invalid alert seq = " + seq + "; must be >= -1");
    }
    if (kind == null || kind.isEmpty() || kind.length() > MAX_KIND) {
      throw new IllegalArgumentException(
          "Invalid alert kind = '" + kind + "'; must be 1.." + MAX_KIND + " characters");
    }
    if (message == null || message.length() > MAX_MESSAGE) {
      throw new IllegalArgumentException(
          "Invalid alert message of "
              + (message == null ? "null" : message.length() + " characters")
              + "; must be 0.."
              + MAX_MESSAGE
              + " characters");
    }
    modelVersion = modelVersion == null ? "" : modelVersion;
  }

  /**
   * An alert from a source other than the scorer: no sequence number, forecast or model.
   *
   * @param value the value that raised it, or NaN
   */
  public Alert(String deviceId, long timestampNs, String kind, String message, double value) {
    this(deviceId, -1, timestampNs, kind, message, value, Double.NaN, Double.NaN, Double.NaN, "");
  }

  /** JSON bytes (UTF-8); NaN numbers are left out. */
  public byte[] encode() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("deviceId", deviceId);
    if (seq >= 0) {
      n.put("seq", seq);
    }
    n.put("timestampNs", timestampNs);
    n.put("kind", kind);
    n.put("message", message);
    putFinite(n, "value", value);
    putFinite(n, "predicted", predicted);
    putFinite(n, "actual", actual);
    putFinite(n, "threshold", threshold);
    if (!modelVersion.isEmpty()) {
      n.put("modelVersion", modelVersion);
    }
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + this, e);
    }
  }

  private static void putFinite(ObjectNode n, String field, double v) {
    if (Double.isFinite(v)) {
      n.put(field, v);
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
    for (String f : new String[] {"timestampNs", "seq"}) {
      if (n.hasNonNull(f) && !(n.get(f).isIntegralNumber() && n.get(f).canConvertToLong())) {
        throw new IllegalArgumentException(
            "Invalid alert " + f + " = " + n.get(f) + "; must be an integer");
      }
    }
    return new Alert(
        n.get("deviceId").asText(),
        n.path("seq").asLong(-1),
        n.get("timestampNs").asLong(),
        n.get("kind").asText(),
        n.get("message").asText(),
        number(n, "value"),
        number(n, "predicted"),
        number(n, "actual"),
        number(n, "threshold"),
        n.path("modelVersion").asText(""));
  }

  private static double number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }
}
