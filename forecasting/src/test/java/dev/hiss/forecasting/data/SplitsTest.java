package dev.hiss.forecasting.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SplitsTest {
  @Test
  void episodesAreConsecutiveAndTheShortTailIsDropped() {
    List<Segment> e = Episodes.cut(new Segment("s", 3, 26), 5);
    assertEquals(
        List.of(
            new Segment("s", 3, 8),
            new Segment("s", 8, 13),
            new Segment("s", 13, 18),
            new Segment("s", 18, 23)),
        e);
    assertEquals(List.of(), Episodes.cut(new Segment("s", 0, 4), 5));
    IllegalArgumentException x =
        assertThrows(IllegalArgumentException.class, () -> Episodes.cut(new Segment("s", 0, 4), 0));
    assertEquals("Invalid episode length = 0; must be >= 1", x.getMessage());
  }

  @Test
  void sixtyTwentyTwentyOfTenRows() {
    TimeSplit s = TimeSplit.of("s", 10, SplitFractions.parse("0.6,0.2,0.2"));
    assertEquals(new Segment("s", 0, 6), s.train());
    assertEquals(new Segment("s", 6, 8), s.validation());
    assertEquals(new Segment("s", 8, 10), s.test());
  }

  @Test
  void validationAndTestNeverPrecedeTrainingAndNeverOverlap() {
    for (String f : List.of("0.6,0.2,0.2", "0.7,0.15,0.15", "0.5,0.3,0.1", "0.8,0.2,0")) {
      SplitFractions fr = SplitFractions.parse(f);
      for (int n = 5; n <= 300; n++) {
        TimeSplit s = TimeSplit.of("s", n, fr);
        int[] owner = new int[n];
        for (int t = 0; t < n; t++) {
          int k = (s.train().contains(t) ? 1 : 0) + (s.validation().contains(t) ? 1 : 0);
          k += s.test().contains(t) ? 1 : 0;
          assertTrue(k <= 1, "index " + t + " in two parts for n=" + n + " " + f);
          owner[t] =
              s.train().contains(t)
                  ? 1
                  : s.validation().contains(t) ? 2 : s.test().contains(t) ? 3 : 4;
        }
        for (int t = 1; t < n; t++) {
          assertTrue(
              owner[t - 1] <= owner[t], "part order broken at " + t + " for n=" + n + " " + f);
        }
        assertEquals(Math.floor(n * fr.train() + 1e-9), s.train().length(), "n=" + n + " " + f);
        if (fr.train() + fr.validation() + fr.test() > 0.999) {
          assertEquals(n, s.test().end(), "all rows used for n=" + n + " " + f);
        }
      }
    }
  }

  @Test
  void episodeSplitKeepsEpisodeOrder() {
    List<Segment> e = Episodes.cut(new Segment("s", 0, 100), 10);
    List<List<Segment>> parts = TimeSplit.ofEpisodes(e, new SplitFractions(0.8, 0.2, 0));
    assertEquals(e.subList(0, 8), parts.get(0));
    assertEquals(e.subList(8, 10), parts.get(1));
    assertEquals(List.of(), parts.get(2));
  }

  @Test
  void invalidFractionsAndTooShortSeriesAreErrors() {
    IllegalArgumentException sum =
        assertThrows(IllegalArgumentException.class, () -> new SplitFractions(0.7, 0.2, 0.2));
    assertEquals("Invalid fractions 0.7,0.2,0.2; the sum must be <= 1", sum.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new SplitFractions(0, 0.5, 0.5));
    assertThrows(IllegalArgumentException.class, () -> SplitFractions.parse("0.6,0.4"));
    IllegalArgumentException shortSeries =
        assertThrows(
            IllegalArgumentException.class,
            () -> TimeSplit.of("s", 1, new SplitFractions(0.6, 0.2, 0.2)));
    assertEquals("Series 's' of 1 rows is too short for train = 0.6", shortSeries.getMessage());
  }
}
