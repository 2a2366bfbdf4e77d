package dev.hiss.spark.job;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.struct;

import dev.hiss.ingestion.lake.Lake;
import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.io.ModelFile;
import dev.hiss.model.io.Provenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores the lake in batch with a model trained by {@link TrainHissJob}: every device's series
 * (time-ordered; samples lacking an input channel are left out and counted) is standardised with
 * the statistics stored in the model's provenance, run through the HiSS model in one pass, and each
 * chunk's forecast (de-standardised, in the target channel's units) is written to Parquet: {@code
 * device, chunk_end_seq, chunk_end_ts_ns, predicted, model_version}. A model with Δt input ({@code
 * ./hiss train --dt}) gets each scored row's gap to the previous scored row of its device over the
 * model's nominal gap (1 at the first), as in training.
 */
public final class BatchScoreJob {
  /** Output schema. */
  public static final StructType SCHEMA =
      new StructType()
          .add("device", DataTypes.StringType)
          .add("chunk_end_seq", DataTypes.LongType)
          .add("chunk_end_ts_ns", DataTypes.LongType)
          .add("predicted", DataTypes.DoubleType)
          .add("model_version", DataTypes.StringType);

  private BatchScoreJob() {}

  /**
   * Scores the lake and writes Parquet to {@code out} (overwritten).
   *
   * @return the number of predictions written
   */
  public static long run(SparkSession spark, Path lake, Path modelFile, Path out) {
    return run(spark, LakePath.of(lake), modelFile, LakePath.of(out));
  }

  /**
   * Scores a lake at any {@link LakePath} ({@code s3a://...} included) and writes Parquet to {@code
   * out} (overwritten). The model file is local: it is read on the driver and broadcast.
   *
   * @return the number of predictions written
   */
  public static long run(SparkSession spark, LakePath lake, Path modelFile, LakePath out) {
    byte[] modelBytes;
    ModelFile.Loaded meta;
    try {
      modelBytes = Files.readAllBytes(modelFile);
      meta = ModelFile.read(modelFile, HissModelFile.KIND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model " + modelFile + ": " + e.getMessage(), e);
    }
    Scoring s = Scoring.of(meta.provenance(), meta.sha256().substring(0, 12));
    HissForecaster f;
    try {
      f = HissModelFile.loadForecaster(modelFile);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read model " + modelFile + ": " + e.getMessage(), e);
    }
    if (f.model().config().dt() && !f.hasNominalGap()) {
      throw new IllegalArgumentException(
          "Model "
              + modelFile
              + " takes a Δt input but records no nominal sampling gap (nominalGapSeconds);"
              + " train it with ./hiss train --dt");
    }
    Broadcast<byte[]> model =
        spark
            .sparkContext()
            .broadcast(modelBytes, scala.reflect.ClassTag$.MODULE$.apply(byte[].class));
    Dataset<Row> perDevice =
        Lake.read(spark, lake)
            .groupBy("device")
            .agg(collect_list(struct(col("ts_ns"), col("seq"), col("channels"))).as("s"));
    Dataset<Row> predictions =
        perDevice.mapPartitions(
            (MapPartitionsFunction<Row, Row>)
                rows -> {
                  HissForecaster m = Scoring.load(model.value()); // once per partition
                  List<Row> scored = new ArrayList<>();
                  while (rows.hasNext()) {
                    scored.addAll(s.score(rows.next(), m));
                  }
                  return scored.iterator();
                },
            Encoders.row(SCHEMA));
    predictions.write().mode("overwrite").parquet(out.toString());
    return spark.read().parquet(out.toString()).count();
  }

  /** What scoring needs from the model's provenance (serializable, shipped to executors). */
  record Scoring(List<String> inputs, String version) implements java.io.Serializable {
    static Scoring of(Provenance p, String version) {
      String in = p.config().get("inputChannels");
      if (in == null || p.config().get("targetChannel") == null) {
        throw new IllegalArgumentException(
            "Model provenance lacks inputChannels/targetChannel: not a TrainHissJob model");
      }
      return new Scoring(List.of(in.split(",")), version);
    }

    List<Row> score(Row deviceRow, HissForecaster model) {
      int k = 1;
      for (int chunk : model.model().config().chunks()) {
        k *= chunk;
      }
      String device = deviceRow.getString(0);
      List<Row> samples = new ArrayList<>(deviceRow.getList(1));
      // time order (then sequence): Spark cannot sort structs that hold a map
      samples.sort(
          java.util.Comparator.<Row>comparingLong(r -> r.getLong(0))
              .thenComparingLong(r -> r.isNullAt(1) ? -1 : r.getLong(1)));
      int d = inputs.size();
      List<Long> seqs = new ArrayList<>();
      List<Long> times = new ArrayList<>();
      List<float[]> xs = new ArrayList<>();
      for (Row r : samples) {
        scala.collection.Map<String, Object> ch = r.getMap(2);
        float[] x = new float[d];
        boolean complete = true;
        for (int i = 0; i < d && complete; i++) {
          scala.Option<Object> v = ch.get(inputs.get(i));
          if (v.isEmpty()) {
            complete = false;
          } else {
            x[i] = ((Double) v.get()).floatValue(); // raw units: the model standardises
          }
        }
        if (complete) {
          xs.add(x);
          times.add(r.getLong(0));
          seqs.add(r.isNullAt(1) ? -1L : r.getLong(1));
        }
      }
      int length = xs.size() / k * k;
      List<Row> out = new ArrayList<>();
      if (length == 0) {
        return out;
      }
      boolean dt = model.model().config().dt();
      int w = dt ? d + 1 : d;
      float[] in = new float[length * w];
      for (int t = 0; t < length; t++) {
        System.arraycopy(xs.get(t), 0, in, t * w, d);
        if (dt) {
          // as ./hiss train --dt: gap to the previous scored row over the nominal gap, 1 first
          long gap = t == 0 ? 0 : times.get(t) - times.get(t - 1);
          if (t > 0 && gap <= 0) {
            throw new IllegalArgumentException(
                "Invalid Δt: device '"
                    + device
                    + "' has a row (seq "
                    + seqs.get(t)
                    + ") whose ts_ns is "
                    + gap
                    + " ns after the previous row's; timestamps of a device must increase"
                    + " strictly");
          }
          in[t * w + d] = t == 0 ? 1f : model.dtScale(gap);
        }
      }
      float[] y = model.predict(in, 1, length);
      int outDim = model.model().config().outputDim();
      for (int j = 0; j < length / k; j++) {
        int end = j * k + k - 1;
        out.add(
            RowFactory.create(
                device, seqs.get(end), times.get(end), (double) y[j * outDim], version));
      }
      return out;
    }

    static HissForecaster load(byte[] bytes) throws IOException {
      Path tmp = Files.createTempFile("hiss-score", ".json");
      try {
        Files.write(tmp, bytes);
        return HissModelFile.loadForecaster(tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
