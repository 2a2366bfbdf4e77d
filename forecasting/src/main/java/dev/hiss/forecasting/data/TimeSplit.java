package dev.hiss.forecasting.data;

import java.util.List;

/**
 * A time-ordered split of one series: training first, then validation, then test; never shuffled
 * across time, never overlapping.
 *
 * @param train the training range (at least one row)
 * @param validation the validation range, starting where training ends
 * @param test the test range, starting where validation ends
 */
public record TimeSplit(Segment train, Segment validation, Segment test) {
  /** Validates order and contiguity. */
  public TimeSplit {
    if (train.end() != validation.start() || validation.end() != test.start()) {
      throw new IllegalArgumentException(
          "Invalid split " + train + ", " + validation + ", " + test + "; must be contiguous");
    }
  }

  /**
   * Splits the rows {@code [0, rows)} of a series by fractions.
   *
   * @throws IllegalArgumentException when the training part would be empty
   */
  public static TimeSplit of(String series, int rows, SplitFractions f) {
    int[] c = f.cuts(rows);
    if (c[0] < 1) {
      throw new IllegalArgumentException(
          "Series '" + series + "' of " + rows + " rows is too short for train = " + f.train());
    }
    return new TimeSplit(
        new Segment(series, 0, c[0]),
        new Segment(series, c[0], c[1]),
        new Segment(series, c[1], c[2]));
  }

  /** Splits a whole series. */
  public static TimeSplit of(Series s, SplitFractions f) {
    return of(s.id(), s.rows(), f);
  }

  /**
   * Splits a series' episodes (in time order) by episode count: the first episodes train, the next
   * validate, the last test, as the HiSS code's sequential split does.
   *
   * @return three lists {@code [train, validation, test]}
   */
  public static List<List<Segment>> ofEpisodes(List<Segment> episodes, SplitFractions f) {
    int[] c = f.cuts(episodes.size());
    if (c[0] < 1) {
      throw new IllegalArgumentException(
          episodes.size() + " episodes are too few for train = " + f.train());
    }
    return List.of(
        List.copyOf(episodes.subList(0, c[0])),
        List.copyOf(episodes.subList(c[0], c[1])),
        List.copyOf(episodes.subList(c[1], c[2])));
  }
}
