package dev.hiss.forecasting.data;

import java.util.ArrayList;
import java.util.List;

/** Cuts long series into fixed-length, non-overlapping episodes in time order. */
public final class Episodes {
  private Episodes() {}

  /**
   * Episodes {@code [i·length, (i+1)·length)} of {@code range}, starting at {@code range.start()};
   * a tail shorter than {@code length} is dropped.
   *
   * @return the episodes in time order; empty when the range is shorter than one episode
   */
  public static List<Segment> cut(Segment range, int length) {
    if (length < 1) {
      throw new IllegalArgumentException("Invalid episode length = " + length + "; must be >= 1");
    }
    List<Segment> out = new ArrayList<>();
    for (int s = range.start(); s + length <= range.end(); s += length) {
      out.add(new Segment(range.series(), s, s + length));
    }
    return out;
  }

  /** Episodes of a whole series: {@code cut(new Segment(id, 0, rows), length)}. */
  public static List<Segment> cut(Series series, int length) {
    return cut(new Segment(series.id(), 0, series.rows()), length);
  }
}
