package dev.hiss.forecasting.data;

/**
 * A half-open index range {@code [start, end)} of one series.
 *
 * @param series the series id
 * @param start first index (inclusive)
 * @param end last index (exclusive)
 */
public record Segment(String series, int start, int end) {
  /** Validates {@code 0 <= start <= end}. */
  public Segment {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException(
          "Invalid segment [" + start + ", " + end + "); need 0 <= start <= end");
    }
  }

  public int length() {
    return end - start;
  }

  /** True when index {@code t} lies in the segment. */
  public boolean contains(int t) {
    return t >= start && t < end;
  }
}
