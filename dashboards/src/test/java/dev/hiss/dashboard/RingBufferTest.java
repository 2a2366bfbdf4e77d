package dev.hiss.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RingBufferTest {
  @Test
  void keepsTheNewestPointsOldestFirst() {
    RingBuffer b = new RingBuffer(3, 0);
    for (int i = 1; i <= 5; i++) {
      b.add(i * 10L, i);
    }
    RingBuffer.Slice s = b.snapshot();
    assertArrayEquals(new long[] {30, 40, 50}, s.timesNs());
    assertArrayEquals(new double[] {3, 4, 5}, s.values());
    assertEquals(3, b.size());
    assertEquals(5, b.appended());
    assertEquals(5, s.nextCursor());
    assertEquals(5.0, b.last());
    assertEquals(50, b.lastTimeNs());
    assertEquals(4.0, b.mean(), 1e-12);
  }

  @Test
  void sinceReturnsOnlyNewPointsAndSkipsEvictedOnes() {
    RingBuffer b = new RingBuffer(4, 0);
    b.add(1, 1);
    b.add(2, 2);
    RingBuffer.Slice first = b.since(0);
    assertEquals(2, first.length());
    b.add(3, 3);
    RingBuffer.Slice second = b.since(first.nextCursor());
    assertArrayEquals(new long[] {3}, second.timesNs());
    assertEquals(0, b.since(second.nextCursor()).length());
    for (int i = 4; i <= 10; i++) {
      b.add(i, i);
    }
    // the reader was at cursor 3; points 3..5 were evicted, it gets the 4 held ones
    RingBuffer.Slice late = b.since(second.nextCursor());
    assertArrayEquals(new long[] {7, 8, 9, 10}, late.timesNs());
    assertEquals(10, late.nextCursor());
  }

  @Test
  void dropsPointsOlderThanTheRetention() {
    RingBuffer b = new RingBuffer(100, 1_000);
    b.add(0, 0);
    b.add(500, 1);
    b.add(1_000, 2);
    assertEquals(3, b.size());
    b.add(1_600, 3); // 0 and 500 are now older than 1600 - 1000
    assertArrayEquals(new long[] {1_000, 1_600}, b.snapshot().timesNs());
    b.add(10_000, 4);
    assertArrayEquals(new long[] {10_000}, b.snapshot().timesNs());
    assertEquals(4.0, b.mean());
  }

  @Test
  void emptyBufferAndInvalidArguments() {
    RingBuffer b = new RingBuffer(2, 0);
    assertTrue(Double.isNaN(b.mean()));
    assertTrue(Double.isNaN(b.last()));
    assertEquals(0, b.lastTimeNs());
    assertEquals(0, b.snapshot().length());
    assertThrows(IllegalArgumentException.class, () -> new RingBuffer(0, 0));
    assertThrows(IllegalArgumentException.class, () -> new RingBuffer(1, -1));
  }

  @Test
  void memoryStaysBoundedUnderManyAppends() {
    RingBuffer b = new RingBuffer(16, 0);
    for (long i = 0; i < 1_000_000; i++) {
      b.add(i, i);
    }
    assertEquals(16, b.size());
    assertEquals(16, b.capacity());
    assertEquals(999_999.0, b.last());
    assertEquals(999_984L, b.snapshot().timesNs()[0]);
  }

  @Test
  void extraColumnsStayInLockstepWithTheirPoints() {
    RingBuffer b = new RingBuffer(3, 0, 2);
    assertEquals(2, b.extraColumns());
    for (int i = 1; i <= 4; i++) {
      b.add(i, i, 10 * i, 100 * i);
    }
    b.add(5, 5); // no extras given: NaN
    RingBuffer.Slice s = b.since(3);
    assertArrayEquals(new long[] {4, 5}, s.timesNs());
    assertArrayEquals(new double[] {40, Double.NaN}, s.extra()[0]);
    assertArrayEquals(new double[] {400, Double.NaN}, s.extra()[1]);
    assertArrayEquals(new double[] {30, 40, Double.NaN}, b.snapshot().extra()[0]);
    assertEquals(0, new RingBuffer(2, 0).snapshot().extra().length);
    assertThrows(IllegalArgumentException.class, () -> b.add(6, 6, 1));
    assertThrows(IllegalArgumentException.class, () -> new RingBuffer(1, 0, -1));
  }
}
