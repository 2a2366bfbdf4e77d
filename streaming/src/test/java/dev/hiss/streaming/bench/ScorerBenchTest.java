package dev.hiss.streaming.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The benchmark at a small size: it counts what it claims, and its figures are coherent. */
class ScorerBenchTest {
  @Test
  void smallRunScoresEveryEventAndReportsOrderedPercentiles() {
    check(ScorerBench.run(50, 72, false));
  }

  @Test
  void theProductionStoreGivesTheSameCounts() {
    check(ScorerBench.run(5, 72, true));
  }

  @Test
  void hissRunPredictsAtEveryChunkOfTen() {
    ScorerBench.Result r = ScorerBench.run(20, 30, false, true);
    assertEquals(20L * 30, r.events());
    assertEquals(20L * 30, r.timedEvents());
    assertEquals(20L * 3, r.predictions(), "tiny: one chunk forecast per 10 samples");
    assertTrue(0 < r.p50Micros() && r.p50Micros() <= r.p99Micros(), r::toString);
  }

  private static void check(ScorerBench.Result r) {
    int devices = (int) (r.events() / 72);
    assertEquals(r.events(), r.timedEvents());
    // chunk 36, order 16: chunk ends at seq 35 and 71 for each device
    assertEquals(2L * devices, r.predictions());
    assertTrue(r.eventsPerSecond() > 0, r::toString);
    assertTrue(0 < r.p50Micros() && r.p50Micros() <= r.p95Micros(), r::toString);
    assertTrue(
        r.p95Micros() <= r.p99Micros() && r.p99Micros() <= r.maxMicros() * 1.01, r::toString);
  }
}
