package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.internal.InverseNormal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PredictionTest {

  @Test
  void roundTripsSpanAndStandardDeviation() {
    Prediction p = new Prediction("dev-1", 99, 123L, 109, "ecg", 0.25, "abc", 42, 10, 0.5);
    Prediction back = Prediction.decode(p.encode());
    assertEquals(p, back);
    assertTrue(back.probabilistic());
  }

  @Test
  void recordsWrittenBeforeSpanAndStdStillDecode() {
    String old =
        "{\"deviceId\":\"d\",\"seq\":5,\"timestampNs\":7,\"targetSeq\":11,\"channel\":\"ecg\","
            + "\"predicted\":1.5,\"modelVersion\":\"v\",\"scoringNanos\":3}";
    Prediction p = Prediction.decode(old.getBytes(StandardCharsets.UTF_8));
    assertEquals(1, p.targetSpan());
    assertTrue(Double.isNaN(p.stdDev()));
    assertFalse(p.probabilistic());
    assertNull(p.interval(0.9));
    // a point forecast writes neither optional field
    String json = new String(p.encode(), StandardCharsets.UTF_8);
    assertFalse(json.contains("targetSpan"), json);
    assertFalse(json.contains("stdDev"), json);
  }

  @Test
  void intervalUsesTheNormalQuantile() {
    Prediction p = new Prediction("d", 1, 1, 2, "c", 10.0, "v", 0, 1, 2.0);
    double z90 = 1.6448536269514722;
    assertArrayEquals(new double[] {10 - 2 * z90, 10 + 2 * z90}, p.interval(0.9), 1e-8);
    assertThrows(IllegalArgumentException.class, () -> p.interval(1.0));
  }

  @Test
  void rejectsInvalidSpanAndStd() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Prediction("d", 1, 1, 2, "c", 1, "v", 0, 0, Double.NaN));
    assertTrue(e.getMessage().contains("targetSpan = 0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Prediction("d", 1, 1, 2, "c", 1, "v", 0, 1, -0.1));
    assertTrue(e.getMessage().contains("stdDev = -0.1"), e.getMessage());
  }

  private static Prediction.Quantiles q(double[] levels, double[] values) {
    return new Prediction.Quantiles(levels, values);
  }

  private static Prediction withQuantiles(double sd, Prediction.Quantiles q) {
    return new Prediction("d", 4, 9, 12, "y", 2.0, "v", 5, 8, sd, q);
  }

  @Test
  void roundTripsQuantiles() {
    Prediction p =
        withQuantiles(
            Double.NaN,
            q(new double[] {0.05, 0.5, 0.95}, new double[] {-1.2345678806304932, 2.0, 3.25e7}));
    String json = new String(p.encode(), StandardCharsets.UTF_8);
    assertTrue(
        json.contains(
            "\"quantiles\":{\"levels\":[0.05,0.5,0.95],"
                + "\"values\":[-1.2345678806304932,2.0,3.25E7]}"),
        json);
    Prediction back = Prediction.decode(p.encode());
    assertEquals(p, back);
    assertEquals(p.hashCode(), back.hashCode());
    assertArrayEquals(new double[] {0.05, 0.5, 0.95}, back.quantiles().levels());
    assertArrayEquals(new double[] {-1.2345678806304932, 2.0, 3.25e7}, back.quantiles().values());
    assertFalse(back.probabilistic()); // no standard deviation
    // equality is by content, and a different value is a different forecast
    assertNotEquals(
        p,
        withQuantiles(
            Double.NaN,
            q(new double[] {0.05, 0.5, 0.95}, new double[] {-1.2345678806304932, 2.0, 3.3e7})));
    assertEquals(
        "Quantiles[levels=[0.05, 0.5, 0.95], values=[-1.2345678806304932, 2.0, 3.25E7]]",
        p.quantiles().toString());
    // with a standard deviation as well
    Prediction both = withQuantiles(0.5, p.quantiles());
    assertEquals(both, Prediction.decode(both.encode()));
  }

  @Test
  void quantilesAreImmutable() {
    double[] levels = {0.1, 0.9};
    double[] values = {1, 2};
    Prediction.Quantiles q = q(levels, values);
    levels[0] = 0.2;
    values[0] = -5;
    q.values()[1] = 7;
    assertArrayEquals(new double[] {0.1, 0.9}, q.levels());
    assertArrayEquals(new double[] {1, 2}, q.values());
  }

  @Test
  void recordsWrittenBeforeQuantilesStillDecodeAndUnknownFieldsAreIgnored() {
    // a Gaussian-head record as the scorer wrote it before quantiles existed
    String old =
        "{\"deviceId\":\"d\",\"seq\":5,\"timestampNs\":7,\"targetSeq\":13,\"channel\":\"y\","
            + "\"predicted\":1.5,\"modelVersion\":\"v\",\"scoringNanos\":3,\"targetSpan\":8,"
            + "\"stdDev\":0.25}";
    Prediction p = Prediction.decode(old.getBytes(StandardCharsets.UTF_8));
    assertNull(p.quantiles());
    assertEquals(new Prediction("d", 5, 7, 13, "y", 1.5, "v", 3, 8, 0.25), p);
    assertFalse(new String(p.encode(), StandardCharsets.UTF_8).contains("quantiles"));
    // a reader skips fields it does not know (as an older reader skips "quantiles")
    String newer = old.replace("}", ",\"calibration\":{\"levels\":[0.5],\"pit\":[1]}}");
    assertEquals(p, Prediction.decode(newer.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void intervalUsesTheQuantilesWhenItHasBothLevels() {
    Prediction.Quantiles qs =
        q(new double[] {0.05, 0.1, 0.5, 0.9, 0.95}, new double[] {-3, -1, 2, 4, 9});
    Prediction p = withQuantiles(2.0, qs);
    assertArrayEquals(new double[] {-1, 4}, p.interval(0.8), 0); // asymmetric, from the quantiles
    assertArrayEquals(new double[] {-3, 9}, p.interval(0.9), 0);
    // a level the quantiles lack falls back to the Gaussian interval
    double z50 = 0.6744897501960817;
    assertArrayEquals(new double[] {2 - 2 * z50, 2 + 2 * z50}, p.interval(0.5), 1e-8);
    // no standard deviation and no matching levels: no interval
    assertNull(withQuantiles(Double.NaN, qs).interval(0.5));
    assertArrayEquals(new double[] {-1, 4}, withQuantiles(Double.NaN, qs).interval(0.8), 0);
    // levels within 1e-9 match (1 - 0.8) / 2 = 0.09999999999999998 in double
    Prediction near =
        withQuantiles(Double.NaN, q(new double[] {0.1 + 5e-10, 0.9}, new double[] {1, 2}));
    assertArrayEquals(new double[] {1, 2}, near.interval(0.8), 0);
    assertNull(
        withQuantiles(Double.NaN, q(new double[] {0.1 + 5e-9, 0.9}, new double[] {1, 2}))
            .interval(0.8));
  }

  @Test
  void rejectsInvalidQuantilesNamingFieldAndValue() {
    assertMessage(
        "Invalid quantiles.levels = [0.5, 0.5]; must be strictly increasing, each in (0, 1)",
        () -> q(new double[] {0.5, 0.5}, new double[] {1, 2}));
    assertMessage(
        "Invalid quantiles.levels = [0.0, 0.5]; must be strictly increasing, each in (0, 1)",
        () -> q(new double[] {0, 0.5}, new double[] {1, 2}));
    assertMessage(
        "Invalid quantiles.levels = [0.5, 1.0]; must be strictly increasing, each in (0, 1)",
        () -> q(new double[] {0.5, 1}, new double[] {1, 2}));
    assertMessage(
        "Invalid quantiles.levels = [NaN]; must be strictly increasing, each in (0, 1)",
        () -> q(new double[] {Double.NaN}, new double[] {1}));
    assertMessage(
        "Invalid quantiles.levels = []; need at least one level in (0, 1)",
        () -> q(new double[0], new double[0]));
    assertMessage(
        "Invalid quantiles.values length = 1; must equal the levels length 2",
        () -> q(new double[] {0.1, 0.9}, new double[] {1}));
    assertMessage(
        "Invalid quantiles.values[1] = NaN; must be finite",
        () -> q(new double[] {0.1, 0.9}, new double[] {1, Double.NaN}));
    assertMessage(
        "Invalid quantiles.values[0] = -Infinity; must be finite",
        () -> q(new double[] {0.1, 0.9}, new double[] {Double.NEGATIVE_INFINITY, 1}));
    assertMessage(
        "Invalid quantiles.values = [2.0, 1.0]; must be non-decreasing with the level",
        () -> q(new double[] {0.1, 0.9}, new double[] {2, 1}));
    // malformed JSON quantiles are rejected by decode, naming the field
    String base =
        "{\"deviceId\":\"d\",\"seq\":5,\"timestampNs\":7,\"targetSeq\":13,\"channel\":\"y\","
            + "\"predicted\":1.5,\"modelVersion\":\"v\",\"quantiles\":";
    assertMessage(
        "Invalid prediction: quantiles = [0.5]; must be an object with levels and values",
        () -> Prediction.decode((base + "[0.5]}").getBytes(StandardCharsets.UTF_8)));
    assertMessage(
        "Invalid prediction: quantiles.values = null; must be an array of numbers",
        () -> Prediction.decode((base + "{\"levels\":[0.5]}}").getBytes(StandardCharsets.UTF_8)));
    assertMessage(
        "Invalid prediction: quantiles.values[0] = \"x\"; must be a number",
        () ->
            Prediction.decode(
                (base + "{\"levels\":[0.5],\"values\":[\"x\"]}}")
                    .getBytes(StandardCharsets.UTF_8)));
    assertMessage(
        "Invalid quantiles.levels = [0.9, 0.1]; must be strictly increasing, each in (0, 1)",
        () ->
            Prediction.decode(
                (base + "{\"levels\":[0.9,0.1],\"values\":[1,2]}}")
                    .getBytes(StandardCharsets.UTF_8)));
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }

  @Test
  void inverseNormalMatchesTabulatedQuantiles() {
    // Φ⁻¹ at tabulated points (Abramowitz & Stegun 26.2, more digits from R's qnorm)
    double[][] table = {
      {0.5, 0.0},
      {0.975, 1.959963984540054},
      {0.995, 2.5758293035489004},
      {0.999, 3.090232306167813},
      {0.01, -2.3263478740408408},
      {1e-6, -4.753424308822899},
      {0.3, -0.5244005127080407}
    };
    for (double[] row : table) {
      assertEquals(row[1], InverseNormal.quantile(row[0]), 1e-8 * Math.max(1, Math.abs(row[1])));
    }
    assertThrows(IllegalArgumentException.class, () -> InverseNormal.quantile(0));
    assertThrows(IllegalArgumentException.class, () -> InverseNormal.quantile(Double.NaN));
  }

  @Test
  void theWidestCentralPairOfQuantileLevels() {
    assertArrayEquals(
        new int[] {0, 4},
        Prediction.Quantiles.centralPair(new double[] {0.05, 0.1, 0.5, 0.9, 0.95}));
    assertArrayEquals(
        new int[] {1, 3}, Prediction.Quantiles.centralPair(new double[] {0.05, 0.1, 0.5, 0.9}));
    assertArrayEquals(
        new int[] {0, 2}, Prediction.Quantiles.centralPair(new double[] {0.1, 0.5, 0.9 + 5e-10}));
    assertNull(Prediction.Quantiles.centralPair(new double[] {0.1, 0.5, 0.9 + 1e-8}));
    assertNull(Prediction.Quantiles.centralPair(new double[] {0.5}));
    assertArrayEquals(
        new int[] {0, 2},
        new Prediction.Quantiles(new double[] {0.2, 0.5, 0.8}, new double[] {1, 2, 3})
            .centralPair());
  }
}
