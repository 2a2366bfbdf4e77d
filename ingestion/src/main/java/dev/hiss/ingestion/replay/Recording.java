package dev.hiss.ingestion.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * A single-channel recording read from a CSV with a header line {@code time_column,value_column}
 * (times in seconds from the start).
 *
 * @param name short name of the recording
 * @param channel channel name (the value column's header)
 * @param timesS sample times in seconds, strictly increasing: {@code [length]}
 * @param values sample values: {@code [length]}
 */
public record Recording(String name, String channel, double[] timesS, double[] values) {
  /** Validates lengths and time order. */
  public Recording {
    if (timesS.length != values.length) {
      throw new IllegalArgumentException(
          "Invalid recording "
              + name
              + ": "
              + timesS.length
              + " times, "
              + values.length
              + " values");
    }
    if (timesS.length == 0) {
      throw new IllegalArgumentException("Invalid recording " + name + ": no samples");
    }
  }

  /** Classpath resource of the bundled ECG (gzip CSV {@code t_s,ecg_mV}). */
  public static final String BUNDLED_ECG_RESOURCE =
      "/dev/hiss/ingestion/recordings/ecg_mitbih208_360hz.csv.gz";

  /** The recording bundled with the project: MIT-BIH record 208, lead MLII, 360 Hz, 5 minutes. */
  public static Recording bundledEcg() {
    String resource = BUNDLED_ECG_RESOURCE;
    InputStream in = Recording.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("Bundled recording missing from the classpath: " + resource);
    }
    try (InputStream gz = new GZIPInputStream(in)) {
      return readCsv("ecg_mitbih208", gz);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read bundled recording " + resource, e);
    }
  }

  /**
   * Reads a two-column CSV ({@code time_s,value}) with a header line.
   *
   * @throws IllegalArgumentException naming the line and value for anything unparseable
   */
  public static Recording readCsv(String name, InputStream csv) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
    String header = r.readLine();
    if (header == null) {
      throw new IllegalArgumentException("Invalid CSV " + name + ": empty");
    }
    String[] cols = header.split(",");
    if (cols.length != 2) {
      throw new IllegalArgumentException(
          "Invalid CSV header of " + name + " = '" + header + "'; expected time_s,value");
    }
    double[] t = new double[1 << 12];
    double[] v = new double[1 << 12];
    int n = 0;
    int lineNo = 1;
    for (String line = r.readLine(); line != null; line = r.readLine()) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      int comma = line.indexOf(',');
      if (comma < 0) {
        throw new IllegalArgumentException(
            "Invalid CSV line " + lineNo + " of " + name + ": " + line);
      }
      if (n == t.length) {
        t = Arrays.copyOf(t, n * 2);
        v = Arrays.copyOf(v, n * 2);
      }
      try {
        t[n] = Double.parseDouble(line.substring(0, comma));
        v[n] = Double.parseDouble(line.substring(comma + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "Invalid number on CSV line " + lineNo + " of " + name + ": '" + line + "'", e);
      }
      if (n > 0 && !(t[n] > t[n - 1])) {
        throw new IllegalArgumentException(
            "Invalid time on CSV line "
                + lineNo
                + " of "
                + name
                + " = "
                + t[n]
                + "; not after "
                + t[n - 1]);
      }
      n++;
    }
    return new Recording(name, cols[1].trim(), Arrays.copyOf(t, n), Arrays.copyOf(v, n));
  }

  /** Number of samples. */
  public int length() {
    return values.length;
  }

  /** Mean sample rate in Hz. */
  public double sampleRateHz() {
    return length() < 2 ? Double.NaN : (length() - 1) / (timesS[length() - 1] - timesS[0]);
  }
}
