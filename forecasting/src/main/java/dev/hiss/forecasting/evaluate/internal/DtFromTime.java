package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.Series;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.task.Seq2SeqSample;
import dev.hiss.model.hiss.Seq2SeqData;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-row Δt scales of {@code --dt-from-time}: row t of a series gets (τ_t − τ_{t−1}) / m, the
 * gap to the previous row of its series over m, the median gap of the training part (gaps of the
 * rows of the training episodes, every series together); the first row of a series gets 1. Times τ
 * are the {@code --time-col} labels read as numbers, or as ISO-8601 instants, offset date-times,
 * local date-times (taken as UTC) or dates, in seconds. A row whose gap is not positive (or whose
 * label does not parse) is a {@link BadRequestException} naming the row.
 */
public final class DtFromTime {
  private final Map<String, double[]> gaps = new LinkedHashMap<>();
  private final double median;

  /**
   * Reads the times of every series and fits the median gap on the training episodes.
   *
   * @param table the series, with time labels
   * @param train the training episodes
   * @throws BadRequestException for a label that is no time, or a gap that is not positive
   */
  public DtFromTime(SeriesTable table, List<Seq2SeqSample> train) {
    for (Series s : table.series()) {
      gaps.put(s.id(), gaps(s));
    }
    List<Double> fit = new ArrayList<>();
    for (Seq2SeqSample e : train) {
      double[] g = gaps.get(e.series());
      for (int t = Math.max(1, e.start()); t < e.start() + e.input().rows(); t++) {
        fit.add(g[t]);
      }
    }
    if (fit.isEmpty()) {
      throw new BadRequestException(
          "Invalid --dt-from-time: the training part has no gap between two rows");
    }
    fit.sort(null);
    int n = fit.size();
    median = n % 2 == 1 ? fit.get(n / 2) : (fit.get(n / 2 - 1) + fit.get(n / 2)) / 2;
  }

  private static double[] gaps(Series s) {
    if (s.times().size() != s.rows()) {
      throw new BadRequestException("Invalid --dt-from-time: series '" + s.id() + "' has no times");
    }
    double[] g = new double[s.rows()];
    double previous = Double.NaN;
    for (int t = 0; t < s.rows(); t++) {
      String label = s.times().get(t);
      double tau = seconds(label, s.id(), t);
      if (t > 0) {
        g[t] = tau - previous;
        if (!(g[t] > 0)) {
          throw new BadRequestException(
              "Invalid --dt-from-time: row "
                  + (t + 1)
                  + " of series '"
                  + s.id()
                  + "' has time '"
                  + label
                  + "', not after the previous row's '"
                  + s.times().get(t - 1)
                  + "' (gap "
                  + g[t]
                  + " s); times must increase strictly");
        }
      }
      previous = tau;
    }
    return g;
  }

  /**
   * A time label in seconds.
   *
   * @param label a number, or an ISO-8601 instant, offset date-time, local date-time (UTC) or date
   * @param series the series, for the message
   * @param row 0-based row, for the message
   * @return seconds (the number itself for a numeric label)
   */
  static double seconds(String label, String series, int row) {
    String v = label == null ? "" : label.strip();
    try {
      double d = Double.parseDouble(v);
      if (Double.isFinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // not a number: try the date-time forms
    }
    try {
      return epoch(Instant.parse(v));
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return epoch(OffsetDateTime.parse(v).toInstant());
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return epoch(LocalDateTime.parse(v).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return epoch(LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      throw new BadRequestException(
          "Invalid --dt-from-time: row "
              + (row + 1)
              + " of series '"
              + series
              + "' has time '"
              + label
              + "', neither a number nor an ISO-8601 date-time",
          e);
    }
  }

  private static double epoch(Instant i) {
    return i.getEpochSecond() + i.getNano() * 1e-9;
  }

  /** The median gap of the training part, in the time column's units (seconds for date-times). */
  public double median() {
    return median;
  }

  /**
   * The Δt scale of a row.
   *
   * @param series the series id
   * @param row 0-based row in the series
   * @return gap / median, or 1 for the first row
   */
  public double scale(String series, int row) {
    return row == 0 ? 1 : gaps.get(series)[row] / median;
  }

  /**
   * The episodes' model data with the Δt channel appended (the model input layout of a HiSS model
   * with Δt: [n, L, D_in + 1]).
   *
   * @param d the data of {@code eps}, [n, L, D_in]
   * @param eps the episodes, in the order of {@code d}
   * @return [n, L, D_in + 1]
   */
  public Seq2SeqData append(Seq2SeqData d, List<Seq2SeqSample> eps) {
    int len = d.inputLength();
    int din = d.inputDim();
    float[] x = new float[d.count() * len * (din + 1)];
    for (int e = 0; e < d.count(); e++) {
      Seq2SeqSample s = eps.get(e);
      for (int t = 0; t < len; t++) {
        int row = e * len + t;
        System.arraycopy(d.inputs(), row * din, x, row * (din + 1), din);
        x[row * (din + 1) + din] = (float) scale(s.series(), s.start() + t);
      }
    }
    return new Seq2SeqData(
        x, d.targets(), d.mask(), d.count(), len, din + 1, d.outputLength(), d.outputDim());
  }
}
