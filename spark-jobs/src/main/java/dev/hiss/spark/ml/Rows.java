package dev.hiss.spark.ml;

import dev.hiss.spark.train.Episode;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Conversions between DataFrame rows of sequences and HiSS arrays. */
final class Rows {
  private Rows() {}

  /**
   * Stacks a row's first {@code channels} array columns into [L, D_in] (row-major), checking that
   * they have equal length and no nulls.
   */
  static float[] input(Row row, int channels) {
    List<Double> first = row.getList(0);
    int length = first.size();
    float[] x = new float[length * channels];
    for (int c = 0; c < channels; c++) {
      List<Double> col = row.getList(c);
      if (col == null || col.size() != length) {
        throw new IllegalArgumentException(
            "Invalid input row: channel "
                + c
                + " has "
                + (col == null ? "null" : col.size())
                + " samples; channel 0 has "
                + length);
      }
      for (int t = 0; t < length; t++) {
        Double v = col.get(t);
        if (v == null) {
          throw new IllegalArgumentException("Invalid input row: null sample in channel " + c);
        }
        x[t * channels + c] = v.floatValue();
      }
    }
    return x;
  }

  /** An episode from a row of {@code channels} input arrays followed by the label array. */
  static Episode episode(Row row, int index, int channels) {
    float[] x = input(row, channels);
    List<Double> label = row.getList(channels);
    float[] y = new float[label.size()];
    boolean[] mask = new boolean[label.size()];
    for (int j = 0; j < y.length; j++) {
      Double v = label.get(j);
      mask[j] = v != null && !v.isNaN();
      y[j] = mask[j] ? v.floatValue() : 0f;
    }
    return new Episode(index, x, y, mask);
  }

  /** The schema with the prediction column added, after checking the input columns. */
  static StructType outputSchema(StructType schema, String[] inputCols, String predictionCol) {
    if (inputCols == null || inputCols.length == 0) {
      throw new IllegalArgumentException("inputCols must be set to at least one column");
    }
    for (String c : inputCols) {
      HissParams.requireSequence(schema, c);
    }
    if (List.of(schema.fieldNames()).contains(predictionCol)) {
      throw new IllegalArgumentException("Output column " + predictionCol + " already exists");
    }
    return schema.add(predictionCol, HissParams.SEQUENCE, false);
  }
}
