package dev.hiss.forecasting.data;

import java.util.List;

/**
 * Which columns of a CSV file {@link CsvSeries} reads.
 *
 * @param timeColumn column of time labels (kept as text), or null for none
 * @param seriesColumn column whose value names the series (group) of a row, or null for one series
 * @param inputColumns numeric input columns (may be empty)
 * @param targetColumns numeric target columns (at least one); may repeat input columns
 */
public record CsvSpec(
    String timeColumn, String seriesColumn, List<String> inputColumns, List<String> targetColumns) {
  /** Validates that there is a target and that no column is listed twice in one role. */
  public CsvSpec {
    inputColumns = List.copyOf(inputColumns);
    targetColumns = List.copyOf(targetColumns);
    if (targetColumns.isEmpty()) {
      throw new IllegalArgumentException("Invalid targetColumns = []; must name at least one");
    }
    if (inputColumns.stream().distinct().count() != inputColumns.size()) {
      throw new IllegalArgumentException("Invalid inputColumns = " + inputColumns + "; duplicate");
    }
    if (targetColumns.stream().distinct().count() != targetColumns.size()) {
      throw new IllegalArgumentException(
          "Invalid targetColumns = " + targetColumns + "; duplicate");
    }
  }

  /** One target column that is also the only input: the usual univariate forecasting set-up. */
  public static CsvSpec univariate(String timeColumn, String column) {
    return new CsvSpec(timeColumn, null, List.of(column), List.of(column));
  }
}
