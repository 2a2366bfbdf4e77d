package dev.hiss.spark.ml;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.evaluation.Evaluator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Time-aware model selection by rolling-origin evaluation (an expanding training window): the time
 * range {@code [t_min, t_max]} of {@code timeCol} is cut at {@code t_0 = t_min + initialFraction·(
 * t_max − t_min)}, and the rest into {@code folds} equal validation windows. Fold {@code i} trains
 * on rows with time &lt; {@code origin_i} and validates on {@code [origin_i, origin_{i+1})} (the
 * last window includes {@code t_max}), so no fold trains on anything at or after its validation
 * start. Each param map is scored by its mean metric over the folds; the best is refit on all rows.
 *
 * <p>Unlike Spark's {@code CrossValidator} this is not a pipeline stage (and so not persisted): it
 * returns the selection and the refit model, whose own persistence applies.
 */
public final class RollingOriginValidator {
  private RollingOriginValidator() {}

  /**
   * @param timeCol a numeric (long) time column, e.g. an episode's start time in epoch ns
   * @param folds number of validation windows, 1..100
   * @param initialFraction the fraction of the time range always used for training, in (0, 1)
   */
  public record Config(String timeCol, int folds, double initialFraction) {
    /** Validates every field. */
    public Config {
      if (timeCol == null || timeCol.isBlank()) {
        throw new IllegalArgumentException("Invalid timeCol = " + timeCol);
      }
      if (folds < 1 || folds > 100) {
        throw new IllegalArgumentException("Invalid folds = " + folds + "; must be in [1, 100]");
      }
      if (!(initialFraction > 0 && initialFraction < 1)) {
        throw new IllegalArgumentException(
            "Invalid initialFraction = " + initialFraction + "; must be in (0, 1)");
      }
    }
  }

  /**
   * One fold's time windows.
   *
   * @param fold 0-based index
   * @param origin training rows have time &lt; origin; validation starts here
   * @param validUntil validation rows have time &lt; validUntil (≤ for the last fold)
   * @param last whether it is the last fold
   */
  public record Fold(int fold, long origin, long validUntil, boolean last) {}

  /**
   * The selection.
   *
   * @param folds the folds
   * @param metrics metric of each param map on each fold, {@code [map][fold]}
   * @param mean mean metric of each param map
   * @param bestIndex the index of the best param map
   * @param bestModel the estimator refit on all rows with the best param map
   * @param <M> the model type
   */
  public record Result<M extends Model<M>>(
      List<Fold> folds, double[][] metrics, double[] mean, int bestIndex, M bestModel) {}

  /** The folds of a dataset's time range. */
  public static List<Fold> folds(Dataset<?> data, Config c) {
    Row r = data.agg(min(c.timeCol()), max(c.timeCol())).first();
    if (r.isNullAt(0)) {
      throw new IllegalArgumentException("No rows to split");
    }
    long lo = ((Number) r.get(0)).longValue();
    long hi = ((Number) r.get(1)).longValue();
    long t0 = lo + (long) Math.floor((hi - lo) * c.initialFraction());
    List<Fold> out = new ArrayList<>();
    for (int i = 0; i < c.folds(); i++) {
      long from = t0 + (long) Math.floor((double) (hi - t0) * i / c.folds());
      long to = t0 + (long) Math.floor((double) (hi - t0) * (i + 1) / c.folds());
      out.add(new Fold(i, from, to, i == c.folds() - 1));
    }
    return out;
  }

  /**
   * Scores every param map on every fold and refits the best on all rows.
   *
   * @param estimator the estimator
   * @param paramMaps candidate param maps, at least one
   * @param evaluator the metric ({@link Evaluator#isLargerBetter()} decides "best")
   * @param data the rows, with {@code timeCol}
   * @param c the configuration
   * @return the selection
   */
  public static <M extends Model<M>> Result<M> fit(
      Estimator<M> estimator,
      ParamMap[] paramMaps,
      Evaluator evaluator,
      Dataset<?> data,
      Config c) {
    if (paramMaps == null || paramMaps.length == 0) {
      throw new IllegalArgumentException("Invalid paramMaps: need at least one");
    }
    List<Fold> folds = folds(data, c);
    double[][] metrics = new double[paramMaps.length][folds.size()];
    for (Fold f : folds) {
      Dataset<?> train = data.filter(col(c.timeCol()).lt(f.origin()));
      Dataset<?> valid =
          data.filter(
              col(c.timeCol())
                  .geq(f.origin())
                  .and(
                      f.last()
                          ? col(c.timeCol()).leq(f.validUntil())
                          : col(c.timeCol()).lt(f.validUntil())));
      if (train.isEmpty() || valid.isEmpty()) {
        throw new IllegalArgumentException(
            "Fold " + f.fold() + " has no training or no validation rows: " + f);
      }
      for (int m = 0; m < paramMaps.length; m++) {
        M model = estimator.fit(train, paramMaps[m]);
        metrics[m][f.fold()] = evaluator.evaluate(model.transform(valid));
      }
    }
    double[] mean = new double[paramMaps.length];
    int best = 0;
    for (int m = 0; m < paramMaps.length; m++) {
      for (double v : metrics[m]) {
        mean[m] += v / folds.size();
      }
      boolean better = evaluator.isLargerBetter() ? mean[m] > mean[best] : mean[m] < mean[best];
      if (better) {
        best = m;
      }
    }
    return new Result<>(folds, metrics, mean, best, estimator.fit(data, paramMaps[best]));
  }
}
