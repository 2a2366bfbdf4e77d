package dev.hiss.forecasting.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Derived CSV files that {@link CsvSeries} (and so {@code hiss evaluate}) reads: a heart-rate
 * column appended to a raw ECG recording, and a wide table (one column per station) turned into the
 * long form (one series per station). The same quoting and missing-value rules as {@link
 * CsvSeries}; blank lines are skipped.
 */
public final class CsvDerive {
  private CsvDerive() {}

  /**
   * Copies every line and appends the heart rate derived from one ECG column ({@link
   * HeartRate#fromEcg}); the rate is empty (missing) before the second R peak. Rows are the
   * recording's samples in file order at {@code fs} Hz.
   *
   * @param column the ECG column
   * @param fs sampling rate (Hz)
   * @param outColumn name of the new column (must not exist yet)
   * @return the number of R peaks found
   * @throws IllegalArgumentException for an unknown or existing column, a bad field count or a
   *     non-numeric ECG value (messages name the line)
   */
  public static int appendHeartRate(
      Reader in, Writer out, String source, String column, double fs, String outColumn) {
    Table t = readAll(in, source);
    int c = index(t.header, column, source);
    if (t.header.contains(outColumn)) {
      throw new IllegalArgumentException(
          "Invalid output column '" + outColumn + "': " + source + " already has it");
    }
    float[] ecg = new float[t.rows.size()];
    for (int i = 0; i < ecg.length; i++) {
      ecg[i] = (float) CsvSeries.parseValue(t.rows.get(i).get(c), column, source, t.lines.get(i));
    }
    int[] peaks = HeartRate.detectRPeaks(ecg, fs);
    float[] hr = HeartRate.perSample(peaks, ecg.length, fs);
    PrintWriter w = new PrintWriter(out);
    w.print(t.headerLine + "," + quote(outColumn) + "\n");
    for (int i = 0; i < ecg.length; i++) {
      w.print(t.raw.get(i));
      w.print(Float.isNaN(hr[i]) ? "," : String.format(Locale.ROOT, ",%.4f", hr[i]));
      w.print('\n');
    }
    w.flush();
    return peaks.length;
  }

  /**
   * Wide to long: every column except {@code idColumn} becomes one series. Writes the header {@code
   * idColumn,seriesName,valueName}, then for each value column in header order its rows in file
   * order (so each series is contiguous), the value copied as it is (missing stays missing).
   *
   * @return the number of series written
   * @throws IllegalArgumentException for an unknown id column or a bad field count
   */
  public static int toLong(
      Reader in, Writer out, String source, String idColumn, String seriesName, String valueName) {
    Table t = readAll(in, source);
    int id = index(t.header, idColumn, source);
    if (seriesName.equals(valueName) || seriesName.equals(idColumn) || valueName.equals(idColumn)) {
      throw new IllegalArgumentException(
          "Invalid column names '"
              + idColumn
              + "', '"
              + seriesName
              + "', '"
              + valueName
              + "': they must differ");
    }
    PrintWriter w = new PrintWriter(out);
    w.print(quote(idColumn) + "," + quote(seriesName) + "," + quote(valueName) + "\n");
    int series = 0;
    for (int c = 0; c < t.header.size(); c++) {
      if (c == id) {
        continue;
      }
      series++;
      String name = quote(t.header.get(c));
      for (List<String> row : t.rows) {
        String v = row.get(c).strip();
        w.print(quote(row.get(id)) + "," + name + "," + (CsvSeries.isMissing(v) ? "" : quote(v)));
        w.print('\n');
      }
    }
    w.flush();
    return series;
  }

  private record Table(
      String headerLine,
      List<String> header,
      List<List<String>> rows,
      List<String> raw,
      List<Integer> lines) {}

  private static Table readAll(Reader reader, String source) {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    try {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IllegalArgumentException(source + ": empty file, expected a header row");
      }
      if (headerLine.startsWith("\uFEFF")) {
        headerLine = headerLine.substring(1);
      }
      List<String> header = CsvSeries.split(headerLine, source, 1);
      List<List<String>> rows = new ArrayList<>();
      List<String> raw = new ArrayList<>();
      List<Integer> lines = new ArrayList<>();
      int lineNo = 1;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        List<String> f = CsvSeries.split(line, source, lineNo);
        if (f.size() != header.size()) {
          throw new IllegalArgumentException(
              source
                  + " line "
                  + lineNo
                  + ": "
                  + f.size()
                  + " fields, the header has "
                  + header.size());
        }
        rows.add(f);
        raw.add(line);
        lines.add(lineNo);
      }
      return new Table(headerLine, header, rows, raw, lines);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
  }

  private static int index(List<String> header, String column, String source) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Unknown column '" + column + "' in " + source + "; columns are " + header);
    }
    return i;
  }

  /** A CSV field: quoted when it holds a comma, a quote or a line break. */
  static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }
}
