package dev.hiss.ops.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exactly-once comparison and the load plan the scenarios are judged by. */
class PredictionCheckTest {
  private static final Map<String, Double> EXPECTED = Map.of("a/11", 1.0, "a/23", 2.0, "b/11", 3.0);

  @Test
  void identicalRecordsAreExact() {
    PredictionCheck c =
        PredictionCheck.compare(
            EXPECTED, Map.of("a/11", List.of(1.0), "a/23", List.of(2.0), "b/11", List.of(3.0)), 0);
    assertEquals(new PredictionCheck(3, 3, 0, 0, 0, 0), c);
    assertTrue(c.exact());
  }

  @Test
  void countsLostDuplicatedMismatchedAndUnexpectedSeparately() {
    PredictionCheck c =
        PredictionCheck.compare(
            EXPECTED,
            Map.of(
                "a/11", List.of(1.0, 1.0, 1.0), // two extra copies
                "a/23", List.of(Math.nextUp(2.0)), // one ulp off: not identical
                "c/11", List.of(9.0)), // not expected; b/11 missing
            0);
    assertEquals(new PredictionCheck(3, 5, 1, 2, 1, 1), c);
    assertFalse(c.exact());
  }

  @Test
  void toleranceAcceptsRoundingOnlyWhenAsked() {
    Map<String, List<Double>> got = Map.of("a/11", List.of(1.0 + 1e-13));
    Map<String, Double> want = Map.of("a/11", 1.0);
    assertEquals(1, PredictionCheck.compare(want, got, 0).mismatched());
    assertEquals(0, PredictionCheck.compare(want, got, 1e-12).mismatched());
    assertThrows(IllegalArgumentException.class, () -> PredictionCheck.compare(want, got, -1));
  }

  @Test
  void loadIsExactlyTheAskedSizeAcrossRoundsWithDistinctDevices() {
    EcgLoad load = new EcgLoad(1_000_000, 4, "ecg");
    assertEquals(1_000_000, load.events());
    assertEquals(40, load.devices()); // 9 full rounds of 108,000 + one of 28,000
    EcgLoad small = new EcgLoad(36_001, 6, "x");
    assertEquals(36_000, small.events()); // rounded down to a multiple of the devices
  }

  @Test
  void expectedPredictionsFollowTheChunkRuleAndTheModel() {
    double[] coef = new double[12];
    coef[0] = 1;
    LinearAutoregression last = new LinearAutoregression("ecg_mV", 12, 6, 0, coef);
    EcgLoad load = new EcgLoad(36_000, 6, "ecg");
    Map<String, Double> p = load.expectedPredictions(last, 12);
    assertEquals(6 * 500, p.size()); // seq 11, 23, ..., 5999 for each of 6 devices
    assertTrue(p.containsKey("ecg0-5/5999"));
    assertFalse(p.containsKey("ecg0-0/10"));
    // coefficient 1 on the newest lag: the forecast is the sample itself
    dev.hiss.ingestion.replay.FleetReplay f =
        new dev.hiss.ingestion.replay.FleetReplay(
            dev.hiss.ingestion.replay.Recording.bundledEcg(), 6, 6_000, "ecg0", EcgLoad.T0_NS);
    assertEquals(f.value(2, 23), p.get("ecg0-2/23"), 0);
  }

  @Test
  void killPointsAreSortedInsideTheRunAndReproducible() {
    long[] a = ScorerKills.killPoints(20, 83_000, 5);
    assertArrayEquals(a, ScorerKills.killPoints(20, 83_000, 5));
    for (int i = 0; i < a.length; i++) {
      assertTrue(a[i] >= 1 && a[i] < 83_000, "kill point " + a[i]);
      assertTrue(i == 0 || a[i - 1] <= a[i]);
    }
  }

  @Test
  void badSettingsAreRejectedWithTheFieldName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new ScorerKills.Settings(10, 3, 1, 4));
    assertTrue(e.getMessage().contains("events = 10"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> new LakeKills.Settings(10_000, 5, 1, 4, 3_000));
    assertTrue(e.getMessage().contains("each kill needs two batches"), e.getMessage());
  }
}
