package dev.hiss.spark.job;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.struct;

import dev.hiss.ingestion.lake.Lake;
import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.model.hiss.HissConfig;
import dev.hiss.model.hiss.HissForecaster;
import dev.hiss.model.hiss.HissModel;
import dev.hiss.model.hiss.HissModelFile;
import dev.hiss.model.hiss.HissPreprocessing;
import dev.hiss.model.hiss.HissPresets;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import dev.hiss.model.io.Provenance;
import dev.hiss.spark.train.DistributedHissTrainer;
import dev.hiss.spark.train.DistributedTrainConfig;
import dev.hiss.spark.train.Episode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * Trains a HiSS model on the Parquet lake with {@link DistributedHissTrainer}, on the task of
 * {@link ChunkMeanTask} (inputs: chosen channels at the sample rate; target: the next chunk's mean
 * of a chosen channel), with a time-ordered train/validation split per device. Inputs and target
 * are standardized with the training part's mean and standard deviation (saved in the provenance as
 * {@code norm.<channel>.mean/std}). After each epoch the model is evaluated on the validation
 * episodes; the weights of the best epoch are saved with {@link HissModelFile}, with the metrics in
 * the provenance ({@code metric.*}).
 *
 * <p>With {@link Config#dt()} the model takes a Δt input channel ({@link HissConfig#withDt}): the
 * Δt scale of a row is its gap to the previous row of its device ({@code ts_ns}) over the nominal
 * gap, the exact median gap of the training part of every device; a device's first row gets 1. The
 * nominal gap is saved in the model ({@link HissForecaster#nominalGapSeconds()}) and in the
 * provenance ({@code nominalGapSeconds}), so that the streaming scorer forms the same scales from
 * event timestamps ({@link HissForecaster#dtScale(long)}). Timestamps of a device that do not
 * increase strictly are an error naming the device and the row's seq.
 */
public final class TrainHissJob {
  private static final Logger LOG = LoggerFactory.getLogger(TrainHissJob.class);

  /**
   * @param lake lake root
   * @param inputChannels input channels, non-empty, distinct
   * @param targetChannel the channel whose next-chunk mean is forecast (may be an input)
   * @param preset a {@link HissPresets} name (chunk size k = its first chunk)
   * @param episodeChunks chunks per episode, ≥ 2
   * @param validationFraction held-out fraction of each device's series, in (0, 1)
   * @param train optimizer, batch, epochs (the maximum; the best epoch is kept) and seed
   * @param partitions data-parallel shards
   * @param modelFile where to save the model
   * @param checkpointDir where a checkpoint is written after every epoch and read at start (a
   *     killed job resumes from its last whole epoch with the result of an uninterrupted run); null
   *     = no checkpoints
   * @param dt whether the model takes the per-row Δt scale from the lake's timestamps (above)
   * @param loss the training loss, which picks the model's head ({@link TrainingLoss#head()}): MSE
   *     (POINT), GAUSSIAN_NLL or GAUSSIAN_CRPS (GAUSSIAN), PINBALL (QUANTILE); the validation loss
   *     that selects the best epoch is this loss
   * @param quantiles the levels of a QUANTILE head (PINBALL; null = {@link
   *     QuantileLevels#DEFAULT}); must be null for the other losses
   */
  public record Config(
      LakePath lake,
      List<String> inputChannels,
      String targetChannel,
      String preset,
      int episodeChunks,
      double validationFraction,
      TrainConfig train,
      int partitions,
      Path modelFile,
      Path checkpointDir,
      boolean dt,
      TrainingLoss loss,
      QuantileLevels quantiles) {
    /** Validates every field. */
    public Config {
      if (loss == null) {
        throw new IllegalArgumentException(
            "Invalid loss = null; must be MSE, GAUSSIAN_NLL, GAUSSIAN_CRPS or PINBALL");
      }
      if (loss == TrainingLoss.PINBALL && quantiles == null) {
        quantiles = QuantileLevels.DEFAULT;
      }
      if (loss != TrainingLoss.PINBALL && quantiles != null) {
        throw new IllegalArgumentException(
            "Invalid quantiles = "
                + quantiles.text()
                + "; only a QUANTILE head (pinball loss) has levels, this job trains "
                + loss);
      }
      if (lake == null || modelFile == null || train == null) {
        throw new IllegalArgumentException(
            "Invalid config: lake, modelFile and train are required");
      }
      if (inputChannels == null
          || inputChannels.isEmpty()
          || new LinkedHashSet<>(inputChannels).size() != inputChannels.size()) {
        throw new IllegalArgumentException(
            "Invalid inputChannels = " + inputChannels + "; must be non-empty and distinct");
      }
      inputChannels = List.copyOf(inputChannels);
      if (targetChannel == null || targetChannel.isEmpty()) {
        throw new IllegalArgumentException("Invalid targetChannel = " + targetChannel);
      }
      HissPresets.preset(preset, 1, 1);
      if (episodeChunks < 2 || episodeChunks > 100_000) {
        throw new IllegalArgumentException(
            "Invalid episodeChunks = " + episodeChunks + "; must be in [2, 100000]");
      }
      if (!(validationFraction > 0 && validationFraction < 1)) {
        throw new IllegalArgumentException(
            "Invalid validationFraction = " + validationFraction + "; must be in (0, 1)");
      }
      new DistributedTrainConfig(train, partitions);
    }

    /** A configuration without Δt. */
    public Config(
        LakePath lake,
        List<String> inputChannels,
        String targetChannel,
        String preset,
        int episodeChunks,
        double validationFraction,
        TrainConfig train,
        int partitions,
        Path modelFile,
        Path checkpointDir) {
      this(
          lake,
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          checkpointDir,
          false,
          TrainingLoss.MSE,
          null);
    }

    /** A configuration of a lake in a local directory, without Δt. */
    public Config(
        Path lake,
        List<String> inputChannels,
        String targetChannel,
        String preset,
        int episodeChunks,
        double validationFraction,
        TrainConfig train,
        int partitions,
        Path modelFile,
        Path checkpointDir) {
      this(
          lake == null ? null : LakePath.of(lake),
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          checkpointDir);
    }

    /** A configuration without checkpoints. */
    public Config(
        Path lake,
        List<String> inputChannels,
        String targetChannel,
        String preset,
        int episodeChunks,
        double validationFraction,
        TrainConfig train,
        int partitions,
        Path modelFile) {
      this(
          lake,
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          null);
    }

    /** This configuration writing and resuming checkpoints in {@code dir}. */
    public Config withCheckpoints(Path dir) {
      return new Config(
          lake,
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          dir,
          dt,
          loss,
          quantiles);
    }

    /** This configuration with ({@code true}) or without the Δt input. */
    public Config withDt(boolean useDt) {
      return new Config(
          lake,
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          checkpointDir,
          useDt,
          loss,
          quantiles);
    }

    /** A configuration with or without Δt and a POINT head (MSE loss), the form before heads. */
    public Config(
        LakePath lake,
        List<String> inputChannels,
        String targetChannel,
        String preset,
        int episodeChunks,
        double validationFraction,
        TrainConfig train,
        int partitions,
        Path modelFile,
        Path checkpointDir,
        boolean dt) {
      this(
          lake,
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          checkpointDir,
          dt,
          TrainingLoss.MSE,
          null);
    }

    /**
     * This configuration training another head.
     *
     * @param newLoss the loss, which picks the head
     * @param newQuantiles the levels of a QUANTILE head (null = default), else null
     */
    public Config withLoss(TrainingLoss newLoss, QuantileLevels newQuantiles) {
      return new Config(
          lake,
          inputChannels,
          targetChannel,
          preset,
          episodeChunks,
          validationFraction,
          train,
          partitions,
          modelFile,
          checkpointDir,
          dt,
          newLoss,
          newQuantiles);
    }

    /** The model's head, picked by the loss. */
    public OutputHead head() {
      return loss.head();
    }

    /**
     * Identifies the job for its checkpoints: every setting but the checkpoint directory (a POINT
     * job without the head settings and without Δt, in the forms written before heads and Δt
     * existed, so that those checkpoints still resume).
     */
    String fingerprint() {
      String s = withCheckpoints(null).toString();
      String point = ", loss=MSE, quantiles=null]";
      if (s.endsWith(point)) {
        s = s.substring(0, s.length() - point.length()) + "]";
      }
      String off = ", dt=false]";
      return s.endsWith(off) ? s.substring(0, s.length() - off.length()) + "]" : s;
    }
  }

  /**
   * What training produced.
   *
   * @param modelVersion the saved file's checksum prefix
   * @param devices devices in the data
   * @param trainEpisodes training episodes
   * @param validationEpisodes validation episodes
   * @param trainLoss mean training loss per epoch
   * @param validationLoss validation loss per epoch (the training loss: MSE for a POINT head;
   *     standardized units); the best epoch has the lowest
   * @param bestEpoch the saved epoch (0-based)
   * @param zeroBaselineMse validation MSE of always predicting the training mean
   * @param samplesPerSecond training episodes per second of step time
   * @param nominalGapSeconds the nominal gap of a Δt model (median training gap), else NaN
   * @param validationMse validation MSE of the point predictions (means, medians) per epoch; equal
   *     to {@code validationLoss} for a POINT head
   */
  public record Result(
      String modelVersion,
      long devices,
      long trainEpisodes,
      long validationEpisodes,
      List<Double> trainLoss,
      List<Double> validationLoss,
      int bestEpoch,
      double zeroBaselineMse,
      double samplesPerSecond,
      double nominalGapSeconds,
      List<Double> validationMse) {
    /** Returns the validation loss of the saved model (its MSE for a POINT head). */
    public double bestValidationLoss() {
      return validationLoss.get(bestEpoch);
    }

    /** Returns the validation MSE of the saved model's point predictions. */
    public double bestValidationMse() {
      return validationMse.get(bestEpoch);
    }
  }

  private TrainHissJob() {}

  /** Runs the job and saves the best model with its provenance. */
  public static Result run(SparkSession spark, Config c) {
    return run(spark, c, null);
  }

  /**
   * Where training is, after an optimizer step (for a progress bar).
   *
   * @param epoch 0-based epoch
   * @param epochs epochs planned
   * @param step 1-based step within the epoch
   * @param stepsPerEpoch steps per epoch
   * @param elapsedSeconds wall-clock seconds since training started
   */
  public record StepProgress(
      int epoch, int epochs, int step, int stepsPerEpoch, double elapsedSeconds) {
    /** Fraction of all planned steps done, in [0, 1]. */
    public double fraction() {
      return Math.min(1, (epoch + step / (double) stepsPerEpoch) / epochs);
    }

    /** Estimated seconds left at the current rate (NaN before the first step). */
    public double etaSeconds() {
      double f = fraction();
      return f <= 0 ? Double.NaN : elapsedSeconds * (1 - f) / f;
    }
  }

  /**
   * Runs the job, reporting one line per epoch (train loss, validation MSE, throughput, ETA) to
   * {@code progress} (may be null).
   */
  public static Result run(SparkSession spark, Config c, Consumer<String> progress) {
    return run(spark, c, progress, null);
  }

  /**
   * Runs the job as {@link #run(SparkSession, Config, Consumer)} does and also reports every
   * optimizer step to {@code steps} (may be null).
   */
  public static Result run(
      SparkSession spark, Config c, Consumer<String> progress, Consumer<StepProgress> steps) {
    List<String> channels = new ArrayList<>(new LinkedHashSet<>(c.inputChannels()));
    if (!channels.contains(c.targetChannel())) {
      channels.add(c.targetChannel());
    }
    int[] inputs = c.inputChannels().stream().mapToInt(channels::indexOf).toArray();
    int target = channels.indexOf(c.targetChannel());
    HissConfig hc = HissPresets.preset(c.preset(), inputs.length, 1);
    if (c.head() == OutputHead.QUANTILE) {
      hc = hc.withQuantiles(c.quantiles());
    } else if (c.head() != OutputHead.POINT) {
      hc = hc.withHead(c.head());
    }
    boolean dt = c.dt();
    if (dt) {
      hc = hc.withDt(true);
    }
    int k = hc.chunks().get(0);
    int chunks = c.episodeChunks();
    double vf = c.validationFraction();

    Dataset<Row> rows = Lake.read(spark, c.lake());
    Column present = lit(true);
    Column[] fields = new Column[channels.size() + 2];
    fields[0] = col("ts_ns");
    fields[1] = coalesce(col("seq"), lit(-1L)).as("seq");
    for (int i = 0; i < channels.size(); i++) {
      Column v = col("channels").getItem(channels.get(i));
      present = present.and(v.isNotNull());
      fields[i + 2] = v.as("v" + i);
    }
    int nc = channels.size();
    Column[] select = new Column[nc + 1 + (dt ? 2 : 0)];
    select[0] = col("device");
    for (int i = 0; i < nc; i++) {
      select[i + 1] = col("s.v" + i).as("v" + i);
    }
    if (dt) {
      select[nc + 1] = col("s.ts_ns").as("ts");
      select[nc + 2] = col("s.seq").as("seq");
    }
    Dataset<Row> perDevice =
        rows.filter(present)
            .groupBy("device")
            .agg(sort_array(collect_list(struct(fields))).as("s"))
            .select(select);
    Row range = rows.filter(present).agg(min("ts_ns"), max("ts_ns")).first();
    // one pass from rows to (device, [channel][time]), cached: every later pass reads the same
    JavaPairRDD<String, double[][]> series =
        perDevice
            .javaRDD()
            .mapToPair(
                r -> {
                  double[][] ch = new double[nc][];
                  for (int i = 0; i < ch.length; i++) {
                    ch[i] = r.<Double>getList(i + 1).stream().mapToDouble(d -> d).toArray();
                  }
                  if (dt) {
                    ch =
                        LakeTiming.withTiming(
                            ch,
                            r.<Long>getList(nc + 1).stream().mapToLong(v -> v).toArray(),
                            r.<Long>getList(nc + 2).stream().mapToLong(v -> v).toArray());
                  }
                  return new Tuple2<>(r.getString(0), ch);
                })
            .cache();
    JavaRDD<Episode> valid = null;
    try {
      double nominal = Double.NaN;
      if (dt) {
        LakeTiming.requirePositiveGaps(series);
        nominal = LakeTiming.medianGapSeconds(series, vf);
        LOG.info("Δt input: nominal gap {} s (median of the training part)", nominal);
      }
      double nominalGap = nominal;
      int din = inputs.length;
      double[][] stats = Standardize.trainStats(series.values(), vf);
      double[] mean = stats[0];
      double[] std = stats[1];
      JavaPairRDD<String, ChunkMeanTask.Draft> drafts =
          series.flatMapToPair(
              p -> {
                List<Tuple2<String, ChunkMeanTask.Draft>> out = new ArrayList<>();
                for (ChunkMeanTask.Draft d :
                    ChunkMeanTask.episodes(p._2(), inputs, target, k, chunks, vf, mean, std)) {
                  ChunkMeanTask.Draft e =
                      dt
                          ? LakeTiming.withScales(
                              d, din, p._2()[LakeTiming.gapRow(p._2())], nominalGap)
                          : d;
                  out.add(new Tuple2<>(String.format("%s\u0000%012d", p._1(), d.start), e));
                }
                return out.iterator();
              });
      JavaRDD<Episode> train = indexed(drafts.filter(p -> p._2().train));
      JavaRDD<Episode> validSet = indexed(drafts.filter(p -> !p._2().train)).cache();
      valid = validSet;
      long nTrain = train.count();
      long nValid = validSet.count();
      if (nTrain == 0 || nValid == 0) {
        throw new IllegalArgumentException(
            "Too little data in lake "
                + c.lake()
                + ": "
                + nTrain
                + " training and "
                + nValid
                + " validation episodes of "
                + chunks * k
                + " samples");
      }
      HissModel model = new HissModel(hc, c.train().seed());
      DistributedHissTrainer trainer =
          new DistributedHissTrainer(
              model, new DistributedTrainConfig(c.train(), c.partitions(), c.loss()));
      boolean point = c.loss() == TrainingLoss.MSE;
      List<Double> validation = new ArrayList<>();
      List<Double> validationMse = new ArrayList<>();
      List<Double> trainLosses = new ArrayList<>();
      float[][] best = {trainer.weights()};
      String fingerprint =
          c.fingerprint()
              + " episodes="
              + nTrain
              + "/"
              + nValid
              + " params="
              + model.parameterCount();
      if (c.checkpointDir() != null) {
        TrainCheckpoint.JobState resumed;
        try {
          resumed = TrainCheckpoint.read(c.checkpointDir(), fingerprint, trainer, !point);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        if (resumed != null) {
          trainLosses.addAll(resumed.trainLoss());
          validation.addAll(resumed.validationLoss());
          validationMse.addAll(point ? resumed.validationLoss() : resumed.validationMse());
          best[0] = resumed.best();
          LOG.info("Resuming after epoch {} from {}", resumed.epochsDone(), c.checkpointDir());
          if (progress != null) {
            progress.accept(
                "resuming from the checkpoint after epoch "
                    + resumed.epochsDone()
                    + " in "
                    + c.checkpointDir());
          }
        }
      }
      long started = System.nanoTime();
      long[] samplesSeen = {0};
      trainer.fit(
          train,
          new DistributedHissTrainer.EpochListener() {
            @Override
            public boolean afterEpoch(DistributedHissTrainer.EpochStats s) {
              DistributedHissTrainer.Evaluation ev =
                  DistributedHissTrainer.evaluate(model, c.loss(), validSet);
              double v = ev.loss();
              if (validation.isEmpty() || v < validation.stream().min(Double::compare).get()) {
                best[0] = trainer.weights();
              }
              validation.add(v);
              validationMse.add(ev.mse());
              trainLosses.add(s.trainLoss());
              if (c.checkpointDir() != null) {
                try {
                  TrainCheckpoint.write(
                      c.checkpointDir(),
                      fingerprint,
                      trainer,
                      new TrainCheckpoint.JobState(
                          s.epoch() + 1,
                          trainLosses,
                          validation,
                          best[0],
                          point ? null : validationMse));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              }
              LOG.info("epoch {}: train {} validation {}", s.epoch(), s.trainLoss(), v);
              if (progress != null) {
                double elapsed = (System.nanoTime() - started) / 1e9;
                int done = validation.size();
                int total = c.train().epochs();
                samplesSeen[0] = trainer.samples();
                String measured =
                    point
                        ? String.format("validation MSE %.5f", v)
                        : String.format(
                            "validation %s %.5f, validation MSE %.5f",
                            c.loss().name().toLowerCase(java.util.Locale.ROOT), v, ev.mse());
                progress.accept(
                    String.format(
                        "epoch %d/%d: train loss %.5f, %s%s, %.0f episodes/s, ETA %.0f s",
                        done,
                        total,
                        s.trainLoss(),
                        measured,
                        v <= validation.stream().min(Double::compare).get() ? " (best)" : "",
                        samplesSeen[0] / Math.max(1e-9, elapsed),
                        elapsed / done * (total - done)));
              }
              return true;
            }

            @Override
            public void afterStep(int epoch, int step, int stepsPerEpoch) {
              if (steps != null) {
                steps.accept(
                    new StepProgress(
                        epoch,
                        c.train().epochs(),
                        step,
                        stepsPerEpoch,
                        (System.nanoTime() - started) / 1e9));
              }
            }
          });
      trainer.restore(best[0]);
      int bestEpoch = validation.indexOf(validation.stream().min(Double::compare).get());
      double zero = Standardize.zeroMse(validSet);
      Result r =
          new Result(
              "",
              series.count(),
              nTrain,
              nValid,
              List.copyOf(trainLosses),
              List.copyOf(validation),
              bestEpoch,
              zero,
              trainer.samples() / Math.max(1e-9, trainer.seconds()),
              nominal,
              List.copyOf(validationMse));
      String version = save(spark, c, channels, mean, std, model, r, range);
      if (c.checkpointDir() != null) {
        try {
          TrainCheckpoint.delete(c.checkpointDir()); // the model file now holds the result
        } catch (IOException e) {
          LOG.warn("Cannot delete the checkpoint in {}: {}", c.checkpointDir(), e.toString());
        }
      }
      return new Result(
          version,
          r.devices(),
          nTrain,
          nValid,
          r.trainLoss(),
          r.validationLoss(),
          bestEpoch,
          zero,
          r.samplesPerSecond(),
          nominal,
          r.validationMse());
    } finally {
      series.unpersist();
      if (valid != null) {
        valid.unpersist();
      }
    }
  }

  private static JavaRDD<Episode> indexed(JavaPairRDD<String, ChunkMeanTask.Draft> drafts) {
    return drafts
        .sortByKey()
        .values()
        .zipWithIndex()
        .map(p -> new Episode(Math.toIntExact(p._2()), p._1().input, p._1().target, p._1().mask));
  }

  /** No clipping: the lake's values were validated on ingestion. */
  static final double NO_CLIP = 1e30;

  private static String save(
      SparkSession spark,
      Config c,
      List<String> channels,
      double[] mean,
      double[] std,
      HissModel model,
      Result r,
      Row range) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("task", "next-chunk mean of the target channel from the input channels");
    config.put("inputChannels", String.join(",", c.inputChannels()));
    config.put("targetChannel", c.targetChannel());
    config.put("preset", c.preset());
    config.put("episodeChunks", Integer.toString(c.episodeChunks()));
    config.put("validationFraction", Double.toString(c.validationFraction()));
    config.put("lr", Double.toString(c.train().lr()));
    config.put("batchSize", Integer.toString(c.train().batchSize()));
    config.put("epochs", Integer.toString(c.train().epochs()));
    config.put("partitions", Integer.toString(c.partitions()));
    config.put("lake", c.lake().uri());
    if (c.dt()) {
      config.put("dt", "true");
      config.put("nominalGapSeconds", Double.toString(r.nominalGapSeconds()));
    }
    for (int i = 0; i < channels.size(); i++) {
      config.put("norm." + channels.get(i) + ".mean", Double.toString(mean[i]));
      config.put("norm." + channels.get(i) + ".std", Double.toString(std[i]));
    }
    config.put("metric.bestEpoch", Integer.toString(r.bestEpoch()));
    if (c.loss() != TrainingLoss.MSE) {
      config.put("head", c.head().name());
      config.put("loss", c.loss().name());
      if (c.quantiles() != null) {
        config.put("quantiles", c.quantiles().text());
      }
      config.put("metric.validationHeadLoss", Double.toString(r.bestValidationLoss()));
    }
    config.put("metric.validationMse", Double.toString(r.bestValidationMse()));
    config.put("metric.zeroBaselineMse", Double.toString(r.zeroBaselineMse()));
    config.put("metric.trainLoss", r.trainLoss().toString());
    config.put("metric.validationLoss", r.validationLoss().toString());
    if (c.loss() != TrainingLoss.MSE) {
      config.put("metric.validationMsePerEpoch", r.validationMse().toString());
    }
    Provenance p =
        new Provenance(
            config,
            c.train().seed(),
            Instant.ofEpochSecond(0, range.getLong(0)).toString(),
            Instant.ofEpochSecond(0, range.getLong(1)).toString(),
            "spark " + spark.sparkContext().master() + " " + spark.version(),
            Provenance.currentCodeVersion(),
            Instant.now().toString());
    // the same standardisation as training, stored in the model so that batch and streaming
    // scoring take raw samples (HissForecaster / HissStepModel) without reading the provenance
    int d = c.inputChannels().size();
    float[] inMean = new float[d];
    float[] inStd = new float[d];
    for (int i = 0; i < d; i++) {
      int ch = channels.indexOf(c.inputChannels().get(i));
      inMean[i] = (float) mean[ch];
      inStd[i] = (float) std[ch];
    }
    int t = channels.indexOf(c.targetChannel());
    HissPreprocessing pre =
        new HissPreprocessing(
            d,
            false,
            NO_CLIP,
            inMean,
            inStd,
            new float[] {(float) mean[t]},
            new float[] {(float) std[t]});
    HissForecaster f = new HissForecaster(model, pre);
    if (c.dt()) {
      f = f.withNominalGap(r.nominalGapSeconds());
    }
    try {
      return HissModelFile.save(c.modelFile(), f, p).substring(0, 12);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save model to " + c.modelFile(), e);
    }
  }
}
