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
}
