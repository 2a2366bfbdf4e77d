package dev.hiss.forecasting.data;

/**
 * Data rows and missing values of one selected column.
 *
 * @param column column name
 * @param rows data rows read (all series)
 * @param missing rows where the value was empty, NA or NaN
 */
public record ColumnCount(String column, long rows, long missing) {}
