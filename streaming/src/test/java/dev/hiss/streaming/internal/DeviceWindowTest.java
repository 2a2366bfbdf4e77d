package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.streaming.AnomalySettings;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeviceWindowTest {
  private static final AnomalySettings SETTINGS = new AnomalySettings(4, 30, 0.1);

  @Test
  void roundTripKeepsWindowAndAnomalyState() {
    DeviceWindow w = new DeviceWindow(3);
    w.lastSeq = 41;
    w.lastTsNs = 7;
    for (double v : new double[] {1, 2, 3, 4}) {
      w.push(v);
    }
    w.monitor.expect(43, 4.5);
    w.monitor.observe(42, 1, SETTINGS); // drops nothing: 43 still pending
    DeviceWindow back = DeviceWindow.fromBytes(w.toBytes(), 3);
    assertEquals(41, back.lastSeq);
    assertEquals(4, back.count);
    assertEquals(w.head, back.head);
    assertArrayEquals(w.ring, back.ring);
    assertNotNull(back.monitor.observe(43, 5, SETTINGS), "pending forecast survived");
    assertNull(back.monitor.observe(44, 5, SETTINGS));
  }

  @Test
  void stateWrittenByVersion1StillLoads() {
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 4 * 2 + 8 * 2);
    b.put((byte) 1).putLong(9).putLong(100).putLong(2).putInt(1).putInt(2);
    b.putDouble(0.5).putDouble(0.25);
    DeviceWindow w = DeviceWindow.fromBytes(b.array(), 2);
    assertEquals(9, w.lastSeq);
    assertEquals(2, w.count);
    assertArrayEquals(new double[] {0.5, 0.25}, w.ring);
    assertEquals(0, w.monitor.residuals);
  }

  @Test
  void anotherModelOrderKeepsOrderingAndAnomalyStateButReWarms() {
    DeviceWindow w = new DeviceWindow(2);
    w.lastSeq = 5;
    w.push(1);
    w.push(2);
    w.monitor.residuals = 12;
    DeviceWindow back = DeviceWindow.fromBytes(w.toBytes(), 3);
    assertEquals(5, back.lastSeq);
    assertEquals(0, back.count);
    assertEquals(12, back.monitor.residuals);
  }

  @Test
  void aForecastWithItsPredictedSdWritesVersion3AndTheSdRuleJudgesIt() {
    DeviceWindow w = new DeviceWindow(2);
    w.lastSeq = 10;
    w.hissState = new float[] {1.5f, -2f, 0.25f};
    w.monitor.expect(12, 4.5, 0.25);
    w.monitor.expect(13, 4.0); // a point forecast next to it keeps no sd
    byte[] bytes = w.toBytes();
    assertEquals(3, bytes[0], "layout version 3 while a forecast with an sd waits");
    DeviceWindow back = DeviceWindow.fromBytes(bytes, 2);
    assertArrayEquals(w.hissState, back.hissState);
    ResidualMonitor.Residual r = back.monitor.observe(12, 4.5 + 1.1, SETTINGS);
    assertEquals(ResidualMonitor.Rule.PREDICTED_SD, r.rule());
    assertEquals(1.0, r.threshold(), 1e-12); // 4 × 0.25
    assertTrue(r.anomaly(), "|1.1| > 4 × 0.25, on the first residual (no warm-up)");
    ResidualMonitor.Residual point = back.monitor.observe(13, 400, SETTINGS);
    assertEquals(ResidualMonitor.Rule.RUNNING_STATS, point.rule());
    assertFalse(point.anomaly(), "the running rule still warms up");
    assertEquals(2, back.toBytes()[0], "nothing waits with an sd: version-2 bytes again");
  }

  @Test
  void theSdRuleStaysQuietWithinKPredictedSd() {
    ResidualMonitor m = new ResidualMonitor();
    m.expect(5, 10, 2);
    ResidualMonitor.Residual r = m.observe(5, 10 - 7.9, SETTINGS); // |r| = 7.9 < 4 × 2
    assertEquals(ResidualMonitor.Rule.PREDICTED_SD, r.rule());
    assertFalse(r.anomaly());
    m.expect(6, 10, 0); // sd 0 is no usable spread: the running rule judges
    assertEquals(ResidualMonitor.Rule.RUNNING_STATS, m.observe(6, 10, SETTINGS).rule());
  }

  @Test
  void settingsValidateTheSdThreshold() {
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class, () -> new AnomalySettings(4, 30, 0.1, Double.NaN));
    assertEquals("Invalid stdDevK = NaN; must be > 0 and finite", ex.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new AnomalySettings(4, 30, 0.1, -1));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AnomalySettings(4, 30, 0.1, Double.POSITIVE_INFINITY));
    assertEquals(4.0, AnomalySettings.DEFAULT.stdDevK());
    assertEquals(4.0, new AnomalySettings(3, 30, 0.1).stdDevK());
  }

  private static final AnomalySettings OWN_INTERVAL = new AnomalySettings(4, 30, 0.1, 4, 1);

  @Test
  void aForecastWithAnIntervalWritesVersion4AndTheIntervalRuleJudgesIt() {
    DeviceWindow w = new DeviceWindow(2);
    w.lastSeq = 10;
    w.hissState = new float[] {1.5f, -2f};
    w.monitor.expect(12, 5.0, Double.NaN, 4.0, 7.0, 0.8); // median 5, 80 % interval [4, 7]
    w.monitor.expect(13, 4.0); // a point forecast next to it keeps no interval
    byte[] bytes = w.toBytes();
    assertEquals(4, bytes[0], "layout version 4 while a forecast with an interval waits");
    // version 2 plus lower, upper, level (24 bytes) for each of the 2 waiting forecasts
    assertEquals(DeviceStateSizeTest.hissBytes(2, 2, 2) + 2 * 24, bytes.length);
    DeviceWindow back = DeviceWindow.fromBytes(bytes, 2);
    assertArrayEquals(w.hissState, back.hissState);
    ResidualMonitor.Residual r = back.monitor.observe(12, 7.5, OWN_INTERVAL);
    assertEquals(ResidualMonitor.Rule.QUANTILE_INTERVAL, r.rule());
    assertEquals("quantile-interval", r.rule().kind());
    assertTrue(r.anomaly(), "7.5 > 7, on the first residual (no warm-up)");
    assertEquals(2.5, r.value(), 0);
    assertEquals(2.0, r.threshold(), 0); // the upper bound's distance from the median
    assertEquals(4.0, r.lower(), 0);
    assertEquals(7.0, r.upper(), 0);
    assertEquals(0.8, r.level(), 0);
    ResidualMonitor.Residual point = back.monitor.observe(13, 400, OWN_INTERVAL);
    assertEquals(ResidualMonitor.Rule.RUNNING_STATS, point.rule());
    assertFalse(point.anomaly(), "the running rule still warms up");
    assertEquals(2, back.toBytes()[0], "nothing waits with an interval: version-2 bytes again");
  }

  @Test
  void theIntervalRuleComparesWithTheBoundsNotTheMedian() {
    ResidualMonitor m = new ResidualMonitor();
    for (double actual : new double[] {4.0, 4.01, 6.99, 7.0}) {
      m.expect(1, 5.0, Double.NaN, 4.0, 7.0, 0.8);
      ResidualMonitor.Residual r = m.observe(1, actual, OWN_INTERVAL);
      assertFalse(r.anomaly(), actual + " is within [4, 7]");
      assertEquals(actual < 5 ? 1.0 : 2.0, r.threshold(), 0, "the bound on the residual's side");
    }
    m.expect(2, 5.0, Double.NaN, 4.0, 7.0, 0.8);
    assertTrue(m.observe(2, 3.99, OWN_INTERVAL).anomaly());
    // widened 3× about the median: [5 − 3·1, 5 + 3·2] = [2, 11]
    AnomalySettings wide = new AnomalySettings(4, 30, 0.1, 4, 3);
    double[][] cases = {{2.0, 0}, {1.99, 1}, {11.0, 0}, {11.01, 1}, {3.0, 0}, {8.0, 0}};
    for (double[] c : cases) {
      m.expect(3, 5.0, Double.NaN, 4.0, 7.0, 0.8);
      ResidualMonitor.Residual r = m.observe(3, c[0], wide);
      assertEquals(c[1] == 1, r.anomaly(), "actual " + c[0]);
      assertEquals(c[0] < 5 ? 3.0 : 6.0, r.threshold(), 0);
    }
  }

  @Test
  void aGaussianAndAQuantileForecastWaitingTogetherWriteVersion5() {
    DeviceWindow w = new DeviceWindow(2);
    w.monitor.expect(12, 4.5, 0.25); // before a model swap
    w.monitor.expect(22, 5.0, Double.NaN, 4.0, 7.0, 0.8); // after it
    byte[] bytes = w.toBytes();
    assertEquals(5, bytes[0]);
    assertEquals(DeviceStateSizeTest.autoregressionBytes(2, 2) + 2 * 8 + 2 * 24, bytes.length);
    DeviceWindow back = DeviceWindow.fromBytes(bytes, 2);
    ResidualMonitor.Residual sd = back.monitor.observe(12, 4.5 + 1.1, OWN_INTERVAL);
    assertEquals(ResidualMonitor.Rule.PREDICTED_SD, sd.rule());
    assertTrue(sd.anomaly());
    ResidualMonitor.Residual q = back.monitor.observe(22, 3.0, OWN_INTERVAL);
    assertEquals(ResidualMonitor.Rule.QUANTILE_INTERVAL, q.rule());
    assertTrue(q.anomaly());
  }

  @Test
  void stateWrittenByVersion3BeforeIntervalsStillLoads() {
    // [3][lastSeq][lastTsNs][count][head][order=1][ring][1 pending: seq, value][sd][residuals]
    // [mean][var][lastRecordMs]: the bytes of a Gaussian-head device before the interval rule
    ByteBuffer b = ByteBuffer.allocate(1 + 8 * 3 + 4 * 2 + 8 + 4 + 16 + 8 + 24 + 8);
    b.put((byte) 3).putLong(9).putLong(100).putLong(1).putInt(0).putInt(1).putDouble(0.5);
    b.putInt(1).putLong(11).putDouble(2.0).putDouble(0.5);
    b.putLong(7).putDouble(0.1).putDouble(0.04).putLong(1234);
    DeviceWindow w = DeviceWindow.fromBytes(b.array(), 1);
    assertEquals(9, w.lastSeq);
    assertEquals(1234, w.lastRecordMs);
    assertEquals(7, w.monitor.residuals);
    assertFalse(w.monitor.hasInterval());
    ResidualMonitor.Residual r = w.monitor.observe(11, 4.5, OWN_INTERVAL);
    assertEquals(ResidualMonitor.Rule.PREDICTED_SD, r.rule());
    assertEquals(2.0, r.threshold(), 0); // 4 × 0.5
    assertTrue(r.anomaly());
    assertArrayEquals(b.array(), reWritten(b.array()), "an unchanged v3 state writes the same");
  }

  private static byte[] reWritten(byte[] bytes) {
    return DeviceWindow.fromBytes(bytes, 1).toBytes();
  }

  @Test
  void intervalsSurviveTheRingGrowingAndWrappingAfterPointForecasts() {
    ResidualMonitor m = new ResidualMonitor();
    m.expect(0, 1.0); // point forecasts wait before the first interval arrives
    m.expect(1, 1.0);
    int n = ResidualMonitor.MAX_PENDING + 10; // grows 4 → 64, then drops the oldest
    for (int i = 2; i < n; i++) {
      m.expect(i, i, Double.NaN, i - 1, i + 2, 0.5);
    }
    ResidualMonitor back = new ResidualMonitor();
    ByteBuffer b = ByteBuffer.allocate(m.bytes(false, true));
    m.write(b, false, true);
    back.read(b.flip(), false, true);
    for (int i = n - ResidualMonitor.MAX_PENDING; i < n; i++) {
      ResidualMonitor.Residual r = back.observe(i, i + 2.5, OWN_INTERVAL);
      assertEquals(ResidualMonitor.Rule.QUANTILE_INTERVAL, r.rule(), "seq " + i);
      assertEquals(i - 1, r.lower(), 0);
      assertEquals(i + 2, r.upper(), 0);
      assertTrue(r.anomaly(), "seq " + i);
    }
  }

  @Test
  void settingsValidateTheIntervalWidening() {
    IllegalArgumentException ex =
        assertThrows(IllegalArgumentException.class, () -> new AnomalySettings(4, 30, 0.1, 4, 0.5));
    assertEquals("Invalid intervalK = 0.5; must be >= 1 and finite", ex.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> new AnomalySettings(4, 30, 0.1, 4, Double.NaN));
    assertThrows(
        IllegalArgumentException.class,
        () -> new AnomalySettings(4, 30, 0.1, 4, Double.POSITIVE_INFINITY));
    assertEquals(1.0, new AnomalySettings(4, 30, 0.1, 4, 1).intervalK());
    assertEquals(3.0, AnomalySettings.DEFAULT.intervalK());
    assertEquals(3.0, new AnomalySettings(4, 30, 0.1).intervalK());
  }
}
