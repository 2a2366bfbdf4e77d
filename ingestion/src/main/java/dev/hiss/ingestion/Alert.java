package dev.hiss.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * An anomaly flagged by the scorer, as written to the alerts topic (key = device id).
 *
 * @param deviceId the device
 * @param seq sequence number of the sample that revealed the anomaly
 * @param timestampNs event time of that sample (epoch ns)
 * @param kind what was detected, e.g. {@code residual}
 * @param message one human-readable line
 * @param value the statistic that crossed the threshold (the residual, in channel units)
 * @param predicted the forecast for this sample
 * @param actual the sample's value
 * @param threshold the threshold the value crossed (absolute, channel units)
 * @param modelVersion the model that made the forecast
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
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** JSON bytes (UTF-8). */
  public byte[] encode() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("deviceId", deviceId);
    n.put("seq", seq);
    n.put("timestampNs", timestampNs);
    n.put("kind", kind);
    n.put("message", message);
    n.put("value", value);
    n.put("predicted", predicted);
    n.put("actual", actual);
    n.put("threshold", threshold);
    n.put("modelVersion", modelVersion);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + this, e);
    }
  }

  /**
   * Parses an alerts-topic value.
   *
   * @throws IllegalArgumentException naming the missing field
   */
  public static Alert decode(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("Invalid alert: not JSON: " + e.getMessage(), e);
    }
    for (String f : new String[] {"deviceId", "timestampNs", "kind", "message", "value"}) {
      if (n == null || !n.hasNonNull(f)) {
        throw new IllegalArgumentException("Invalid alert: missing field " + f);
      }
    }
    return new Alert(
        n.get("deviceId").asText(),
        n.path("seq").asLong(-1),
        n.get("timestampNs").asLong(),
        n.get("kind").asText(),
        n.get("message").asText(),
        n.get("value").asDouble(),
        n.path("predicted").asDouble(Double.NaN),
        n.path("actual").asDouble(Double.NaN),
        n.path("threshold").asDouble(Double.NaN),
        n.path("modelVersion").asText(""));
  }
}
