package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
}
