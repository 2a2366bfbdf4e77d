package dev.hiss.ingestion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.ingestion.internal.InverseNormal;
import java.io.IOException;
import java.util.Arrays;

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
 * @param quantiles the forecast's quantiles in the channel's units (a quantile-head model), or null
 *     when the model has no quantile head; {@code predicted} is then its median-level quantile
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
    double stdDev,
    Quantiles quantiles) {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** How far a quantile level may be from the level {@link #interval} asks for. */
  static final double LEVEL_TOLERANCE = 1e-9;

  /** Validates the span and the standard deviation (the quantiles validate themselves). */
  public Prediction {
    if (targetSpan < 1) {
      throw new IllegalArgumentException("Invalid targetSpan = " + targetSpan + "; must be >= 1");
    }
    if (stdDev < 0 || Double.isInfinite(stdDev)) {
      throw new IllegalArgumentException(
          "Invalid stdDev = " + stdDev + "; must be finite and >= 0, or NaN");
    }
  }

  /** A forecast without quantiles. */
  public Prediction(
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
    this(
        deviceId,
        seq,
        timestampNs,
        targetSeq,
        channel,
        predicted,
        modelVersion,
        scoringNanos,
        targetSpan,
        stdDev,
        null);
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
   * The central interval at {@code level}: the quantiles at (1 − level)/2 and (1 + level)/2 when
   * {@link #quantiles()} has both levels (within 1e-9; e.g. 0.1 and 0.9 for {@code level = 0.8}),
   * else the Gaussian one, e.g. {@code level = 0.9} gives {@code predicted ± 1.645·stdDev}.
   *
   * @return {lower, upper}, or null when the forecast has neither those quantiles nor a standard
   *     deviation
   */
  public double[] interval(double level) {
    if (!(level > 0 && level < 1)) {
      throw new IllegalArgumentException("Invalid level = " + level + "; must be in (0, 1)");
    }
    if (quantiles != null) {
      double lower = quantiles.valueAt((1 - level) / 2);
      double upper = quantiles.valueAt((1 + level) / 2);
      if (!Double.isNaN(lower) && !Double.isNaN(upper)) {
        return new double[] {lower, upper};
      }
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
    if (quantiles != null) {
      ObjectNode q = n.putObject("quantiles");
      ArrayNode levels = q.putArray("levels");
      ArrayNode values = q.putArray("values");
      for (int i = 0; i < quantiles.count(); i++) {
        levels.add(quantiles.levels[i]);
        values.add(quantiles.values[i]);
      }
    }
    try {
      return MAPPER.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot encode " + this, e);
    }
  }

  /**
   * Parses a predictions-topic value. {@code targetSpan} (default 1), {@code stdDev} (default
   * absent = NaN) and {@code quantiles} (default absent = null) are optional, so records written
   * before they existed still decode. Fields it does not know are ignored.
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
        n.hasNonNull("stdDev") ? n.get("stdDev").asDouble() : Double.NaN,
        n.hasNonNull("quantiles") ? decodeQuantiles(n.get("quantiles")) : null);
  }

  private static Quantiles decodeQuantiles(JsonNode q) {
    if (!q.isObject()) {
      throw new IllegalArgumentException(
          "Invalid prediction: quantiles = " + q + "; must be an object with levels and values");
    }
    return new Quantiles(numbers(q, "levels"), numbers(q, "values"));
  }

  private static double[] numbers(JsonNode q, String field) {
    JsonNode a = q.get(field);
    if (a == null || !a.isArray()) {
      throw new IllegalArgumentException(
          "Invalid prediction: quantiles." + field + " = " + a + "; must be an array of numbers");
    }
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      if (!a.get(i).isNumber()) {
        throw new IllegalArgumentException(
            "Invalid prediction: quantiles."
                + field
                + "["
                + i
                + "] = "
                + a.get(i)
                + "; must be a number");
      }
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /**
   * The quantiles of a forecast: value {@code values[i]} at level {@code levels[i]}, in the
   * channel's units. Immutable (arrays are copied in and out); equal by content.
   *
   * @param levels quantile levels, strictly increasing, each in (0, 1); at least one
   * @param values the quantiles, finite and non-decreasing (quantiles of one distribution do not
   *     cross), as many as levels
   */
  public record Quantiles(double[] levels, double[] values) {
    /** Validates and copies the arrays. */
    public Quantiles {
      if (levels == null || levels.length == 0) {
        throw new IllegalArgumentException(
            "Invalid quantiles.levels = "
                + (levels == null ? "null" : "[]")
                + "; need at least one level in (0, 1)");
      }
      if (values == null || values.length != levels.length) {
        throw new IllegalArgumentException(
            "Invalid quantiles.values length = "
                + (values == null ? "null" : values.length)
                + "; must equal the levels length "
                + levels.length);
      }
      for (int i = 0; i < levels.length; i++) {
        if (!(levels[i] > 0 && levels[i] < 1) || (i > 0 && !(levels[i] > levels[i - 1]))) {
          throw new IllegalArgumentException(
              "Invalid quantiles.levels = "
                  + Arrays.toString(levels)
                  + "; must be strictly increasing, each in (0, 1)");
        }
        if (!Double.isFinite(values[i])) {
          throw new IllegalArgumentException(
              "Invalid quantiles.values[" + i + "] = " + values[i] + "; must be finite");
        }
        if (i > 0 && values[i] < values[i - 1]) {
          throw new IllegalArgumentException(
              "Invalid quantiles.values = "
                  + Arrays.toString(values)
                  + "; must be non-decreasing with the level");
        }
      }
      levels = levels.clone();
      values = values.clone();
    }

    /** The levels (a copy). */
    @Override
    public double[] levels() {
      return levels.clone();
    }

    /** The quantiles (a copy). */
    @Override
    public double[] values() {
      return values.clone();
    }

    /** The number of levels. */
    public int count() {
      return levels.length;
    }

    /**
     * Indices {lower, upper} of the widest central pair of {@code levels}: the smallest level
     * {@code l < 0.5} whose partner {@code 1 − l} is also present (within 1e-9). This is the pair
     * the dashboard draws as the forecast band and the scorer's quantile-interval alert rule judges
     * by.
     *
     * @param levels strictly increasing levels in (0, 1)
     * @return the two indices, or null when the levels hold no such pair
     */
    public static int[] centralPair(double[] levels) {
      // levels increase: the first level below 0.5 with a partner is the widest pair
      for (int i = 0; i < levels.length && levels[i] < 0.5 - LEVEL_TOLERANCE; i++) {
        for (int j = levels.length - 1; j > i; j--) {
          if (Math.abs(levels[i] + levels[j] - 1) <= LEVEL_TOLERANCE) {
            return new int[] {i, j};
          }
        }
      }
      return null;
    }

    /** {@link #centralPair(double[])} of these quantiles' levels. */
    public int[] centralPair() {
      return centralPair(levels);
    }

    /** The quantile at {@code level} (within 1e-9), or NaN when the forecast lacks that level. */
    public double valueAt(double level) {
      for (int i = 0; i < levels.length; i++) {
        if (Math.abs(levels[i] - level) <= LEVEL_TOLERANCE) {
          return values[i];
        }
      }
      return Double.NaN;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Quantiles q
          && Arrays.equals(levels, q.levels)
          && Arrays.equals(values, q.values);
    }

    @Override
    public int hashCode() {
      return 31 * Arrays.hashCode(levels) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return "Quantiles[levels="
          + Arrays.toString(levels)
          + ", values="
          + Arrays.toString(values)
          + "]";
    }
  }
}
