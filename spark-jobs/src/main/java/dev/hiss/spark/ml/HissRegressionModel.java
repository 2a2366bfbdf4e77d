package dev.hiss.spark.ml;

import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.io.Provenance;
import dev.hiss.spark.train.ShippedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsReadable;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;

/**
 * A fitted HiSS regressor: adds {@code predictionCol} (array&lt;double&gt; of L/Πk chunk
 * predictions) to each row of input sequences. Saved as Spark's default params metadata under
 * {@code path/metadata} and the weights as a {@link HissModelFile} at {@code path/model.json}, so
 * the saved model is also readable by the plain-Java scorer. Paths must be on a local or mounted
 * filesystem ({@code file:} URIs or plain paths).
 */
public final class HissRegressionModel extends Model<HissRegressionModel>
    implements DefaultParamsWritable {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final HissParams p;
  private transient HissModel model;

  /**
   * A model without weights, for the params reader; {@link #transform} needs weights.
   *
   * @param uid the uid
   */
  public HissRegressionModel(String uid) {
    this.uid = uid;
    this.p = new HissParams(this);
    // the estimator's defaults, so that a model reports the params it was trained with
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

  HissRegressionModel(String uid, HissModel model) {
    this(uid);
    this.model = model;
  }

  @Override
  public String uid() {
    return uid;
  }

  /** Returns the trained HiSS model (live). */
  public HissModel hissModel() {
    if (model == null) {
      throw new IllegalStateException("HissRegressionModel " + uid + " has no weights");
    }
    return model;
  }

  /** The input columns param. */
  public StringArrayParam inputCols() {
    return p.inputCols;
  }

  /** The label column param (as trained). */
  public Param<String> labelCol() {
    return p.labelCol;
  }

  /** The prediction column param. */
  public Param<String> predictionCol() {
    return p.predictionCol;
  }

  /** The preset param (as trained). */
  public Param<String> preset() {
    return p.preset;
  }

  /** The chunk size param (as trained). */
  public IntParam chunkSize() {
    return p.chunkSize;
  }

  /** The epochs param (as trained). */
  public IntParam epochs() {
    return p.epochs;
  }

  /** The batch size param (as trained). */
  public IntParam batchSize() {
    return p.batchSize;
  }

  /** The learning rate param (as trained). */
  public DoubleParam learningRate() {
    return p.learningRate;
  }

  /** The seed param (as trained). */
  public LongParam seed() {
    return p.seed;
  }

  /** The partitions param (as trained). */
  public IntParam partitions() {
    return p.partitions;
  }

  /** Sets {@link #inputCols()}. */
  public HissRegressionModel setInputCols(String... v) {
    set(p.inputCols, v);
    return this;
  }

  /** Sets {@link #predictionCol()}. */
  public HissRegressionModel setPredictionCol(String v) {
    set(p.predictionCol, v);
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    return Rows.outputSchema(schema, getOrDefault(p.inputCols), getOrDefault(p.predictionCol));
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema(), true);
    String[] in = getOrDefault(p.inputCols);
    int[] idx = new int[in.length];
    for (int i = 0; i < in.length; i++) {
      idx[i] = dataset.schema().fieldIndex(in[i]);
    }
    ShippedModel shipped = new ShippedModel(hissModel());
    JavaRDD<Row> rows =
        dataset
            .toDF()
            .javaRDD()
            .mapPartitions(
                (Iterator<Row> it) -> {
                  HissModel m = shipped.build();
                  List<Row> res = new ArrayList<>();
                  while (it.hasNext()) {
                    Row r = it.next();
                    Object[] sel = new Object[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                      sel[i] = r.get(idx[i]);
                    }
                    float[] x = Rows.input(RowFactory.create(sel), idx.length);
                    float[] y = m.predict(x, 1, x.length / idx.length);
                    double[] pred = new double[y.length];
                    for (int j = 0; j < y.length; j++) {
                      pred[j] = y[j];
                    }
                    Object[] values = new Object[r.length() + 1];
                    for (int i = 0; i < r.length(); i++) {
                      values[i] = r.get(i);
                    }
                    values[r.length()] = pred;
                    res.add(RowFactory.create(values));
                  }
                  return res.iterator();
                });
    return dataset.sparkSession().createDataFrame(rows, out);
  }

  @Override
  public HissRegressionModel copy(ParamMap extra) {
    HissRegressionModel m = new HissRegressionModel(uid, model);
    return copyValues(m, extra).setParent(parent());
  }

  @Override
  public MLWriter write() {
    HissRegressionModel self = this;
    return new MLWriter() {
      @Override
      public void saveImpl(String path) {
        // params: Spark's default format at path/metadata (overwrite was already handled)
        try {
          self.paramsWriter().save(path);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot save params under " + path, e);
        }
        Map<String, String> config = new TreeMap<>();
        for (Param<?> param : self.params()) {
          if (self.isDefined(param)) {
            Object v = self.getOrDefault(param);
            config.put(
                param.name(), v instanceof String[] a ? String.join(",", a) : String.valueOf(v));
          }
        }
        Provenance prov =
            new Provenance(
                config,
                (Long) self.getOrDefault(self.p.seed),
                "",
                "",
                "spark " + sparkSession().sparkContext().master() + " " + sparkSession().version(),
                Provenance.currentCodeVersion(),
                Instant.now().toString());
        try {
          HissModelFile.save(localPath(path).resolve("model.json"), self.hissModel(), prov);
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot save HiSS weights under " + path, e);
        }
      }
    };
  }

  private MLWriter paramsWriter() {
    return DefaultParamsWritable.super.write();
  }

  /** The reader of saved models. */
  public static MLReader<HissRegressionModel> read() {
    return new MLReader<>() {
      @Override
      public HissRegressionModel load(String path) {
        HissRegressionModel meta = new Readable().read().load(path);
        HissModel weights;
        try {
          weights = HissModelFile.load(localPath(path).resolve("model.json"));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot load HiSS weights under " + path, e);
        }
        HissRegressionModel m = new HissRegressionModel(meta.uid(), weights);
        return meta.copyValues(m, ParamMap.empty());
      }
    };
  }

  /** Loads a saved model. */
  public static HissRegressionModel load(String path) {
    return read().load(path);
  }

  static Path localPath(String path) {
    return path.startsWith("file:") ? Path.of(URI.create(path)) : Path.of(path);
  }

  private static final class Readable implements DefaultParamsReadable<HissRegressionModel> {}
}
