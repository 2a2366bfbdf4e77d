package dev.hiss.forecasting.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NormalizerTest {
  @Test
  void handComputedStatisticsSkipMissingValues() {
    // channel 0: 1,2,3,4 -> mean 2.5, var (2.25+0.25+0.25+2.25)/4 = 1.25
    // channel 1: 1,NaN,3,NaN -> mean 2, var 1
    MaskedArray a =
        MaskedArray.fromNaN(new double[][] {{1, 1}, {2, Double.NaN}, {3, 3}, {4, Double.NaN}});
    Normalizer n = Normalizer.fit(List.of(a));
    assertArrayEquals(new double[] {2.5, 2}, n.mean(), 1e-12);
    assertArrayEquals(new double[] {Math.sqrt(1.25), 1}, n.std(), 1e-12);
  }

  @Test
  void constantChannelStdIsClamped() {
    Normalizer n = Normalizer.fit(List.of(MaskedArray.column(new double[] {7, 7, 7})));
    assertEquals(Normalizer.MIN_STD, n.std()[0]);
  }

  @Test
  void statisticsComeFromTheTrainingPartOnly() {
    double[] x = new double[30];
    for (int t = 0; t < x.length; t++) {
      x[t] = Math.sin(t) + 0.1 * t;
    }
    Series s = series(x);
    TimeSplit split = TimeSplit.of(s, new SplitFractions(0.6, 0.2, 0.2));
    Normalizer before = Normalizer.fit(List.of(s.slice(split.train()).targets()));
    double[] poisoned = x.clone();
    for (int t = split.validation().start(); t < x.length; t++) {
      poisoned[t] = 1e6 + t;
    }
    Series p = series(poisoned);
    Normalizer after = Normalizer.fit(List.of(p.slice(split.train()).targets()));
    assertArrayEquals(before.mean(), after.mean(), 0);
    assertArrayEquals(before.std(), after.std(), 0);
    // the check is sensitive: statistics of the whole series do change
    assertNotEquals(before.mean()[0], Normalizer.fit(List.of(p.targets())).mean()[0]);
  }

  @Test
  void applyAndInvertRoundTripAndKeepMasks() {
    Normalizer n = new Normalizer(new double[] {10, -1}, new double[] {2, 0.5});
    MaskedArray a = MaskedArray.fromNaN(new double[][] {{12, -1}, {Double.NaN, 0}});
    MaskedArray z = n.apply(a);
    assertArrayEquals(new double[] {1, 0}, z.values()[0], 1e-15);
    assertFalse(z.present()[1][0]);
    assertTrue(Double.isNaN(z.values()[1][0]));
    assertArrayEquals(new double[] {Double.NaN, 2}, z.values()[1], 1e-15);
    assertArrayEquals(new double[] {12, -1}, n.invert(z.values())[0], 1e-12);
  }

  @Test
  void invalidInputsAreErrors() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Normalizer.fit(List.of(MaskedArray.column(new double[] {Double.NaN}))));
    assertEquals("Channel 0 has no training values", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new Normalizer(new double[] {0}, new double[] {1e-6}));
  }

  @Test
  void inputDeltasStartAtZeroAndPropagateMissingValues() {
    // u = [[1,10],[3,NaN],[6,12]] -> [u, u_t - u_{t-1}], delta 0 at t = 0
    MaskedArray d =
        InputDeltas.append(MaskedArray.fromNaN(new double[][] {{1, 10}, {3, Double.NaN}, {6, 12}}));
    assertArrayEquals(new double[] {1, 10, 0, 0}, d.values()[0], 0);
    assertArrayEquals(new double[] {3, Double.NaN, 2, Double.NaN}, d.values()[1], 0);
    assertArrayEquals(new double[] {6, 12, 3, Double.NaN}, d.values()[2], 0);
    assertArrayEquals(new boolean[] {true, false, true, false}, d.present()[1]);
    assertArrayEquals(new boolean[] {true, true, true, false}, d.present()[2]);
  }

  private static Series series(double[] x) {
    MaskedArray a = MaskedArray.column(x);
    return new Series("s", List.of(), a, a);
  }
}
