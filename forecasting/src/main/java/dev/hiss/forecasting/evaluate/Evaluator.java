package dev.hiss.forecasting.evaluate;

import dev.hiss.forecasting.baseline.ArxForecaster;
import dev.hiss.forecasting.data.ColumnCount;
import dev.hiss.forecasting.data.CsvSeries;
import dev.hiss.forecasting.data.CsvSpec;
import dev.hiss.forecasting.data.Normalizer;
import dev.hiss.forecasting.data.SeriesTable;
import dev.hiss.forecasting.evaluate.EvaluateRequest.Task;
import dev.hiss.forecasting.evaluate.internal.BaselineScoring;
import dev.hiss.forecasting.evaluate.internal.ForecastCovariates;
import dev.hiss.forecasting.evaluate.internal.ForecastNeural;
import dev.hiss.forecasting.evaluate.internal.ForecastPrep;
import dev.hiss.forecasting.evaluate.internal.Seq2SeqScoring;
import dev.hiss.forecasting.metric.ForecastErrors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an {@link EvaluateRequest}: reads the CSV (missing values are masked and counted, never
 * dropped), splits every series in time order, fits normalization on the training part only, trains
 * every model on the training part with the best epoch chosen by validation loss, and scores each
 * on the test part in original and normalized units. On the forecast task the neural models
 * forecast all h rows at once from the last {@code episodeLength} target rows (ForecastWindows), on
 * the same test windows as the baselines; with known-ahead covariates (forecast task) the arx
 * baseline and the neural models also read the covariates of the forecast rows. Deterministic for a
 * given seed (apart from the timings).
 */
public final class Evaluator {
  /** The most test values kept for the forecast-task plot. */
  static final int FORECAST_SAMPLE = 200;

  private Evaluator() {}

  /**
   * Runs the evaluation.
   *
   * @throws BadRequestException when the data do not fit the request (unknown column, empty part)
   */
  public static EvaluationResult run(EvaluateRequest r) {
    SeriesTable table = read(r);
    Map<String, Long> missing = new LinkedHashMap<>();
    for (ColumnCount c : table.counts()) {
      missing.put(c.column(), c.missing());
    }
    long deadline = System.nanoTime() + (long) (r.budgetMinutes() * 60e9);
    return r.task() == Task.SEQ2SEQ
        ? Seq2SeqScoring.run(r, table, missing, deadline)
        : forecast(r, table, missing, deadline);
  }

  /** The input columns read: the inputs, then any covariate not among them. */
  private static List<String> inputColumns(EvaluateRequest r) {
    List<String> cols = new ArrayList<>(r.inputs());
    r.covariates().stream().filter(c -> !cols.contains(c)).forEach(cols::add);
    return cols;
  }

  private static SeriesTable read(EvaluateRequest r) {
    CsvSpec spec;
    try {
      spec = new CsvSpec(r.timeColumn(), r.seriesColumn(), inputColumns(r), r.targets());
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(
          e.getMessage().replace("inputColumns", "--inputs").replace("targetColumns", "--targets"),
          e);
    }
    try {
      return CsvSeries.read(r.csv(), spec);
    } catch (IOException e) {
      throw new BadRequestException("Cannot read --csv " + r.csv() + ": " + e, e);
    } catch (IllegalArgumentException e) {
      throw new BadRequestException(e.getMessage(), e);
    }
  }

  private static EvaluationResult forecast(
      EvaluateRequest r, SeriesTable table, Map<String, Long> missing, long deadline) {
    ForecastPrep prep = new ForecastPrep(table, r.horizon(), r.episodeLength(), r.split());
    ForecastCovariates cov =
        r.covariateCount() == 0 ? null : new ForecastCovariates(r, prep, inputColumns(r));
    ForecastNeural neural = r.hasNeuralModel() ? new ForecastNeural(r, prep, cov) : null;
    Normalizer norm = prep.targetNorm();
    double[] sampleActual = prep.sampleActual(FORECAST_SAMPLE);
    int neuralLeft = (int) r.models().stream().filter(ModelKind::neural).count();
    boolean anyCut = false;
    List<ModelResult> results = new ArrayList<>();
    for (ModelKind m : r.models()) {
      long t0 = System.nanoTime();
      if (m.neural()) {
        long modelDeadline = t0 + Math.max(0, deadline - t0) / neuralLeft--;
        ModelResult res = neural.run(m, modelDeadline, sampleActual.length);
        anyCut |= res.budgetCut();
        results.add(res);
        continue;
      }
      ForecastErrors errors = new ForecastErrors(r.targets(), norm.std());
      double[] sample = nanArray(sampleActual.length);
      String name;
      long params;
      if (m == ModelKind.ARX) {
        ArxForecaster arx = new ArxForecaster(r.arOrder());
        prep.scoreArx(arx, cov, errors, sample);
        name = arx.name() + " with " + cov.count() + " covariates";
        params = ArxForecaster.params(r.targets().size(), r.horizon(), r.arOrder(), cov.count());
      } else {
        prep.score(BaselineScoring.forecaster(m, r.period(), r.arOrder()), errors, sample);
        name = BaselineScoring.forecaster(m, r.period(), r.arOrder()).name();
        params = BaselineScoring.params(m, r.targets().size(), r.horizon(), r.arOrder());
      }
      results.add(
          new ModelResult(
              m.cliName(),
              name,
              errors.report(),
              (System.nanoTime() - t0) / 1e9,
              params,
              0,
              0,
              false,
              List.of(),
              List.of(),
              sample));
    }
    DataSummary data =
        new DataSummary(
            table.rows(),
            table.series().size(),
            prep.windows(),
            neural == null ? prep.seriesUsed() : neural.windows().train().size(),
            neural == null ? prep.seriesUsed() : neural.windows().validation().size(),
            prep.windows(),
            missing,
            0,
            prep.unusedRows(table),
            prep.skipped());
    return new EvaluationResult(
        r,
        data,
        results,
        anyCut,
        new double[][] {norm.mean(), norm.std()},
        prep.sampleSeries(),
        sampleActual);
  }

  /** An array of NaN. */
  public static double[] nanArray(int n) {
    double[] a = new double[n];
    Arrays.fill(a, Double.NaN);
    return a;
  }
}
