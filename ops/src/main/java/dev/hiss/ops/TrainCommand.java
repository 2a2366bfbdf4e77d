package dev.hiss.ops;

import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.model.hiss.OutputHead;
import dev.hiss.model.hiss.QuantileLevels;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.hiss.TrainingLoss;
import dev.hiss.model.io.ModelRegistry;
import dev.hiss.ops.internal.ProgressBar;
import dev.hiss.ops.internal.TrainingProgress;
import dev.hiss.spark.job.TrainHissJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss train}: trains a HiSS model on the lake with Spark and registers it. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a HiSS model on the Parquet lake with Spark (synchronous data-parallel gradients),"
          + " keep the best validation epoch, save it with provenance and register it as a"
          + " candidate version (promote it with ./hiss models promote).",
      "Task: inputs at the sample rate; the target of chunk j is the mean of --target over the"
          + " next chunk (see TrainHissJob)."
    })
public final class TrainCommand implements Runnable {
  @Option(
      names = "--lake",
      defaultValue = "target/hiss-lake",
      description =
          "Lake directory, or a Hadoop URI such as s3a://bucket/lake (needs its connector on the"
              + " classpath). Default: ${DEFAULT-VALUE}.")
  LakePath lake;

  @Option(names = "--inputs", split = ",", required = true, description = "Input channels.")
  List<String> inputs;

  @Option(names = "--target", required = true, description = "Target channel.")
  String target;

  @Option(
      names = "--preset",
      defaultValue = "tiny",
      description = "HiSS preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(
      names = "--episode-chunks",
      defaultValue = "20",
      description = "Chunks per episode (default: ${DEFAULT-VALUE}).")
  int episodeChunks;

  @Option(
      names = "--validation",
      defaultValue = "0.2",
      description = "Held-out fraction per device, at the end (default: ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(
      names = "--lr",
      defaultValue = "0.003",
      description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
  double lr;

  @Option(names = "--batch-size", defaultValue = "8", description = "Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--seed", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--partitions",
      defaultValue = "2",
      description = "Gradient shards (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--out",
      defaultValue = "target/hiss-model.json",
      description = "Model file (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--checkpoint",
      description =
          "Checkpoint directory: a checkpoint is written after every epoch, and a job started"
              + " again with the same settings resumes from it (same result as an uninterrupted"
              + " run). Default: none.")
  Path checkpoint;

  @Option(
      names = "--dt",
      description =
          "Irregular sampling: the model takes a Δt input, each row's gap to the previous row of"
              + " its device (ts_ns) over the nominal gap, the median gap of the training part"
              + " (saved in the model; the scorer forms the same scales from event times).")
  boolean dt;

  @Option(
      names = "--head",
      defaultValue = "point",
      description =
          "Output head: point (trained with mse), gaussian (mean and std; --loss nll or crps) or"
              + " quantile (the --quantiles, non-crossing; pinball loss). The best epoch is the"
              + " one with the lowest validation loss of the head; the validation MSE of the"
              + " mean/median is reported too. Default: ${DEFAULT-VALUE}.")
  String head;

  @Option(
      names = "--loss",
      description =
          "Training loss of --head gaussian: nll (default) or crps; point trains with mse,"
              + " quantile with pinball.")
  String loss;

  @Option(
      names = "--quantiles",
      description =
          "Levels of --head quantile, strictly increasing in (0,1). Default: 0.1,0.5,0.9.")
  String quantiles;

  @Option(
      names = "--registry",
      defaultValue = "target/hiss-models",
      description = "Model registry (default: ${DEFAULT-VALUE}).")
  Path registry;

  @Option(
      names = "--name",
      defaultValue = "hiss",
      description = "Registry model name (default: ${DEFAULT-VALUE}).")
  String name;

  /**
   * The training loss of {@code --head}, {@code --loss} (null = the head's default) and {@code
   * --quantiles} (null = default levels), or an {@link IllegalArgumentException} naming the option.
   */
  static TrainingLoss lossOf(String head, String loss, String quantiles) {
    OutputHead h;
    try {
      h = OutputHead.parse(head);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("Invalid head", "Invalid --head"), e);
    }
    TrainingLoss l;
    try {
      l = loss == null ? TrainingLoss.defaultFor(h) : TrainingLoss.parse(loss);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("Invalid loss", "Invalid --loss"), e);
    }
    if (l.head() != h) {
      throw new IllegalArgumentException(
          "Invalid --loss = "
              + loss
              + " for --head "
              + head
              + "; point trains with mse, gaussian with nll or crps, quantile with pinball");
    }
    if (quantiles != null && h != OutputHead.QUANTILE) {
      throw new IllegalArgumentException(
          "Invalid --quantiles = " + quantiles + "; only --head quantile has levels");
    }
    return l;
  }

  /** The levels of {@code --quantiles}, or null when not given. */
  static QuantileLevels levelsOf(String quantiles) {
    if (quantiles == null) {
      return null;
    }
    try {
      return QuantileLevels.parse(quantiles);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage().replace("Invalid quantiles", "Invalid --quantiles"), e);
    }
  }

  @Override
  public void run() {
    TrainingLoss trainingLoss = lossOf(head, loss, quantiles);
    QuantileLevels levels = levelsOf(quantiles);
    TrainHissJob.Config c =
        new TrainHissJob.Config(
            lake,
            inputs,
            target,
            preset,
            episodeChunks,
            validation,
            new TrainConfig(lr, 0.9, 0.999, 1e-8, batchSize, epochs, seed),
            partitions,
            out,
            checkpoint,
            dt,
            trainingLoss,
            levels);
    SparkSession spark = LocalSpark.builder(master, "hiss-train").getOrCreate();
    TrainHissJob.Result r;
    try {
      ProgressBar bar = ProgressBar.onStderr();
      r = TrainHissJob.run(spark, c, line -> bar.line("[hiss] " + line), TrainingProgress.on(bar));
      bar.finish();
    } finally {
      spark.stop();
    }
    System.out.printf(
        "trained %s on %d devices (%d training, %d validation episodes): best epoch %d,"
            + " validation MSE %.5f (mean forecast %.5f), %.0f episodes/s -> %s%n",
        preset,
        r.devices(),
        r.trainEpisodes(),
        r.validationEpisodes(),
        r.bestEpoch() + 1,
        r.bestValidationMse(),
        r.zeroBaselineMse(),
        r.samplesPerSecond(),
        out);
    if (trainingLoss != TrainingLoss.MSE) {
      System.out.printf(
          "%s head: validation %s %.5f at the best epoch%n",
          trainingLoss.head().name().toLowerCase(java.util.Locale.ROOT),
          trainingLoss.name().toLowerCase(java.util.Locale.ROOT),
          r.bestValidationLoss());
    }
    if (dt) {
      System.out.printf(
          "Δt input: nominal gap %s s (median of the training part)%n", r.nominalGapSeconds());
    }
    try {
      ModelRegistry.Entry e = new ModelRegistry(registry).register(name, out, Map.of());
      System.out.printf(
          "registered %s version %d as %s in %s%n", name, e.version(), e.stage(), registry);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot register " + out + " in " + registry, e);
    }
  }
}
