package dev.hiss.streaming.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class DeviceWindowTest {
  @Test
  void roundTripKeepsWindowAndAnomalyState() {
    DeviceWindow w = new DeviceWindow(3);
    w.lastSeq = 41;
    w.lastTsNs = 7;
    for (double v : new double[] {1, 2, 3, 4}) {
      w.push(v);
    }
    w.monitor.expect(43, 4.5);
    w.monitor.observe(42, 1, 4, 30, 0.1); // drops nothing: 43 still pending
    DeviceWindow back = DeviceWindow.fromBytes(w.toBytes(), 3);
    assertEquals(41, back.lastSeq);
    assertEquals(4, back.count);
    assertEquals(w.head, back.head);
    assertArrayEquals(w.ring, back.ring);
    assertNotNull(back.monitor.observe(43, 5, 4, 30, 0.1), "pending forecast survived");
    assertNull(back.monitor.observe(44, 5, 4, 30, 0.1));
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
}
