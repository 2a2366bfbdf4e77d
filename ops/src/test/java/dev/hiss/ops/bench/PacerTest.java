package dev.hiss.ops.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTest {
  @Test
  void eventIIsDueIOverRateSecondsAfterTheStartWithoutDrift() {
    Pacer p = new Pacer(12_500, 10_000, 1_000L);
    assertEquals(1_000L, p.dueNanos(0));
    assertEquals(1_000L + 80_000L, p.dueNanos(1)); // 1 / 12,500 s = 80 us
    assertEquals(1_000L + 1_000_000_000L, p.dueNanos(12_500));
    // no accumulated rounding: after 60 s of events, exactly 60 s
    assertEquals(1_000L + 60_000_000_000L, p.dueNanos(750_000));
    // a rate whose period is not a whole number of ns: never more than 1 ns off i / rate
    Pacer q = new Pacer(3, 1, 0);
    for (long i = 0; i < 10_000; i++) {
      double exact = i * 1e9 / 3;
      assertTrue(Math.abs(q.dueNanos(i) - exact) < 1, "event " + i);
      assertTrue(q.dueNanos(i + 1) > q.dueNanos(i));
    }
  }

  @Test
  void eventsGoRoundRobinOverTheDevicesSoEachDeviceCountsItsSeqFromZero() {
    Pacer p = new Pacer(100, 3, 0);
    int[] devices = new int[7];
    long[] seqs = new long[7];
    for (int i = 0; i < 7; i++) {
      devices[i] = p.device(i);
      seqs[i] = p.seq(i);
    }
    assertEquals("[0, 1, 2, 0, 1, 2, 0]", java.util.Arrays.toString(devices));
    assertEquals("[0, 0, 0, 1, 1, 1, 2]", java.util.Arrays.toString(seqs));
    // samples per device of a run of 7 events: 3, 2, 2 (sums to the total)
    assertEquals(3, Pacer.samplesOf(0, 7, 3));
    assertEquals(2, Pacer.samplesOf(1, 7, 3));
    assertEquals(2, Pacer.samplesOf(2, 7, 3));
    long sum = 0;
    for (int d = 0; d < 10_000; d++) {
      sum += Pacer.samplesOf(d, 1_234_567, 10_000);
    }
    assertEquals(1_234_567, sum);
  }

  @Test
  void eventsOfARunAreRateTimesDuration() {
    assertEquals(600_000, Pacer.events(10_000, Duration.ofSeconds(60)));
    assertEquals(1_250, Pacer.events(12_500, Duration.ofMillis(100)));
    assertEquals(2, Pacer.events(1.5, Duration.ofSeconds(1))); // rounded to the nearest
  }

  @Test
  void awaitTurnWaitsUntilTheEventIsDueButNotForLateEvents() {
    long start = System.nanoTime();
    Pacer p = new Pacer(50, 1, start); // 20 ms apart
    p.awaitTurn(3);
    long waited = System.nanoTime() - start;
    assertTrue(waited >= 60_000_000L - Pacer.MIN_PARK_NANOS, "waited " + waited + " ns");
    long before = System.nanoTime();
    p.awaitTurn(0); // late: returns at once
    assertTrue(System.nanoTime() - before < 50_000_000L);
  }

  @Test
  void invalidRatesAndDeviceCountsAreRefusedWithTheirValue() {
    assertEquals(
        "Invalid rate = 0.0; must be > 0 events/s",
        assertThrows(IllegalArgumentException.class, () -> new Pacer(0, 1, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Pacer(Double.NaN, 1, 0));
    assertEquals(
        "Invalid devices = 0; must be >= 1",
        assertThrows(IllegalArgumentException.class, () -> new Pacer(1, 0, 0)).getMessage());
  }

  @Test
  void staggeredDevicesJoinOverThePhasesAndEverySlotIsOneDeviceSampleOrIdle() {
    Pacer p = new Pacer(100, 5, 3, 0);
    // round 0: only devices 0 and 3 (phase 0) send; device 1 joins in round 1, device 2 in round 2
    assertEquals(0, p.seq(0));
    assertEquals(-1, p.seq(1));
    assertEquals(-1, p.seq(2));
    assertEquals(0, p.seq(3));
    assertEquals(-1, p.seq(4));
    assertEquals(1, p.seq(5)); // device 0, round 1
    assertEquals(0, p.seq(6)); // device 1, round 1
    assertEquals(0, p.seq(12)); // device 2, round 2
    assertEquals(0, p.seq(9)); // device 4 (phase 1) joins in round 1
    // over a run, each device sends consecutive seqs from 0, as many as samplesOf says
    long total = 1_003;
    long[] next = new long[5];
    for (long i = 0; i < total; i++) {
      long seq = p.seq(i);
      if (seq >= 0) {
        assertEquals(next[p.device(i)]++, seq, "slot " + i);
      }
    }
    for (int d = 0; d < 5; d++) {
      assertEquals(Pacer.samplesOf(d, total, 5, 3), next[d], "device " + d);
    }
    assertEquals(Pacer.samplesOf(1, total, 5), Pacer.samplesOf(1, total, 5, 1));
  }
}
