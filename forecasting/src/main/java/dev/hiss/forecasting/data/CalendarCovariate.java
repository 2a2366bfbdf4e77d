package dev.hiss.forecasting.data;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Calendar covariates derived from a time column, known ahead for any future row. Each is encoded
 * by Fourier terms so that a linear model can use it and the encoding is continuous across midnight
 * and the week's end: time of day f ∈ [0, 1) as sin/cos(2π·m·f), m = 1..{@value #DAY_HARMONICS};
 * day of week w ∈ [0, 7) (Monday = 0 for dates) as sin/cos(2π·m·w/7), m = 1..{@value
 * #WEEK_HARMONICS}.
 *
 * <p>Time labels are ISO-8601 date-times ({@code 2011-01-01T00:30}, a space instead of the {@code
 * T}, an optional offset) or dates, or numbers: a step index t with {@code stepsPerDay} S rows per
 * day (f = (t mod S)/S, w = ⌊t/S⌋ mod 7, counting days from the index 0).
 */
public enum CalendarCovariate {
  /** The time of day. */
  TIME_OF_DAY("time-of-day"),
  /** The day of the week. */
  DAY_OF_WEEK("day-of-week");

  /** Fourier harmonics of the time of day. */
  public static final int DAY_HARMONICS = 3;

  /** Fourier harmonics of the day of the week. */
  public static final int WEEK_HARMONICS = 2;

  private final String cliName;

  CalendarCovariate(String cliName) {
    this.cliName = cliName;
  }

  /** The command-line name, e.g. {@code "time-of-day"}. */
  public String cliName() {
    return cliName;
  }

  /** Columns this covariate derives: 2·harmonics. */
  public int width() {
    return 2 * (this == TIME_OF_DAY ? DAY_HARMONICS : WEEK_HARMONICS);
  }

  /** Names of the derived columns, e.g. {@code tod_sin1, tod_cos1, …}. */
  public List<String> columnNames() {
    String p = this == TIME_OF_DAY ? "tod" : "dow";
    List<String> out = new ArrayList<>();
    for (int m = 1; m <= width() / 2; m++) {
      out.add(p + "_sin" + m);
      out.add(p + "_cos" + m);
    }
    return out;
  }

  /**
   * Parses a comma-separated list such as {@code "time-of-day,day-of-week"}.
   *
   * @throws IllegalArgumentException naming the unknown value and the choices
   */
  public static List<CalendarCovariate> parseList(String text) {
    List<CalendarCovariate> out = new ArrayList<>();
    for (String part : text.split(",", -1)) {
      String n = part.strip().toLowerCase(Locale.ROOT);
      CalendarCovariate found = null;
      for (CalendarCovariate c : values()) {
        if (c.cliName.equals(n)) {
          found = c;
        }
      }
      if (found == null || out.contains(found)) {
        throw new IllegalArgumentException(
            "Invalid calendar covariate = '"
                + part.strip()
                + "'; must be time-of-day or day-of-week, each at most once");
      }
      out.add(found);
    }
    return List.copyOf(out);
  }

  /**
   * The covariates of every row.
   *
   * @param times {@code [rows]} time labels
   * @param covariates which to derive, in order
   * @param stepsPerDay S for numeric labels, or 0 when labels are dates
   * @return {@code [rows][Σ width]}
   * @throws IllegalArgumentException naming the first label that cannot be read
   */
  public static double[][] derive(
      List<String> times, List<CalendarCovariate> covariates, int stepsPerDay) {
    int width = covariates.stream().mapToInt(CalendarCovariate::width).sum();
    double[][] out = new double[times.size()][width];
    for (int i = 0; i < times.size(); i++) {
      double[] dayWeek = dayAndWeek(times.get(i), stepsPerDay, i);
      int col = 0;
      for (CalendarCovariate c : covariates) {
        double phase = c == TIME_OF_DAY ? dayWeek[0] : dayWeek[1] / 7;
        for (int m = 1; m <= c.width() / 2; m++) {
          out[i][col++] = Math.sin(2 * Math.PI * m * phase);
          out[i][col++] = Math.cos(2 * Math.PI * m * phase);
        }
      }
    }
    return out;
  }

  /** {fraction of the day, day of week incl. that fraction}. */
  private static double[] dayAndWeek(String label, int stepsPerDay, int row) {
    String s = label == null ? "" : label.strip();
    try {
      double t = Double.parseDouble(s);
      if (stepsPerDay < 1) {
        throw new IllegalArgumentException(
            "Invalid --steps-per-day = "
                + stepsPerDay
                + ": the time column holds numbers ('"
                + s
                + "' at row "
                + row
                + "); calendar covariates need the rows per day");
      }
      double day = Math.floor(t / stepsPerDay);
      double f = (t - day * stepsPerDay) / stepsPerDay;
      return new double[] {f, Math.floorMod((long) day, 7) + f};
    } catch (NumberFormatException e) {
      // not a number: a date or date-time
    }
    LocalDateTime dt = parseDateTime(s);
    if (dt == null) {
      throw new IllegalArgumentException(
          "Invalid time label = '"
              + s
              + "' at row "
              + row
              + "; calendar covariates need ISO-8601 date-times, dates or step numbers");
    }
    double f = dt.toLocalTime().toSecondOfDay() / 86400.0;
    return new double[] {f, dt.getDayOfWeek().getValue() - 1 + f};
  }

  private static LocalDateTime parseDateTime(String s) {
    String t =
        s.length() > 10 && s.charAt(10) == ' ' ? s.substring(0, 10) + "T" + s.substring(11) : s;
    try {
      return LocalDateTime.parse(t);
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return OffsetDateTime.parse(t).toLocalDateTime();
    } catch (DateTimeParseException e) {
      // try the next form
    }
    try {
      return LocalDate.parse(t).atStartOfDay();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
