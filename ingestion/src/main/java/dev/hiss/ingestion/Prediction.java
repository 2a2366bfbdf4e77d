package dev.hiss.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * One forecast of the streaming scorer, as written to the predictions topic (key = device id).
 *
 * @param deviceId the device
 * @param seq sequence number of the newest sample the forecast used
 * @param timestampNs event time of that sample (epoch ns)
 * @param targetSeq sequence number of the sample being forecast
 * @param channel forecast channel
 * @param predicted forecast value, in the channel's units
 * @param modelVersion version of the model that produced it
 * @param scoringNanos time spent scoring this sample inside the scorer
 */
public record Prediction(
    String deviceId,
    long seq,
    long timestampNs,
    long targetSeq,
    String channel,
    double predicted,
    String modelVersion,
    long scoringNanos) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** JSON bytes (UTF-8). */
  public byte[] encode() {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("deviceId", deviceId);
    n.put("seq", seq);
    n.put("timestampNs", timestampNs);
    n.put("targetSeq", targetSeq);
    n.put("channel", channel);
    n.put("predicted", predicted);
    n.put("modelVersion", modelVersion);
    n.put("scoringNanos", scoringNanos);
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + this, e);
    }
  }

  /**
   * Parses a predictions-topic value.
   *
   * @throws IllegalArgumentException naming the missing or malformed field
   */
  public static Prediction decode(byte[] json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("Invalid prediction: not JSON: " + e.getMessage(), e);
    }
    for (String f :
        new String[] {
          "deviceId", "seq", "timestampNs", "targetSeq", "channel", "predicted", "modelVersion"
        }) {
      if (n == null || !n.hasNonNull(f)) {
        throw new IllegalArgumentException("Invalid prediction: missing field " + f);
      }
    }
    return new Prediction(
        n.get("deviceId").asText(),
        n.get("seq").asLong(),
        n.get("timestampNs").asLong(),
        n.get("targetSeq").asLong(),
        n.get("channel").asText(),
        n.get("predicted").asDouble(),
        n.get("modelVersion").asText(),
        n.path("scoringNanos").asLong());
  }
}
