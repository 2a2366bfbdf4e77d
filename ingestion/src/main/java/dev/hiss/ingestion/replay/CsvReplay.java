package dev.hiss.ingestion.replay;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns any numeric CSV into device series for {@link ReplayRunner}, in one of three layouts:
 *
 * <ul>
 *   <li><b>long</b> ({@code deviceColumn} set): each row is one sample of the device named in that
 *       column ({@code wsn_single_hop.csv}: {@code mote_id});
 *   <li><b>wide</b> ({@code wideChannel} set): every value column is a device, and its values are
 *       the channel {@code wideChannel} ({@code air_pm10_70stations_daily.csv}: 70 stations);
 *   <li><b>split</b> (neither): the rows are cut into {@code devices} contiguous segments, one per
 *       device, each with its own sequence numbers from 0 (the bundled ECG as a fleet).
 * </ul>
 *
 * Times come from {@code timeColumn}: numbers times {@code secondsPerUnit} after {@code start}, or
 * ISO-8601 dates / date-times (UTC when no zone is given); without a time column, samples are
 * {@code 1 / rateHz} apart. Missing values (empty, NA) are left out of that sample's event.
 *
 * @param timeColumn time column, or null
 * @param secondsPerUnit seconds per unit of a numeric time column (e.g. 1800 for half-hours)
 * @param rateHz sample rate when there is no time column
 * @param start event time of numeric time 0 (and of the first sample without a time column)
 * @param deviceColumn device column (long layout), or null
 * @param wideChannel channel name of the wide layout, or null
 * @param channels value columns to send; empty = every column that is not time or device
 * @param devicePrefix device ids are {@code prefix-<device value or index>}
 * @param devices number of devices of the split layout (>= 1)
 */
public record CsvReplay(
    String timeColumn,
    double secondsPerUnit,
    double rateHz,
    Instant start,
    String deviceColumn,
    String wideChannel,
    List<String> channels,
    String devicePrefix,
    int devices) {
  /** Validates the options. */
  public CsvReplay {
    if (!(secondsPerUnit > 0) || !(rateHz > 0)) {
      throw new IllegalArgumentException(
          "Invalid secondsPerUnit = " + secondsPerUnit + " / rateHz = " + rateHz + "; must be > 0");
    }
    if (devices < 1) {
      throw new IllegalArgumentException("Invalid devices = " + devices + "; must be >= 1");
    }
    if (deviceColumn != null && wideChannel != null) {
      throw new IllegalArgumentException("Give a device column or a wide channel, not both");
    }
    channels = channels == null ? List.of() : List.copyOf(channels);
  }

  /** The device series of a table under these options. */
  public List<DeviceSeries> series(CsvTable t) {
    int timeCol = timeColumn == null ? -1 : t.column(timeColumn);
    int devCol = deviceColumn == null ? -1 : t.column(deviceColumn);
    List<Integer> valueCols = new ArrayList<>();
    if (channels.isEmpty()) {
      for (int c = 0; c < t.header().size(); c++) {
        if (c != timeCol && c != devCol) {
          valueCols.add(c);
        }
      }
    } else {
      for (String ch : channels) {
        valueCols.add(t.column(ch));
      }
    }
    if (valueCols.isEmpty()) {
      throw new IllegalArgumentException("No value columns to replay in " + t.name());
    }
    long[] times = new long[t.rows()];
    for (int r = 0; r < t.rows(); r++) {
      times[r] = timeColumn == null ? start(r / rateHz) : time(t, r, timeCol);
    }
    if (wideChannel != null) {
      List<DeviceSeries> out = new ArrayList<>();
      for (int c : valueCols) {
        double[][] v = new double[t.rows()][1];
        for (int r = 0; r < t.rows(); r++) {
          v[r][0] = t.number(r, c);
        }
        out.add(new DeviceSeries(id(t.header().get(c)), times, List.of(wideChannel), v));
      }
      return out;
    }
    List<String> names = valueCols.stream().map(c -> t.header().get(c)).toList();
    if (devCol >= 0) {
      Map<String, List<Integer>> rowsByDevice = new LinkedHashMap<>();
      for (int r = 0; r < t.rows(); r++) {
        rowsByDevice.computeIfAbsent(t.cell(r, devCol), k -> new ArrayList<>()).add(r);
      }
      List<DeviceSeries> out = new ArrayList<>();
      rowsByDevice.forEach(
          (dev, rows) -> out.add(slice(t, id(dev), rows, times, valueCols, names, false)));
      return out;
    }
    int per = t.rows() / devices;
    if (per == 0) {
      throw new IllegalArgumentException(
          "Invalid devices = " + devices + "; " + t.name() + " has only " + t.rows() + " rows");
    }
    List<DeviceSeries> out = new ArrayList<>();
    for (int d = 0; d < devices; d++) {
      List<Integer> rows = new ArrayList<>();
      for (int r = d * per; r < (d + 1) * per; r++) {
        rows.add(r);
      }
      out.add(slice(t, id(Integer.toString(d)), rows, times, valueCols, names, true));
    }
    return out;
  }

  private DeviceSeries slice(
      CsvTable t,
      String id,
      List<Integer> rows,
      long[] times,
      List<Integer> cols,
      List<String> names,
      boolean rebaseTime) {
    long[] ts = new long[rows.size()];
    double[][] v = new double[rows.size()][cols.size()];
    long base = rebaseTime && !rows.isEmpty() ? times[rows.get(0)] - start(0) : 0;
    for (int i = 0; i < rows.size(); i++) {
      int r = rows.get(i);
      ts[i] = times[r] - base;
      for (int c = 0; c < cols.size(); c++) {
        v[i][c] = t.number(r, cols.get(c));
      }
    }
    return new DeviceSeries(id, ts, names, v);
  }

  private String id(String raw) {
    String cleaned = raw.replaceAll("[^A-Za-z0-9._:-]", "_");
    return devicePrefix == null || devicePrefix.isEmpty() ? cleaned : devicePrefix + "-" + cleaned;
  }

  private long start(double seconds) {
    return start.getEpochSecond() * 1_000_000_000L + start.getNano() + Math.round(seconds * 1e9);
  }

  private long time(CsvTable t, int r, int col) {
    String s = t.cell(r, col);
    try {
      return start(Double.parseDouble(s) * secondsPerUnit);
    } catch (NumberFormatException notNumeric) {
      Instant i;
      try {
        i = Instant.parse(s);
      } catch (DateTimeParseException e1) {
        try {
          i = LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e2) {
          try {
            i = LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
          } catch (DateTimeParseException e3) {
            throw new IllegalArgumentException(
                "Invalid time in "
                    + t.name()
                    + " line "
                    + (r + 2)
                    + ": '"
                    + s
                    + "' is neither a number nor an ISO-8601 date/time");
          }
        }
      }
      return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
  }
}
