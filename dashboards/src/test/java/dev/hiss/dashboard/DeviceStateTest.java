package dev.hiss.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Span-aware pairing of forecasts with samples, and the forecast series with its interval. */
class DeviceStateTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final long DT = 10_000_000L; // 100 Hz
  private final DeviceState d = new DeviceState("d", DashboardConfig.defaults("unused:9092"));
  private long stamp;

  private List<DeviceState.Scored> sample(long seq, double v) {
    return d.onSensor(SensorEvent.of("d", T0 + seq * DT, seq, "x", v), 0, ++stamp);
  }

  private DeviceState.Scored forecast(long seq, long targetSeq, int span, double v, double sd) {
    Prediction p = new Prediction("d", seq, T0 + seq * DT, targetSeq, "x", v, "m", 0, span, sd);
    return d.onPrediction(p, 0, ++stamp);
  }

  private DeviceState.Scored quantileForecast(
      long seq, long targetSeq, double v, double sd, double[] levels, double[] values) {
    Prediction p =
        new Prediction(
            "d",
            seq,
            T0 + seq * DT,
            targetSeq,
            "x",
            v,
            "q",
            0,
            1,
            sd,
            new Prediction.Quantiles(levels, values));
    return d.onPrediction(p, 0, ++stamp);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> series(String kind) {
    Map<String, Object> chans = (Map<String, Object>) d.series(new HashMap<>()).get("channels");
    return (Map<String, Object>) ((Map<String, Object>) chans.get("x")).get(kind);
  }

  @Test
  void aSpanForecastIsScoredAgainstTheMeanOfItsSamplesOnceAllArrived() {
    for (int s = 0; s <= 3; s++) {
      sample(s, 100); // far from the forecast: any of them in the mean would show
    }
    // at seq 3: the mean of samples 4..7 will be 2.5
    assertNull(forecast(3, 7, 4, 2.5, Double.NaN));
    assertEquals(List.of(), sample(4, 1));
    assertEquals(List.of(), sample(5, 2));
    assertEquals(List.of(), sample(6, 3));
    List<DeviceState.Scored> scored = sample(7, 6); // mean 3
    assertEquals(List.of(new DeviceState.Scored("m", 0.5)), scored);
    assertArrayEquals(new long[] {T0 + 7 * DT}, (long[]) series("error").get("t"));
    assertEquals(0.5, (Double) d.summary(0).get("latestError"));
    // drawn as a step from the first to the last sample of the span (times from the period)
    Map<String, Object> f = series("forecast");
    assertArrayEquals(new long[] {T0 + 7 * DT}, (long[]) f.get("t"));
    assertArrayEquals(new long[] {T0 + 4 * DT}, (long[]) f.get("from"));
    assertArrayEquals(new int[] {4}, (int[]) f.get("span"));
    assertArrayEquals(new Object[] {null}, (Object[]) f.get("lower"));
    assertArrayEquals(new Object[] {null}, (Object[]) f.get("upper"));
  }

  @Test
  void aSpanForecastArrivingAfterItsSamplesIsScoredAtOnceAndDrawnAtTheirTimes() {
    double[] v = {0, 1.5, 2.5, 4, 8};
    for (int s = 0; s < v.length; s++) {
      sample(s, v[s]);
    }
    // the mean of samples 2..4 is 14.5 / 3; the forecast 5 is off by 1/6
    DeviceState.Scored s = forecast(1, 4, 3, 5.0, Double.NaN);
    assertEquals("m", s.model());
    assertEquals(5.0 - 14.5 / 3, s.absError(), 1e-15);
    Map<String, Object> f = series("forecast");
    assertArrayEquals(new long[] {T0 + 4 * DT}, (long[]) f.get("t"));
    assertArrayEquals(new long[] {T0 + 2 * DT}, (long[]) f.get("from"));
  }

  @Test
  void aSpanForecastReadBeforeAnySampleIsDrawnAtItsSpanOnceThePeriodIsKnown() {
    // the prediction topic was read ahead of the sensor topic: no sample, no period yet
    assertNull(forecast(1, 5, 4, 3.0, Double.NaN));
    assertArrayEquals(new long[0], (long[]) series("forecast").get("t"));
    assertEquals(List.of(), sample(0, 0)); // one sample: still no period
    assertArrayEquals(new long[0], (long[]) series("forecast").get("t"));
    assertEquals(List.of(), sample(1, 0)); // the period is known: drawn at samples 2..5
    Map<String, Object> f = series("forecast");
    assertArrayEquals(new long[] {T0 + 5 * DT}, (long[]) f.get("t"));
    assertArrayEquals(new long[] {T0 + 2 * DT}, (long[]) f.get("from"));
    sample(2, 2);
    sample(3, 2);
    sample(4, 4);
    assertEquals(List.of(new DeviceState.Scored("m", 0.0)), sample(5, 4)); // mean 3, scored
  }

  @Test
  void samplesOfTheSpanMayArriveInAnyOrder() {
    sample(0, 0);
    assertNull(forecast(0, 4, 4, 1.0, Double.NaN)); // samples 1..4
    assertEquals(List.of(), sample(4, 4));
    assertEquals(List.of(), sample(2, 2));
    assertEquals(List.of(), sample(3, 2));
    // 1 was the last one missing: mean (1 + 2 + 2 + 4) / 4 = 2.25
    assertEquals(List.of(new DeviceState.Scored("m", 1.25)), sample(1, 1));
  }

  @Test
  void aSpanOneForecastIsTheSampleItself() {
    sample(0, 1);
    assertNull(forecast(0, 1, 1, 2.5, Double.NaN));
    assertEquals(List.of(new DeviceState.Scored("m", 0.5)), sample(1, 3));
    Map<String, Object> f = series("forecast");
    assertArrayEquals((long[]) f.get("t"), (long[]) f.get("from"));
  }

  @Test
  void forecastsThatCannotBeScoredAreDrawnButNeverWait() {
    sample(0, 1);
    assertNull(forecast(0, -1, 1, 1, Double.NaN)); // no sample number
    assertNull(forecast(0, 2, 4, 1, Double.NaN)); // would start at sample -1
    assertNull(forecast(0, 5000, DeviceState.PAIRING_WINDOW + 1, 1, Double.NaN)); // too long
    for (int s = 1; s <= 5000; s++) {
      assertEquals(List.of(), sample(s, 1), "seq " + s);
    }
    assertEquals(3, ((long[]) series("forecast").get("t")).length);
    assertEquals(0, ((long[]) series("error").get("t")).length);
  }

  @Test
  void forecastsWaitingOnOneSampleAreBounded() {
    sample(0, 0);
    int n = DeviceState.PENDING_PER_SAMPLE + 3;
    for (int i = 0; i < n; i++) {
      assertNull(forecast(0, 2, 2, i, Double.NaN));
    }
    sample(1, 1);
    // samples 1 and 2 have mean 2; the oldest 3 forecasts (0, 1, 2) were dropped
    List<DeviceState.Scored> scored = sample(2, 3);
    assertEquals(DeviceState.PENDING_PER_SAMPLE, scored.size());
    for (int i = 0; i < scored.size(); i++) {
      assertEquals(Math.abs(i + 3 - 2.0), scored.get(i).absError(), 0.0, "forecast " + (i + 3));
    }
  }

  @Test
  void probabilisticForecastsCarryTheirNinetyPercentInterval() {
    sample(0, 1);
    sample(1, 1);
    forecast(1, 2, 1, 2.0, 0.5);
    forecast(1, 3, 1, 3.0, Double.NaN);
    forecast(1, 5, 4, 4.0, 0.0);
    Map<String, Object> f = series("forecast");
    Object[] lower = (Object[]) f.get("lower");
    Object[] upper = (Object[]) f.get("upper");
    double[] contract = new Prediction("d", 1, T0, 2, "x", 2.0, "m", 0, 1, 0.5).interval(0.9);
    assertEquals(contract[0], (Double) lower[0], 1e-12);
    assertEquals(contract[1], (Double) upper[0], 1e-12);
    double z = 1.6448536269514722; // the standard normal's 95% quantile
    assertEquals(2.0 - z * 0.5, (Double) lower[0], 1e-8); // the contract's quantile: ~1e-9
    assertEquals(2.0 + z * 0.5, (Double) upper[0], 1e-8);
    assertNull(lower[1]);
    assertNull(upper[1]);
    assertEquals(4.0, (Double) lower[2]);
    assertEquals(4.0, (Double) upper[2]);
    assertTrue((Double) upper[0] - (Double) lower[0] > 1.6);
    assertArrayEquals(new Object[] {0.9, null, 0.9}, (Object[]) f.get("level"));
  }

  @Test
  void quantileForecastsKeepTheirAsymmetricBandFromTheWidestCentralPair() {
    sample(0, 1);
    sample(1, 1);
    // 0.05 has no 0.95 partner: the widest central pair is 0.1 / 0.9, an 80% band, skewed up
    quantileForecast(
        1, 2, 2.0, Double.NaN, new double[] {0.05, 0.1, 0.5, 0.9}, new double[] {0, 1.5, 2, 4.25});
    // a 0.95 partner within 1e-9 of 1 − 0.05: the 90% band, skewed down; the stdDev is not used
    quantileForecast(
        1,
        3,
        3.0,
        7.0,
        new double[] {0.05, 0.25, 0.5, 0.75, 0.95 + 5e-10},
        new double[] {-1, 2.5, 3, 3.25, 3.5});
    // the Gaussian band of a stdDev is symmetric
    forecast(1, 4, 1, 4.0, 0.5);
    Map<String, Object> f = series("forecast");
    assertArrayEquals(new Object[] {2.0, 3.0, 4.0}, (Object[]) f.get("v"));
    Object[] lower = (Object[]) f.get("lower");
    Object[] upper = (Object[]) f.get("upper");
    Object[] level = (Object[]) f.get("level");
    assertEquals(1.5, lower[0]);
    assertEquals(4.25, upper[0]);
    assertEquals(0.8, level[0]);
    assertEquals(-1.0, lower[1]);
    assertEquals(3.5, upper[1]);
    assertEquals(0.9, level[1]);
    double[] gauss = new Prediction("d", 1, T0, 4, "x", 4.0, "m", 0, 1, 0.5).interval(0.9);
    assertEquals(gauss[0], lower[2]);
    assertEquals(gauss[1], upper[2]);
    assertEquals(0.9, level[2]);
    assertEquals(4.0 - (Double) lower[2], (Double) upper[2] - 4.0, 1e-12);
  }

  @Test
  void quantilesWithoutACentralPairGiveNoBandUnlessThereIsAStdDev() {
    sample(0, 1);
    sample(1, 1);
    quantileForecast(1, 2, 2.0, Double.NaN, new double[] {0.5}, new double[] {2});
    quantileForecast(1, 3, 3.0, Double.NaN, new double[] {0.1, 0.5, 0.8}, new double[] {1, 3, 4});
    // the median alone with a stdDev: the Gaussian 90% interval, as Prediction.interval(0.9)
    quantileForecast(1, 4, 4.0, 0.5, new double[] {0.5}, new double[] {4});
    Map<String, Object> f = series("forecast");
    Object[] lower = (Object[]) f.get("lower");
    Object[] upper = (Object[]) f.get("upper");
    Object[] level = (Object[]) f.get("level");
    for (int i = 0; i < 2; i++) {
      assertNull(lower[i], "forecast " + i);
      assertNull(upper[i], "forecast " + i);
      assertNull(level[i], "forecast " + i);
    }
    double[] gauss = new Prediction("d", 1, T0, 4, "x", 4.0, "m", 0, 1, 0.5).interval(0.9);
    assertEquals(gauss[0], lower[2]);
    assertEquals(gauss[1], upper[2]);
    assertEquals(0.9, level[2]);
  }

  @Test
  void aForecastValueThatIsNotFiniteHasNoBand() {
    sample(0, 1);
    sample(1, 1);
    forecast(1, 2, 1, Double.NaN, 0.5);
    forecast(1, 3, 1, Double.POSITIVE_INFINITY, 0.5);
    Map<String, Object> f = series("forecast");
    assertArrayEquals(new Object[] {null, null}, (Object[]) f.get("lower"));
    assertArrayEquals(new Object[] {null, null}, (Object[]) f.get("upper"));
    assertArrayEquals(new Object[] {null, null}, (Object[]) f.get("level"));
  }

  @Test
  void quantileForecastsAreScoredByTheirMedianAsBefore() {
    sample(0, 1);
    quantileForecast(0, 1, 2.0, Double.NaN, new double[] {0.1, 0.5, 0.9}, new double[] {0, 2, 9});
    // scored against the sample, by the forecast value: the skewed band does not move it
    assertEquals(List.of(new DeviceState.Scored("q", 0.5)), sample(1, 2.5));
  }
}
