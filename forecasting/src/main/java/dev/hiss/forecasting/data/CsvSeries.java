package dev.hiss.forecasting.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Reads numeric series from a CSV file with a header row. Fields may be double-quoted ({@code ""}
 * escapes a quote); quoted fields may not span lines. Empty, {@code NA} and {@code NaN} (any case)
 * are missing values and become masks; any other non-numeric or infinite value is an error naming
 * the line, column and value. Rows keep file order within each series.
 */
public final class CsvSeries {
  private CsvSeries() {}

  /** Reads a file; see {@link #read(Reader, String, CsvSpec)}. */
  public static SeriesTable read(Path file, CsvSpec spec) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r, file.getFileName().toString(), spec);
    }
  }

  /**
   * Reads CSV text.
   *
   * @param source name used in messages and as the series id when there is no series column
   * @throws IllegalArgumentException for an unknown column, a bad field count or a non-numeric
   *     value
   */
  public static SeriesTable read(Reader reader, String source, CsvSpec spec) {
    BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
    try {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IllegalArgumentException(source + ": empty file, expected a header row");
      }
      List<String> header = split(stripBom(headerLine), source, 1);
      int timeIdx = spec.timeColumn() == null ? -1 : index(header, spec.timeColumn(), source);
      int seriesIdx = spec.seriesColumn() == null ? -1 : index(header, spec.seriesColumn(), source);
      int[] inIdx = indices(header, spec.inputColumns(), source);
      int[] outIdx = indices(header, spec.targetColumns(), source);
      LinkedHashSet<String> selected = new LinkedHashSet<>(spec.inputColumns());
      selected.addAll(spec.targetColumns());
      Map<String, Builder> groups = new LinkedHashMap<>();
      long[] missing = new long[header.size()];
      long rows = 0;
      int lineNo = 1;
      String line;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        List<String> f = split(line, source, lineNo);
        if (f.size() != header.size()) {
          throw new IllegalArgumentException(
              source
                  + " line "
                  + lineNo
                  + ": expected "
                  + header.size()
                  + " fields, found "
                  + f.size());
        }
        String id = seriesIdx < 0 ? source : f.get(seriesIdx);
        Builder b = groups.computeIfAbsent(id, k -> new Builder());
        if (timeIdx >= 0) {
          b.times.add(f.get(timeIdx));
        }
        b.inputs.add(parseRow(f, inIdx, header, source, lineNo));
        b.targets.add(parseRow(f, outIdx, header, source, lineNo));
        for (String c : selected) {
          int k = header.indexOf(c);
          missing[k] += isMissing(f.get(k)) ? 1 : 0;
        }
        rows++;
      }
      if (rows == 0) {
        throw new IllegalArgumentException(source + ": no data rows after the header");
      }
      List<Series> series = new ArrayList<>();
      for (Map.Entry<String, Builder> e : groups.entrySet()) {
        Builder b = e.getValue();
        series.add(
            new Series(
                e.getKey(),
                b.times,
                MaskedArray.fromNaN(b.inputs.toArray(new double[0][])),
                MaskedArray.fromNaN(b.targets.toArray(new double[0][]))));
      }
      List<ColumnCount> counts = new ArrayList<>();
      for (String c : selected) {
        counts.add(new ColumnCount(c, rows, missing[header.indexOf(c)]));
      }
      return new SeriesTable(source, spec.inputColumns(), spec.targetColumns(), series, counts);
    } catch (IOException e) {
      throw new UncheckedIOException(source + ": " + e.getMessage(), e);
    }
  }

  private static final class Builder {
    final List<String> times = new ArrayList<>();
    final List<double[]> inputs = new ArrayList<>();
    final List<double[]> targets = new ArrayList<>();
  }

  private static double[] parseRow(
      List<String> f, int[] idx, List<String> header, String source, int lineNo) {
    double[] row = new double[idx.length];
    for (int j = 0; j < idx.length; j++) {
      row[j] = parseValue(f.get(idx[j]), header.get(idx[j]), source, lineNo);
    }
    return row;
  }

  /** True for the missing-value tokens: empty, NA, NaN (any case, surrounding blanks ignored). */
  static boolean isMissing(String raw) {
    String s = raw.strip();
    return s.isEmpty() || s.equalsIgnoreCase("NA") || s.equalsIgnoreCase("NaN");
  }

  /** A field's value: NaN for a missing value. */
  static double parseValue(String raw, String column, String source, int lineNo) {
    if (isMissing(raw)) {
      return Double.NaN;
    }
    String s = raw.strip();
    double v;
    try {
      v = Double.parseDouble(s);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!Double.isFinite(v) || !s.matches("[-+]?[0-9.]+([eE][-+]?[0-9]+)?")) {
      throw new IllegalArgumentException(
          source
              + " line "
              + lineNo
              + ": column '"
              + column
              + "' has non-numeric value '"
              + raw
              + "'");
    }
    return v;
  }

  private static int index(List<String> header, String column, String source) {
    int i = header.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException(
          "Unknown column '" + column + "' in " + source + "; columns are " + header);
    }
    return i;
  }

  private static int[] indices(List<String> header, List<String> columns, String source) {
    int[] idx = new int[columns.size()];
    for (int j = 0; j < idx.length; j++) {
      idx[j] = index(header, columns.get(j), source);
    }
    return idx;
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }

  /** Splits one CSV line into fields, unquoting double-quoted fields. */
  static List<String> split(String line, String source, int lineNo) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException(source + " line " + lineNo + ": unterminated quote");
    }
    out.add(cur.toString().replace("\r", ""));
    return out;
  }
}
