package dev.hiss.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.lake.Lake;
import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.ml.regression.LinearRegressionModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a {@link LinearAutoregression} on one channel of the Parquet lake with Spark MLlib.
 *
 * <p>Per device, rows are ordered by {@code seq}; features are lags {@code x[t-i]}, {@code i < p},
 * label is {@code x[t+h]} (window functions, so nothing crosses a device boundary). The split is by
 * time per device: windows whose label lies in the first {@code 1 - validationFraction} of each
 * device's sequence range train, windows that start after it validate (never shuffled across time;
 * windows straddling the cut are in neither). The fit is ordinary least squares (MLlib's
 * normal-equation solver, no regularization), the same estimator as {@link
 * LinearAutoregression#fitLeastSquares}.
 */
public final class TrainAutoregressionJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainAutoregressionJob.class);

  /**
   * @param lake lake root
   * @param channel channel to forecast
   * @param order lags p
   * @param horizon steps ahead h
   * @param validationFraction fraction of each device's time range held out, in (0, 1)
   * @param modelFile where to save the model
   */
  public record Config(
      LakePath lake,
      String channel,
      int order,
      int horizon,
      double validationFraction,
      Path modelFile) {
    /** Validates every field. */
    public Config {
      if (order < 1 || order > 512) {
        throw new IllegalArgumentException("Invalid order = " + order + "; must be in [1, 512]");
      }
      if (horizon < 1) {
        throw new IllegalArgumentException("Invalid horizon = " + horizon + "; must be >= 1");
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException(
            "Invalid validationFraction = " + validationFraction + "; must be in (0, 1)");
      }
      if (lake == null) {
        throw new IllegalArgumentException("Invalid lake = null");
      }
    }

    /** A configuration of a lake in a local directory. */
    public Config(
        Path lake,
        String channel,
        int order,
        int horizon,
        double validationFraction,
        Path modelFile) {
      this(
          lake == null ? null : LakePath.of(lake),
          channel,
          order,
          horizon,
          validationFraction,
          modelFile);
    }
  }

  /**
   * What training produced.
   *
   * @param model the fitted model
   * @param modelVersion the saved file's checksum prefix, carried by every prediction
   * @param trainRows training rows (windows)
   * @param validationRows validation rows
   * @param validationMse validation MSE of the model
   * @param naiveMse validation MSE of the naive forecast {@code x[t+h] = x[t]}
   * @param devices devices in the data
   */
  public record Result(
      LinearAutoregression model,
      String modelVersion,
      long trainRows,
      long validationRows,
      double validationMse,
      double naiveMse,
      long devices) {}

  private TrainAutoregressionJob() {}

  /** Runs the job and saves the model with its provenance. */
  public static Result run(SparkSession spark, Config c) {
    Dataset<Row> series = Lake.channel(spark, c.lake(), c.channel());
    WindowSpec w = Window.partitionBy("device").orderBy("seq");
    Column[] select = new Column[c.order() + 4];
    String[] features = new String[c.order()];
    select[0] = col("device");
    select[1] = col("seq");
    select[2] = col("ts_ns");
    for (int i = 0; i < c.order(); i++) {
      features[i] = "lag_" + i;
      select[3 + i] = (i == 0 ? col("value") : lag(col("value"), i).over(w)).as(features[i]);
    }
    select[3 + c.order()] = lead(col("value"), c.horizon()).over(w).as("label");
    Dataset<Row> rows = series.select(select).na().drop();

    Dataset<Row> bounds =
        series.groupBy("device").agg(min("seq").as("seq_min"), max("seq").as("seq_max"));
    Column cut =
        col("seq_min")
            .plus(col("seq_max").minus(col("seq_min")).multiply(1 - c.validationFraction()));
    Dataset<Row> labelled =
        rows.join(bounds, "device")
            // a training window's label must lie in the training range too
            .withColumn("is_train", col("seq").plus(c.horizon()).leq(cut))
            .withColumn("is_valid", col("seq").gt(cut))
            .cache();
    try {
      Dataset<Row> assembled =
          new VectorAssembler().setInputCols(features).setOutputCol("features").transform(labelled);
      Dataset<Row> train = assembled.filter(col("is_train"));
      Dataset<Row> valid = assembled.filter(col("is_valid"));
      long trainRows = train.count();
      long validRows = valid.count();
      if (trainRows <= c.order() + 1 || validRows == 0) {
        throw new IllegalArgumentException(
            "Too little data in lake "
                + c.lake()
                + " for channel "
                + c.channel()
                + ": "
                + trainRows
                + " training and "
                + validRows
                + " validation windows");
      }
      LinearRegressionModel lr =
          new LinearRegression()
              .setSolver("normal")
              .setRegParam(0.0)
              .setStandardization(false)
              .setFitIntercept(true)
              .setLabelCol("label")
              .setFeaturesCol("features")
              .fit(train);
      LinearAutoregression model =
          new LinearAutoregression(
              c.channel(), c.order(), c.horizon(), lr.intercept(), lr.coefficients().toArray());

      Row errs =
          lr.transform(valid)
              .selectExpr(
                  "avg(pow(prediction - label, 2)) as mse", "avg(pow(lag_0 - label, 2)) as naive")
              .first();
      Row range = series.selectExpr("min(ts_ns)", "max(ts_ns)", "count(distinct device)").first();
      String version = save(spark, c, model, range);
      Result r =
          new Result(
              model,
              version,
              trainRows,
              validRows,
              errs.getDouble(0),
              errs.getDouble(1),
              range.getLong(2));
      LOG.info(
          "Trained AR(p={}, h={}) on {} windows; validation MSE {} (naive {}) on {} windows",
          c.order(),
          c.horizon(),
          trainRows,
          r.validationMse(),
          r.naiveMse(),
          validRows);
      return r;
    } finally {
      labelled.unpersist();
    }
  }

  private static String save(SparkSession spark, Config c, LinearAutoregression m, Row range) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("task", "direct forecast x[t+h] from x[t-p+1..t]");
    config.put("channel", c.channel());
    config.put("order", Integer.toString(c.order()));
    config.put("horizon", Integer.toString(c.horizon()));
    config.put("validationFraction", Double.toString(c.validationFraction()));
    config.put("lake", c.lake().uri());
    config.put("solver", "MLlib LinearRegression normal equations, regParam 0");
    Provenance p =
        new Provenance(
            config,
            0L,
            Instant.ofEpochSecond(0, range.getLong(0)).toString(),
            Instant.ofEpochSecond(0, range.getLong(1)).toString(),
            "spark " + spark.sparkContext().master() + " " + spark.version(),
            Provenance.currentCodeVersion(),
            Instant.now().toString());
    try {
      return m.save(c.modelFile(), p).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model to " + c.modelFile(), e);
    }
  }
}
