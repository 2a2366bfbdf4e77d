package dev.hiss.forecasting.evaluate.internal;

import dev.hiss.forecasting.data.CalendarCovariate;
import dev.hiss.forecasting.data.MaskedArray;
import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.data.Series;
import dev.hiss.forecasting.evaluate.BadRequestException;
import dev.hiss.forecasting.evaluate.EvaluateRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The known-ahead covariates of the forecast task, per used series of a {@link ForecastPrep}: the
 * {@code --covariates} columns (read as the series' input columns) followed by the {@code
 * --calendar-covariates} derived from the time labels, {@code [rows][K]}. Normalized with the mean
 * and std of the training rows (every series' training part), like the targets.
 */
public final class ForecastCovariates {
  private final List<double[][]> raw = new ArrayList<>();
  private final List<double[][]> normalized = new ArrayList<>();
  private final int count;

  /**
   * Collects and normalizes the covariates.
   *
   * @param inputColumns the input columns the CSV was read with ({@code --covariates} among them)
   * @throws BadRequestException when a time label cannot be read or a covariate has no training
   *     value
   */
  public ForecastCovariates(EvaluateRequest r, ForecastPrep prep, List<String> inputColumns) {
    this.count = r.covariateCount();
    List<MaskedArray> training = new ArrayList<>();
    for (int i = 0; i < prep.series().size(); i++) {
      Series s = prep.series().get(i);
      double[][] x = new double[s.rows()][count];
      for (int j = 0; j < r.covariates().size(); j++) {
        int col = inputColumns.indexOf(r.covariates().get(j));
        for (int t = 0; t < s.rows(); t++) {
          x[t][j] = s.inputs().present()[t][col] ? s.inputs().values()[t][col] : Double.NaN;
        }
      }
      if (!r.calendar().isEmpty()) {
        double[][] cal;
        try {
          cal = CalendarCovariate.derive(s.times(), r.calendar(), r.stepsPerDay());
        } catch (IllegalArgumentException e) {
          throw new BadRequestException(e.getMessage() + " (series '" + s.id() + "')", e);
        }
        for (int t = 0; t < s.rows(); t++) {
          System.arraycopy(cal[t], 0, x[t], r.covariates().size(), cal[t].length);
        }
      }
      raw.add(x);
      double[][] part = new double[prep.splits().get(i).train().end()][];
      System.arraycopy(x, 0, part, 0, part.length);
      training.add(MaskedArray.fromNaN(part));
    }
    Normalizer norm;
    try {
      norm = Normalizer.fit(training);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          "Invalid --covariates: " + e.getMessage() + " in the training part", e);
    }
    for (double[][] x : raw) {
      double[][] z = norm.apply(x);
      for (double[] row : z) {
        for (int k = 0; k < row.length; k++) {
          row[k] = Double.isFinite(row[k]) ? row[k] : 0; // missing: the training mean
        }
      }
      normalized.add(z);
    }
  }

  /** K, covariates per row. */
  public int count() {
    return count;
  }

  /** Used series i's covariates in original units, {@code [rows][K]}, NaN where missing. */
  public double[][] raw(int i) {
    return raw.get(i);
  }

  /** Used series i's normalized covariates, {@code [rows][K]}, 0 (the mean) where missing. */
  public double[][] normalized(int i) {
    return normalized.get(i);
  }
}
