package dev.hiss.forecasting.data;

import java.util.List;

/**
 * One series of a {@link SeriesTable}: rows in file order (assumed time order).
 *
 * @param id the value of the series column, or the file name when there is none
 * @param times {@code [rows]} raw time labels, or an empty list when there is no time column
 * @param inputs {@code [rows][inputColumns]}
 * @param targets {@code [rows][targetColumns]}
 */
public record Series(String id, List<String> times, MaskedArray inputs, MaskedArray targets) {
  /** Validates that all parts have the same number of rows. */
  public Series {
    times = List.copyOf(times);
    if (inputs.rows() != targets.rows() || (!times.isEmpty() && times.size() != inputs.rows())) {
      throw new IllegalArgumentException(
          "Invalid series '" + id + "': inputs, targets and times differ in rows");
    }
  }

  public int rows() {
    return inputs.rows();
  }

  /** Rows {@code [start, end)} as a new series with the same id. */
  public Series slice(int start, int end) {
    return new Series(
        id,
        times.isEmpty() ? times : times.subList(start, end),
        inputs.slice(start, end),
        targets.slice(start, end));
  }

  /** The rows of a segment of this series. */
  public Series slice(Segment s) {
    if (!s.series().equals(id)) {
      throw new IllegalArgumentException(
          "Segment of series '" + s.series() + "' applied to series '" + id + "'");
    }
    return slice(s.start(), s.end());
  }
}
