package dev.hiss.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LatencySummaryTest {
  @Test
  void nearestRankPercentiles() {
    long[] hundred = new long[100];
    for (int i = 0; i < 100; i++) {
      hundred[i] = 100 - i; // 1..100, reversed: of() sorts
    }
    LatencySummary s = LatencySummary.of(hundred);
    assertEquals(100, s.count());
    assertEquals(50, s.p50()); // 50 of 100 values are <= 50
    assertEquals(99, s.p99());
    assertEquals(100, s.max());
    // 1,000 values: p99 is the 990th smallest (0.99 * 1000 is inexact in binary)
    long[] thousand = new long[1000];
    for (int i = 0; i < 1000; i++) {
      thousand[i] = i + 1;
    }
    assertEquals(990, LatencySummary.rank(thousand, 0.99));
    assertEquals(500, LatencySummary.rank(thousand, 0.5));
    assertEquals(1, LatencySummary.rank(thousand, 0.0001));
    assertEquals(1000, LatencySummary.rank(thousand, 1));
    // one value: every percentile is that value
    LatencySummary one = LatencySummary.of(new long[] {7});
    assertEquals(7, one.p50());
    assertEquals(7, one.p99());
  }

  @Test
  void noValuesSayNone() {
    LatencySummary s = LatencySummary.of(new long[0]);
    assertEquals(0, s.count());
    assertEquals("none", s.toMillis());
    assertEquals(
        "p50 1.5 ms, p99 12.0 ms, max 250.0 ms",
        new LatencySummary(3, 1_500_000, 12_000_000, 250_000_000).toMillis());
    assertThrows(IllegalArgumentException.class, () -> LatencySummary.rank(new long[] {1}, 0));
  }
}
