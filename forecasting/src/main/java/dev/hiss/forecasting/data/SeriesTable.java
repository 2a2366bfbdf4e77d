package dev.hiss.forecasting.data;

import java.util.List;

/**
 * Numeric series read from a CSV file by {@link CsvSeries}.
 *
 * @param source where it was read from (for messages)
 * @param inputColumns names of the input columns, in array order
 * @param targetColumns names of the target columns, in array order
 * @param series the series, in order of first appearance in the file
 * @param counts one entry per distinct selected column: rows and missing values
 */
public record SeriesTable(
    String source,
    List<String> inputColumns,
    List<String> targetColumns,
    List<Series> series,
    List<ColumnCount> counts) {
  /** Copies the lists. */
  public SeriesTable {
    inputColumns = List.copyOf(inputColumns);
    targetColumns = List.copyOf(targetColumns);
    series = List.copyOf(series);
    counts = List.copyOf(counts);
  }

  /** Total data rows over all series. */
  public long rows() {
    return series.stream().mapToLong(Series::rows).sum();
  }

  /** The count of a selected column. */
  public ColumnCount count(String column) {
    return counts.stream()
        .filter(c -> c.column().equals(column))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("Column '" + column + "' was not selected"));
  }

  /** The series with the given id. */
  public Series series(String id) {
    return series.stream()
        .filter(s -> s.id().equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("Unknown series '" + id + "'"));
  }
}
