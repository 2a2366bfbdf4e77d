package dev.hiss.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DashboardStoreTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final long DT = 10_000_000L; // 100 Hz
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final DashboardConfig config =
      DashboardConfig.defaults("unused:9092").withBounds(8, Duration.ofMinutes(10), 3);
  private final DashboardStore store = new DashboardStore(config, clock::get);

  private static SensorEvent sample(String id, long seq, double v) {
    return SensorEvent.of(id, T0 + seq * DT, seq, "x", v);
  }

  private static Prediction forecast(String id, long seq, double v, String model) {
    return new Prediction(id, seq, T0 + seq * DT, seq + 1, "x", v, model, 0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> channel(Map<String, Object> series, String ch) {
    return (Map<String, Object>) ((Map<String, Object>) series.get("channels")).get(ch);
  }

  @SuppressWarnings("unchecked")
  private static long[] times(Map<String, Object> channel, String kind) {
    return (long[]) ((Map<String, Object>) channel.get(kind)).get("t");
  }

  @Test
  void pairsForecastsWithTheirSamplesInEitherOrder() {
    store.onSensor(sample("d", 0, 1.0));
    store.onSensor(sample("d", 1, 2.0));
    store.onPrediction(forecast("d", 1, 2.5, "m1")); // forecasts seq 2: arrives before it
    store.onSensor(sample("d", 2, 3.0));
    store.onSensor(sample("d", 3, 5.0));
    store.onPrediction(forecast("d", 2, 4.0, "m2")); // forecasts seq 3: arrives after it
    Map<String, Object> d = store.devices(null, 0).get(0);
    assertEquals(1.0, (Double) d.get("latestError"), 1e-12);
    assertEquals(0.75, (Double) d.get("meanAbsError"), 1e-12);
    assertEquals(2L, d.get("predictions"));
    assertEquals("m2", d.get("model"));
    // both forecasts are drawn at the time of the sample they forecast
    long[] ft = times(channel(store.series("d", new HashMap<>()), "x"), "forecast");
    assertArrayEquals(new long[] {T0 + 2 * DT, T0 + 3 * DT}, ft);
    List<Map<String, Object>> models = store.models();
    assertEquals(2, models.size());
    Map<String, Object> m1 =
        models.stream().filter(m -> m.get("version").equals("m1")).findFirst().orElseThrow();
    assertEquals(1L, m1.get("scored"));
    assertEquals(0.5, (Double) m1.get("meanAbsError"), 1e-12);
  }

  @Test
  void seriesCursorsGiveEachReaderOnlyNewPoints() {
    store.onSensor(sample("d", 0, 1));
    store.onSensor(sample("d", 1, 2));
    store.onTruth(sample("d", 1, 1.9));
    store.onAlert(new Alert("d", T0, "k", "first", 1));
    Map<String, Long> cursors = new HashMap<>();
    Map<String, Object> all = store.series("d", cursors);
    assertEquals(2, times(channel(all, "x"), "raw").length);
    assertEquals(1, times(channel(all, "x"), "truth").length);
    assertEquals(1, ((List<?>) all.get("alerts")).size());
    store.onSensor(sample("d", 2, 3));
    Map<String, Object> delta = store.series("d", cursors);
    assertArrayEquals(new long[] {T0 + 2 * DT}, times(channel(delta, "x"), "raw"));
    assertEquals(0, times(channel(delta, "x"), "truth").length);
    assertEquals(0, ((List<?>) delta.get("alerts")).size());
    assertNull(store.series("nope", cursors));
  }

  @Test
  void boundsPointsAlertsAndChannelsPerDevice() {
    for (int i = 0; i < 100; i++) {
      store.onSensor(sample("d", i, i));
    }
    assertEquals(8, times(channel(store.series("d", new HashMap<>()), "x"), "raw").length);
    for (int i = 0; i < 300; i++) {
      store.onAlert(new Alert("d", T0 + i, "k", "a" + i, i));
    }
    Map<String, Object> s = store.devices(null, 0).get(0);
    assertEquals(300L, s.get("alertCount"));
    assertEquals("a299", s.get("lastAlert"));
    assertEquals(
        config.alertsPerDevice(),
        ((List<?>) store.series("d", new HashMap<>()).get("alerts")).size());
    Map<String, Double> many = new HashMap<>();
    for (int c = 0; c < 40; c++) {
      many.put("c" + c, 1.0);
    }
    store.onSensor(new SensorEvent(1, "wide", T0, 0, many));
    assertEquals(
        config.maxChannels(), ((List<?>) store.devices("wide", 0).get(0).get("channels")).size());
  }

  @Test
  void forgetsTheDeviceSeenLongestAgoBeyondMaxDevices() {
    for (String id : new String[] {"a", "b", "c"}) {
      clock.addAndGet(1000);
      store.onSensor(sample(id, 0, 1));
    }
    clock.addAndGet(1000);
    store.onSensor(sample("a", 1, 1)); // a is now the newest
    store.onSensor(sample("d", 0, 1)); // evicts b
    assertEquals(
        List.of("a", "c", "d"), store.devices(null, 0).stream().map(m -> m.get("id")).toList());
  }

  @Test
  void searchesByIdOrChannelAndReportsChangesSinceAStamp() {
    store.onSensor(SensorEvent.of("pump-1", T0, 0, "pressure", 1));
    store.onSensor(SensorEvent.of("ecg-1", T0, 0, "ecg_mV", 1));
    assertEquals("pump-1", store.devices("PRESS", 0).get(0).get("id"));
    assertEquals(1, store.devices("ecg", 0).size());
    assertEquals(2, store.devices("", 0).size());
    long stamp = store.stamp();
    assertEquals(0, store.devices(null, stamp).size());
    store.onSensor(SensorEvent.of("ecg-1", T0 + 1, 1, "ecg_mV", 2));
    assertEquals("ecg-1", store.devices(null, stamp).get(0).get("id"));
  }

  @Test
  void staleAfterTheConfiguredSilence() {
    store.onSensor(sample("d", 0, 1));
    assertEquals(false, store.devices(null, 0).get(0).get("stale"));
    clock.addAndGet(config.staleAfter().toMillis() + 1);
    assertEquals(true, store.devices(null, 0).get(0).get("stale"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void fleetRanksWorstDevicesAndBinsTheirErrors() {
    double[] errors = {0.05, 0.4, 1.2};
    for (int d = 0; d < 3; d++) {
      String id = "dev-" + d;
      store.onSensor(sample(id, 0, 0));
      store.onPrediction(forecast(id, 0, errors[d], "m"));
      store.onSensor(sample(id, 1, 0));
    }
    store.onAlert(new Alert("dev-1", T0, "k", "m", 0));
    Map<String, Object> fleet = store.fleet(2);
    assertEquals(3, fleet.get("devices"));
    assertEquals(1L, fleet.get("alerts"));
    List<Map<String, Object>> worst = (List<Map<String, Object>>) fleet.get("worst");
    assertEquals(List.of("dev-2", "dev-1"), worst.stream().map(m -> m.get("id")).toList());
    Map<String, Object> h = (Map<String, Object>) fleet.get("histogram");
    long[] counts = (long[]) h.get("counts");
    double[] edges = (double[]) h.get("edges");
    assertEquals(3, java.util.Arrays.stream(counts).sum());
    assertEquals(1, counts[0]); // 0.05 in [0, 0.1)
    assertEquals(1, counts[counts.length - 1]); // the maximum lands in the last bin
    assertEquals(1.2, edges[edges.length - 1], 1e-12);
  }

  @Test
  void countsRejectedRecords() {
    store.onRejected("hiss.alerts", "Invalid alert: missing field kind");
    assertEquals(1L, store.rejections().get("count"));
    assertTrue(store.rejections().get("last").toString().contains("missing field kind"));
  }
}
