package dev.hiss.forecasting.data;

import java.util.Arrays;

/**
 * A {@code [rows][columns]} array of doubles with a presence mask. Missing entries hold NaN, so
 * that code which ignores the mask propagates NaN instead of silently using a zero.
 *
 * @param values {@code [rows][columns]}; NaN wherever {@code present} is false (enforced)
 * @param present {@code [rows][columns]}; true where the value was observed
 */
public record MaskedArray(double[][] values, boolean[][] present) {
  /** Validates the shapes and writes NaN into every missing entry. */
  public MaskedArray {
    if (values == null || present == null || values.length != present.length) {
      throw new IllegalArgumentException("Invalid masked array: values and mask differ in rows");
    }
    int cols = values.length == 0 ? 0 : values[0].length;
    for (int t = 0; t < values.length; t++) {
      if (values[t].length != cols || present[t].length != cols) {
        throw new IllegalArgumentException(
            "Invalid masked array: row " + t + " has not " + cols + " columns");
      }
      for (int c = 0; c < cols; c++) {
        if (!present[t][c]) {
          values[t][c] = Double.NaN;
        } else if (!Double.isFinite(values[t][c])) {
          throw new IllegalArgumentException(
              "Invalid value " + values[t][c] + " at [" + t + "][" + c + "]; must be finite");
        }
      }
    }
  }

  /** A fully observed array; every value must be finite. Shape {@code [rows][columns]}. */
  public static MaskedArray of(double[][] values) {
    boolean[][] p = new boolean[values.length][];
    double[][] v = new double[values.length][];
    for (int t = 0; t < values.length; t++) {
      v[t] = values[t].clone();
      p[t] = new boolean[v[t].length];
      Arrays.fill(p[t], true);
    }
    return new MaskedArray(v, p);
  }

  /** An array where NaN marks a missing value. Shape {@code [rows][columns]}. */
  public static MaskedArray fromNaN(double[][] values) {
    boolean[][] p = new boolean[values.length][];
    double[][] v = new double[values.length][];
    for (int t = 0; t < values.length; t++) {
      v[t] = values[t].clone();
      p[t] = new boolean[v[t].length];
      for (int c = 0; c < v[t].length; c++) {
        p[t][c] = !Double.isNaN(v[t][c]);
      }
    }
    return new MaskedArray(v, p);
  }

  /** A single column {@code [rows]} as a {@code [rows][1]} array; NaN marks a missing value. */
  public static MaskedArray column(double[] values) {
    double[][] v = new double[values.length][1];
    for (int t = 0; t < values.length; t++) {
      v[t][0] = values[t];
    }
    return fromNaN(v);
  }

  public int rows() {
    return values.length;
  }

  public int columns() {
    return values.length == 0 ? 0 : values[0].length;
  }

  /** Copy of rows {@code [start, end)}. */
  public MaskedArray slice(int start, int end) {
    if (start < 0 || end > rows() || start > end) {
      throw new IllegalArgumentException(
          "Invalid slice [" + start + ", " + end + ") of " + rows() + " rows");
    }
    double[][] v = new double[end - start][];
    boolean[][] p = new boolean[end - start][];
    for (int t = start; t < end; t++) {
      v[t - start] = values[t].clone();
      p[t - start] = present[t].clone();
    }
    return new MaskedArray(v, p);
  }

  /** Column {@code c} as {@code [rows]}, NaN where missing. */
  public double[] columnValues(int c) {
    double[] out = new double[rows()];
    for (int t = 0; t < out.length; t++) {
      out[t] = values[t][c];
    }
    return out;
  }

  /** Number of missing entries in column {@code c}. */
  public int missing(int c) {
    int n = 0;
    for (boolean[] row : present) {
      n += row[c] ? 0 : 1;
    }
    return n;
  }

  /** Deep copy of the values, {@code [rows][columns]}, NaN where missing. */
  public double[][] copyValues() {
    double[][] v = new double[rows()][];
    for (int t = 0; t < v.length; t++) {
      v[t] = values[t].clone();
    }
    return v;
  }
}
