package dev.hiss.forecasting.baseline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Direct linear autoregression: {@code x[t+h] ≈ intercept + Σ_i coefficients[i] · x[t-i]} for
 * {@code i = 0 .. order-1}. The simplest honest forecaster, and a baseline for every SSM model.
 *
 * @param channel the channel it forecasts
 * @param order number of lags p (>= 1)
 * @param horizon steps ahead h (>= 1)
 * @param intercept the constant term
 * @param coefficients {@code [order]}: coefficient of lag i (i = 0 is the newest sample)
 */
public record LinearAutoregression(
    String channel, int order, int horizon, double intercept, double[] coefficients) {
  /** Model-file kind of this model. */
  public static final String KIND = "linear-autoregression";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Validates the hyper-parameters and coefficient count. */
  public LinearAutoregression {
    if (order < 1) {
      throw new IllegalArgumentException("Invalid order = " + order + "; must be >= 1");
    }
    if (horizon < 1) {
      throw new IllegalArgumentException("Invalid horizon = " + horizon + "; must be >= 1");
    }
    if (coefficients == null || coefficients.length != order) {
      throw new IllegalArgumentException(
          "Invalid coefficients length = "
              + (coefficients == null ? "null" : coefficients.length)
              + "; must equal order = "
              + order);
    }
    for (int i = 0; i < order; i++) {
      if (!Double.isFinite(coefficients[i])) {
        throw new IllegalArgumentException("Invalid coefficients[" + i + "] = " + coefficients[i]);
      }
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("Invalid intercept = " + intercept);
    }
    coefficients = coefficients.clone();
  }

  /**
   * Forecast of {@code x[t+h]} from a ring buffer holding the last {@code order} samples.
   *
   * @param ring {@code [order]} samples; {@code ring[newest]} is x[t], {@code ring[newest-1 mod
   *     order]} is x[t-1], …
   * @param newest index of the newest sample in {@code ring}
   */
  public double predictFromRing(double[] ring, int newest) {
    double y = intercept;
    int idx = newest;
    for (int i = 0; i < order; i++) {
      y += coefficients[i] * ring[idx];
      idx = idx == 0 ? order - 1 : idx - 1;
    }
    return y;
  }

  /** Forecast of {@code x[t+h]} with {@code t = end}: uses {@code series[end-order+1 .. end]}. */
  public double predict(double[] series, int end) {
    if (end < order - 1 || end >= series.length) {
      throw new IllegalArgumentException(
          "Invalid end = " + end + "; need " + (order - 1) + " <= end < " + series.length);
    }
    double y = intercept;
    for (int i = 0; i < order; i++) {
      y += coefficients[i] * series[end - i];
    }
    return y;
  }

  /**
   * Ordinary least squares fit on several series (a reference implementation; Spark jobs fit the
   * same model distributed). Solves the normal equations by Cholesky in double precision.
   *
   * @param series each {@code [length_s]}; a series shorter than {@code order + horizon} adds no
   *     row
   */
  public static LinearAutoregression fitLeastSquares(
      String channel, double[][] series, int order, int horizon) {
    int d = order + 1;
    double[][] xtx = new double[d][d];
    double[] xty = new double[d];
    double[] row = new double[d];
    long rows = 0;
    for (double[] s : series) {
      for (int t = order - 1; t + horizon < s.length; t++) {
        row[0] = 1;
        for (int i = 0; i < order; i++) {
          row[i + 1] = s[t - i];
        }
        double y = s[t + horizon];
        for (int a = 0; a < d; a++) {
          xty[a] += row[a] * y;
          for (int b = 0; b <= a; b++) {
            xtx[a][b] += row[a] * row[b];
          }
        }
        rows++;
      }
    }
    if (rows < d) {
      throw new IllegalArgumentException(
          "Too little data: " + rows + " training rows for " + d + " parameters");
    }
    double[] beta = Cholesky.solve(xtx, xty);
    return new LinearAutoregression(
        channel, order, horizon, beta[0], Arrays.copyOfRange(beta, 1, d));
  }

  /** Saves the model as a {@link ModelFile} of kind {@value #KIND}; returns its checksum. */
  public String save(Path file, Provenance provenance) throws IOException {
    ObjectNode p = MAPPER.createObjectNode();
    p.put("channel", channel);
    p.put("order", order);
    p.put("horizon", horizon);
    p.put("intercept", intercept);
    var arr = p.putArray("coefficients");
    for (double c : coefficients) {
      arr.add(c);
    }
    return ModelFile.write(file, KIND, provenance, p);
  }

  /** Loads a model saved by {@link #save}. */
  public static LinearAutoregression load(Path file) throws IOException {
    return fromPayload(ModelFile.read(file, KIND).payload());
  }

  /** The model held in a verified model file's payload. */
  public static LinearAutoregression fromPayload(JsonNode p) {
    int order = p.path("order").asInt();
    double[] c = new double[p.path("coefficients").size()];
    for (int i = 0; i < c.length; i++) {
      c[i] = p.path("coefficients").get(i).asDouble();
    }
    return new LinearAutoregression(
        p.path("channel").asText(),
        order,
        p.path("horizon").asInt(),
        p.path("intercept").asDouble(),
        c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LinearAutoregression m
        && channel.equals(m.channel)
        && order == m.order
        && horizon == m.horizon
        && Double.compare(intercept, m.intercept) == 0
        && Arrays.equals(coefficients, m.coefficients);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * channel.hashCode() + order) + Arrays.hashCode(coefficients);
  }

  @Override
  public String toString() {
    return "LinearAutoregression[channel="
        + channel
        + ", order="
        + order
        + ", horizon="
        + horizon
        + ", intercept="
        + intercept
        + ", coefficients="
        + Arrays.toString(coefficients)
        + "]";
  }
}
