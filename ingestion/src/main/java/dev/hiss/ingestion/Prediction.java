package dev.hiss.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.ingestion.internal.InverseNormal;
import java.io.IOException;

/**
 * One forecast of the streaming scorer, as written to the predictions topic (key = device id).
 *
 * @param deviceId the device
 * @param seq sequence number of the newest sample the forecast used
 * @param timestampNs event time of that sample (epoch ns)
 * @param targetSeq sequence number of the sample being forecast (the last one of the span), or -1
 *     when the forecast targets no sample the scorer can number
 * @param channel forecast channel
 * @param predicted forecast value, in the channel's units
 * @param modelVersion version of the model that produced it
 * @param scoringNanos time spent scoring this sample inside the scorer
 * @param targetSpan how many samples the forecast covers: 1 = the value of sample {@code
 *     targetSeq}; k &gt; 1 = the mean of samples {@code targetSeq − k + 1 … targetSeq} (a HiSS
 *     chunk forecast); &ge; 1
 * @param stdDev predictive standard deviation in the channel's units, or NaN when the model is not
 *     probabilistic; &ge; 0 when present
 */
public record Prediction(
    String deviceId,
    long seq,
    long timestampNs,
    long targetSeq,
    String channel,
    double predicted,
    String modelVersion,
    long scoringNanos,
    int targetSpan,
    double stdDev) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Validates the span and the standard deviation. */
  public Prediction {
    if (targetSpan < 1) {
      throw new IllegalArgumentException("Invalid targetSpan = " + targetSpan + "; must be >= 1");
    }
    if (stdDev < 0 || Double.isInfinite(stdDev)) {
      throw new IllegalArgumentException(
          "Invalid stdDev = " + stdDev + "; must be finite and >= 0, or NaN");
    }
  }

  /** A point forecast of one sample (span 1, no standard deviation). */
  public Prediction(
      String deviceId,
      long seq,
      long timestampNs,
      long targetSeq,
      String channel,
      double predicted,
      String modelVersion,
      long scoringNanos) {
    this(
        deviceId,
        seq,
        timestampNs,
        targetSeq,
        channel,
        predicted,
        modelVersion,
        scoringNanos,
        1,
        Double.NaN);
  }

  /** Whether the forecast carries a predictive standard deviation. */
  public boolean probabilistic() {
    return !Double.isNaN(stdDev);
  }

  /**
   * The central interval of a Gaussian predictive distribution, e.g. {@code level = 0.9} gives
   * {@code predicted ± 1.645·stdDev}.
   *
   * @return {lower, upper}, or null when the forecast is not probabilistic
   */
  public double[] interval(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid level = " + level + "; must be in (0, 1)");
    }
    if (!probabilistic()) {
      return null;
    }
    double z = InverseNormal.quantile(0.5 + level / 2);
    return new double[] {predicted - z * stdDev, predicted + z * stdDev};
  }

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
    if (targetSpan != 1) {
      n.put("targetSpan", targetSpan);
    }
    if (probabilistic()) {
      n.put("stdDev", stdDev);
    }
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + this, e);
    }
  }

  /**
   * Parses a predictions-topic value. {@code targetSpan} (default 1) and {@code stdDev} (default
   * absent = NaN) are optional, so records written before they existed still decode.
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
        n.path("scoringNanos").asLong(),
        n.path("targetSpan").asInt(1),
        n.hasNonNull("stdDev") ? n.get("stdDev").asDouble() : Double.NaN);
  }
}
