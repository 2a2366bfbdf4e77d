package dev.hiss.ingestion.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A CSV file with a header row, held as strings: RFC 4180 quoting (quoted fields may contain commas
 * and doubled quotes), blank lines skipped, every row must have the header's column count. Files
 * ending in {@code .gz} are decompressed.
 */
public final class CsvTable {
  private final String name;
  private final String[] header;
  private final List<String[]> rows;

  private CsvTable(String name, String[] header, List<String[]> rows) {
    this.name = name;
    this.header = header;
    this.rows = rows;
  }

  /** Reads a file. */
  public static CsvTable read(Path file) throws IOException {
    try (InputStream raw = Files.newInputStream(file)) {
      InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
      return read(file.getFileName().toString(), in);
    }
  }

  /**
   * Reads a stream.
   *
   * @throws IllegalArgumentException naming the line for an empty file or a ragged row
   */
  public static CsvTable read(String name, InputStream in) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String first = r.readLine();
    if (first == null) {
      throw new IllegalArgumentException("Invalid CSV " + name + ": empty (no header row)");
    }
    String[] header = split(first.startsWith("\uFEFF") ? first.substring(1) : first);
    List<String[]> rows = new ArrayList<>();
    int lineNo = 1;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = split(line);
      if (f.length != header.length) {
        throw new IllegalArgumentException(
            "Invalid CSV "
                + name
                + " line "
                + lineNo
                + ": "
                + f.length
                + " fields; the header has "
                + header.length);
      }
      rows.add(f);
    }
    return new CsvTable(name, header, rows);
  }

  static String[] split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cur.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(cur.toString().trim());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString().trim());
    return out.toArray(String[]::new);
  }

  /** The file name it was read from. */
  public String name() {
    return name;
  }

  /** Column names. */
  public List<String> header() {
    return List.of(header);
  }

  /** Number of data rows. */
  public int rows() {
    return rows.size();
  }

  /** The raw text of one cell. */
  public String cell(int row, int column) {
    return rows.get(row)[column];
  }

  /**
   * Index of a column.
   *
   * @throws IllegalArgumentException naming the column and the ones that exist
   */
  public int column(String column) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(
        "Unknown column '" + column + "' in " + name + "; columns are " + Arrays.toString(header));
  }

  /**
   * A cell as a number; empty, {@code NA}, {@code NaN} and {@code null} are missing (NaN).
   *
   * @throws IllegalArgumentException naming line, column and text for anything else unparseable
   */
  public double number(int row, int column) {
    String s = rows.get(row)[column];
    if (s.isEmpty() || s.equals("NA") || s.equals("NaN") || s.equalsIgnoreCase("null")) {
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        return Double.NaN;
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "Invalid number in "
              + name
              + " line "
              + (row + 2)
              + ", column '"
              + header[column]
              + "': '"
              + s
              + "'");
    }
  }
}
