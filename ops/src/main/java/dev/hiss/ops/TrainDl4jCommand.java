package dev.hiss.ops;

import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.spark.dl4j.Dl4jSparkTrainJob;
import dev.hiss.spark.dl4j.Dl4jTrainConfig;
import dev.hiss.spark.dl4j.SsmLayerKind;
import dev.hiss.spark.dl4j.TrainingMasterKind;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./hiss train-dl4j}: trains a DL4J network of the project's SSM layers on the lake with
 * DL4J's own Spark training (parameter averaging or gradient sharing).
 */
@Command(
    name = "train-dl4j",
    mixinStandardHelpOptions = true,
    description = {
      "Train a DL4J MultiLayerNetwork of the project's SSM layers (Dense -> --layers -> RnnOutput)"
          + " on one lake channel with DL4J's SparkDl4jMultiLayer: parameter averaging or"
          + " gradient sharing, or the single-process reference (same network, data and seed).",
      "Task: as ./hiss train (the mean of the next --chunk samples, forecast at the end of each"
          + " chunk); prints the validation MSE per epoch and episodes/s, saves a DL4J zip."
    })
public final class TrainDl4jCommand implements Runnable {
  @Spec CommandSpec spec;

  @Option(
      names = "--lake",
      defaultValue = "target/hiss-lake",
      description =
          "Lake directory, or a Hadoop URI such as s3a://bucket/lake (needs its connector on the"
              + " classpath). Default: ${DEFAULT-VALUE}.")
  LakePath lake;

  @Option(names = "--channel", required = true, description = "Input and target channel.")
  String channel;

  @Option(
      names = "--layers",
      defaultValue = "s4d,s4d",
      description =
          "SSM layers, comma-separated, of s4d, s4, s5, mamba (default: ${DEFAULT-VALUE}).")
  String layers;

  @Option(names = "--width", defaultValue = "16", description = "Channels H (default: 16).")
  int width;

  @Option(names = "--state-size", defaultValue = "16", description = "State size (default: 16).")
  int stateSize;

  @Option(
      names = "--training-master",
      defaultValue = "averaging",
      description = "averaging, sharing or single (default: ${DEFAULT-VALUE}).")
  String trainingMaster;

  @Option(
      names = "--workers",
      defaultValue = "2",
      description = "DL4J workers = data partitions (default: 2; 1 for single).")
  int workers;

  @Option(
      names = "--batch-size-per-worker",
      defaultValue = "8",
      description = "Default: ${DEFAULT-VALUE}.")
  int batchSizePerWorker;

  @Option(
      names = "--averaging-frequency",
      defaultValue = "1",
      description = "Mini-batches between averagings, averaging only (default: 1).")
  int averagingFrequency;

  @Option(
      names = "--sharing-threshold",
      defaultValue = "0.001",
      description = "Initial update-encoding threshold, sharing only (default: 0.001).")
  double sharingThreshold;

  @Option(
      names = "--workers-per-node",
      defaultValue = "1",
      description = "Trainer threads per executor JVM, sharing only (default: 1).")
  int workersPerNode;

  @Option(names = "--chunk", defaultValue = "10", description = "Chunk size k (default: 10).")
  int chunk;

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

  @Option(names = "--epochs", defaultValue = "4", description = "Default: ${DEFAULT-VALUE}.")
  int epochs;

  @Option(names = "--lr", defaultValue = "0.003", description = "Adam (default: 0.003).")
  double lr;

  @Option(names = "--seed", defaultValue = "5", description = "Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--out",
      defaultValue = "target/hiss-dl4j.zip",
      description = "DL4J model zip (default: ${DEFAULT-VALUE}).")
  Path out;

  /** The job configuration from the options; every check runs before Spark starts. */
  Dl4jSparkTrainJob.Config config() {
    TrainingMasterKind m = TrainingMasterKind.parse(trainingMaster);
    onlyWith(m, TrainingMasterKind.AVERAGING, "--averaging-frequency");
    onlyWith(m, TrainingMasterKind.SHARING, "--sharing-threshold");
    onlyWith(m, TrainingMasterKind.SHARING, "--workers-per-node");
    int w = workers;
    if (m == TrainingMasterKind.SINGLE) {
      Hiss.requireOption(
          !given("--workers") || workers == 1,
          "--workers",
          workers,
          "1 with --training-master single");
      w = 1;
    }
    Dl4jTrainConfig t =
        new Dl4jTrainConfig(
            SsmLayerKind.parseList(layers),
            width,
            stateSize,
            m,
            w,
            batchSizePerWorker,
            averagingFrequency,
            sharingThreshold,
            workersPerNode,
            epochs,
            lr,
            seed);
    return new Dl4jSparkTrainJob.Config(lake, channel, chunk, episodeChunks, validation, t, out);
  }

  private boolean given(String option) {
    return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  private void onlyWith(TrainingMasterKind m, TrainingMasterKind needed, String option) {
    if (m != needed && given(option)) {
      throw new IllegalArgumentException(
          "Invalid "
              + option
              + " with --training-master "
              + m.cliName()
              + "; it applies to --training-master "
              + needed.cliName()
              + " only");
    }
  }

  @Override
  public void run() {
    Dl4jSparkTrainJob.Config c = config();
    SparkSession spark =
        LocalSpark.builder(master, "hiss-train-dl4j")
            .config("spark.kryo.registrator", Dl4jSparkTrainJob.ND4J_REGISTRATOR)
            .getOrCreate();
    Dl4jSparkTrainJob.Result r;
    try {
      r = Dl4jSparkTrainJob.run(spark, c, line -> System.err.println("[hiss] " + line));
    } finally {
      spark.stop();
    }
    List<String> names = c.train().layers().stream().map(SsmLayerKind::cliName).toList();
    System.out.printf(
        "trained %s (%d parameters) with %s on %d workers: %d training, %d validation episodes;"
            + " validation MSE %.5f -> %.5f (mean forecast %.5f), %.1f episodes/s -> %s%n",
        String.join(",", names),
        r.parameters(),
        c.train().master().cliName(),
        c.train().workers(),
        r.trainEpisodes(),
        r.validationEpisodes(),
        r.initialValidationLoss(),
        r.finalValidationLoss(),
        r.zeroBaselineMse(),
        r.samplesPerSecond(),
        out);
  }
}
