package dev.hiss.spark.ml;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.spark.train.DistributedHissTrainer;
import dev.hiss.spark.train.DistributedTrainConfig;
import dev.hiss.spark.train.Episode;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

/**
 * Spark ML estimator of a HiSS sequence-to-sequence regressor. Each row is one episode: the input
 * columns ({@code inputCols}, one per channel) are array&lt;double&gt; of L samples, the label
 * column an array&lt;double&gt; of L/Πk chunk targets (NaN = masked step). Training is {@link
 * DistributedHissTrainer} (synchronous data-parallel over {@code partitions} shards); episode
 * indices follow the dataset's row order, so a fit is deterministic for a given dataset, seed and
 * partitions. Persisted with Spark's default params format.
 */
public final class HissRegressor extends Estimator<HissRegressionModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final HissParams p;

  /** A regressor with a random uid. */
  public HissRegressor() {
    this(Identifiable.randomUID("hissRegressor"));
  }

  /**
   * A regressor with the given uid (used by the reader).
   *
   * @param uid the uid
   */
  public HissRegressor(String uid) {
    this.uid = uid;
    this.p = new HissParams(this);
    setDefault(p.labelCol, "label");
    setDefault(p.predictionCol, "prediction");
    setDefault(p.preset, "tiny");
    setDefault(p.chunkSize, HissConfig.DEFAULT_CHUNK);
    setDefault(p.epochs, HissParams.DEFAULT_EPOCHS);
    setDefault(p.batchSize, HissParams.DEFAULT_BATCH);
    setDefault(p.learningRate, HissParams.DEFAULT_LR);
    setDefault(p.seed, HissParams.DEFAULT_SEED);
    setDefault(p.partitions, 1);
  }

  @Override
  public String uid() {
    return uid;
  }

  /** The input columns param. */
  public StringArrayParam inputCols() {
    return p.inputCols;
  }

  /** The label column param. */
  public Param<String> labelCol() {
    return p.labelCol;
  }

  /** The prediction column param. */
  public Param<String> predictionCol() {
    return p.predictionCol;
  }

  /** The preset param. */
  public Param<String> preset() {
    return p.preset;
  }

  /** The chunk size param. */
  public IntParam chunkSize() {
    return p.chunkSize;
  }

  /** The epochs param. */
  public IntParam epochs() {
    return p.epochs;
  }

  /** The batch size param. */
  public IntParam batchSize() {
    return p.batchSize;
  }

  /** The learning rate param. */
  public DoubleParam learningRate() {
    return p.learningRate;
  }

  /** The seed param. */
  public LongParam seed() {
    return p.seed;
  }

  /** The partitions param. */
  public IntParam partitions() {
    return p.partitions;
  }

  /** Sets {@link #inputCols()}. */
  public HissRegressor setInputCols(String... v) {
    set(p.inputCols, v);
    return this;
  }

  /** Sets {@link #labelCol()}. */
  public HissRegressor setLabelCol(String v) {
    set(p.labelCol, v);
    return this;
  }

  /** Sets {@link #predictionCol()}. */
  public HissRegressor setPredictionCol(String v) {
    set(p.predictionCol, v);
    return this;
  }

  /** Sets {@link #preset()}. */
  public HissRegressor setPreset(String v) {
    set(p.preset, v);
    return this;
  }

  /** Sets {@link #chunkSize()}. */
  public HissRegressor setChunkSize(int v) {
    set(p.chunkSize, v);
    return this;
  }

  /** Sets {@link #epochs()}. */
  public HissRegressor setEpochs(int v) {
    set(p.epochs, v);
    return this;
  }

  /** Sets {@link #batchSize()}. */
  public HissRegressor setBatchSize(int v) {
    set(p.batchSize, v);
    return this;
  }

  /** Sets {@link #learningRate()}. */
  public HissRegressor setLearningRate(double v) {
    set(p.learningRate, v);
    return this;
  }

  /** Sets {@link #seed()}. */
  public HissRegressor setSeed(long v) {
    set(p.seed, v);
    return this;
  }

  /** Sets {@link #partitions()}. */
  public HissRegressor setPartitions(int v) {
    set(p.partitions, v);
    return this;
  }

  /** The model shape these params and {@code inputDim} input channels give (one output). */
  static HissConfig hissConfig(String preset, int chunkSize, int inputDim) {
    HissConfig base = HissPresets.preset(preset, inputDim, 1);
    List<Integer> chunks = new ArrayList<>(base.chunks());
    chunks.set(0, chunkSize);
    return new HissConfig(inputDim, 1, base.levels(), chunks);
  }

  @Override
  public HissRegressionModel fit(Dataset<?> dataset) {
    transformSchema(dataset.schema(), true);
    String[] in = getOrDefault(p.inputCols);
    HissParams.requireSequence(dataset.schema(), getOrDefault(p.labelCol));
    HissConfig config =
        hissConfig(getOrDefault(p.preset), (Integer) getOrDefault(p.chunkSize), in.length);
    org.apache.spark.sql.Column[] cols = new org.apache.spark.sql.Column[in.length + 1];
    for (int i = 0; i < in.length; i++) {
      cols[i] = dataset.col(in[i]);
    }
    cols[in.length] = dataset.col(getOrDefault(p.labelCol));
    JavaRDD<Episode> episodes =
        dataset
            .select(cols)
            .toDF()
            .javaRDD()
            .zipWithIndex()
            .map(t -> Rows.episode(t._1(), Math.toIntExact(t._2()), in.length));
    long seed = (Long) getOrDefault(p.seed);
    HissModel model = new HissModel(config, seed);
    TrainConfig train =
        new TrainConfig(
            (Double) getOrDefault(p.learningRate),
            0.9,
            0.999,
            1e-8,
            (Integer) getOrDefault(p.batchSize),
            (Integer) getOrDefault(p.epochs),
            seed);
    new DistributedHissTrainer(
            model, new DistributedTrainConfig(train, (Integer) getOrDefault(p.partitions)))
        .fit(episodes);
    HissRegressionModel m = new HissRegressionModel(uid, model);
    m.setParent(this);
    return copyValues(m, ParamMap.empty());
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return Rows.outputSchema(schema, getOrDefault(p.inputCols), getOrDefault(p.predictionCol));
  }

  @Override
  public HissRegressor copy(ParamMap extra) {
    return defaultCopy(extra);
  }

  /** The reader of saved regressors. */
  public static MLReader<HissRegressor> read() {
    return new Readable().read();
  }

  /** Loads a saved regressor. */
  public static HissRegressor load(String path) {
    return read().load(path);
  }

  private static final class Readable implements DefaultParamsReadable<HissRegressor> {}
}
