package dev.hiss.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyBookTest {
  @Test
  void aPredictionsLatencyIsItsReadTimeMinusTheSendOfItsCompletingEvent() {
    LatencyBook b = new LatencyBook(3, 100);
    b.sent(0, 35, 1_000);
    b.sent(1, 35, 1_100);
    b.sent(2, 71, 5_000);
    assertEquals(9_000, b.predicted(0, 35, 10_000));
    assertEquals(8_900, b.predicted(1, 35, 10_000));
    assertEquals(2_000, b.predicted(2, 71, 7_000));
    assertEquals(3, b.measured());
    LatencySummary s = b.summary();
    assertEquals(3, s.count());
    assertEquals(8_900, s.p50());
    assertEquals(9_000, s.max());
  }

  @Test
  void unknownAndRepeatedPredictionsAreCountedNotMeasured() {
    LatencyBook b = new LatencyBook(2, 10);
    b.sent(0, 9, 100);
    assertEquals(50, b.predicted(0, 9, 150));
    assertEquals(-1, b.predicted(0, 9, 170)); // the same event predicted twice
    assertEquals(-1, b.predicted(1, 9, 170)); // never sent
    assertEquals(-1, b.predicted(-1, 3, 170)); // not a device of the fleet
    assertEquals(-1, b.predicted(0, 10, 170)); // beyond the book
    assertEquals(1, b.measured());
    assertEquals(1, b.duplicates());
    assertEquals(3, b.unknown());
    b.sent(1, 9, 160); // sent after all: still measurable
    assertEquals(40, b.predicted(1, 9, 200));
  }

  @Test
  void sendTimesMayBeNegativeAsNanoTimeAllows() {
    LatencyBook b = new LatencyBook(1, 2);
    b.sent(0, 0, -5_000);
    assertEquals(7_000, b.predicted(0, 0, 2_000));
    b.sent(0, 1, Long.MAX_VALUE - 10); // nanoTime may wrap around: differences still count
    assertEquals(30, b.predicted(0, 1, Long.MIN_VALUE + 19));
    assertEquals(1, b.summary(-5_000, -4_999).count());
    assertEquals(1, b.summary(Long.MAX_VALUE - 10, Long.MAX_VALUE - 9).count());
    assertEquals(30, b.summary(Long.MAX_VALUE - 20, Long.MIN_VALUE + 5).max()); // across the wrap
  }

  @Test
  void aWindowSummaryCountsOnlyEventsSentInsideTheWindow() {
    LatencyBook b = new LatencyBook(1, 1000);
    for (int seq = 0; seq < 1000; seq++) {
      b.sent(0, seq, seq);
      b.predicted(0, seq, seq + (seq < 500 ? 1_000_000 : 10)); // slow while warming up
    }
    assertEquals(1000, b.summary().count());
    assertEquals(1_000_000, b.summary().max());
    LatencySummary steady = b.summary(500, 1000);
    assertEquals(500, steady.count());
    assertEquals(10, steady.p50());
    assertEquals(10, steady.max());
    assertEquals(100, b.summary(400, 500).count()); // [400, 500): the window's end is excluded
    assertEquals(1_000_000, b.summary(400, 501).max());
    assertEquals(0, b.summary(2_000, 3_000).count());
  }

  @Test
  void manyPredictionsGrowTheBookAndMatchAReferenceSort() {
    Random r = new Random(3);
    int devices = 50;
    int seqs = 400;
    LatencyBook b = new LatencyBook(devices, seqs);
    long[] expected = new long[devices * seqs];
    int n = 0;
    for (int d = 0; d < devices; d++) {
      for (int s = 0; s < seqs; s++) {
        long sent = r.nextInt(1_000_000);
        long lat = 1 + r.nextInt(50_000_000);
        b.sent(d, s, sent);
        b.predicted(d, s, sent + lat);
        expected[n++] = lat;
      }
    }
    java.util.Arrays.sort(expected);
    LatencySummary s = b.summary();
    assertEquals(20_000, s.count());
    assertEquals(expected[9_999], s.p50());
    assertEquals(expected[19_799], s.p99());
    assertEquals(expected[19_999], s.max());
  }

  @Test
  void sendsOutsideTheBookAreRefused() {
    LatencyBook b = new LatencyBook(2, 10);
    assertThrows(IllegalArgumentException.class, () -> b.sent(2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> b.sent(0, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> new LatencyBook(0, 10));
  }
}
