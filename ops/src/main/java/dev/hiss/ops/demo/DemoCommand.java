package dev.hiss.ops.demo;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.lake.LocalSpark;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.hiss.TrainConfig;
import dev.hiss.model.io.ModelRegistry;
import dev.hiss.ops.internal.ProgressBar;
import dev.hiss.ops.internal.TrainingProgress;
import dev.hiss.spark.job.BatchScoreJob;
import dev.hiss.spark.job.TrainAutoregressionJob;
import dev.hiss.spark.job.TrainHissJob;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss demo}: the walking skeleton on the embedded defaults (embedded Kafka broker, Spark
 * {@code local[*]}, the bundled MIT-BIH ECG recording).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Replay the bundled ECG recording as a fleet of devices into Kafka, ingest it into a Parquet"
          + " lake, train a forecaster with Spark, score the stream, and print predictions next"
          + " to the actual values."
    })
public final class DemoCommand implements Runnable {
  @Option(
      names = "--bootstrap-server",
      description = "Use this Kafka instead of starting the embedded broker.")
  String bootstrapServer;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--work-dir",
      defaultValue = "target/hiss-demo",
      description =
          "Lake, checkpoints, scorer state and model go here; wiped at start"
              + " (default: ${DEFAULT-VALUE}).")
  Path workDir;

  @Option(
      names = "--devices",
      defaultValue = "4",
      description = "Devices to cut the recording into (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--samples-per-device",
      defaultValue = "0",
      description = "Samples each device sends; 0 = the whole recording split evenly.")
  int samplesPerDevice;

  @Option(
      names = "--order",
      defaultValue = "36",
      description = "Autoregression lags (default: ${DEFAULT-VALUE} = 0.1 s at 360 Hz).")
  int order;

  @Option(
      names = "--horizon",
      defaultValue = "18",
      description = "Steps ahead to forecast (default: ${DEFAULT-VALUE} = 50 ms at 360 Hz).")
  int horizon;

  @Option(
      names = "--chunk",
      defaultValue = "36",
      description = "One prediction per chunk of this many samples (default: ${DEFAULT-VALUE}).")
  int chunk;

  @Option(
      names = "--rows",
      defaultValue = "5",
      description = "Table rows per device (default: ${DEFAULT-VALUE}).")
  int rows;

  @Option(
      names = "--timeout",
      defaultValue = "PT5M",
      description = "How long to wait for the scorer (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(
      names = "--serve",
      description = {
        "After the run, keep going: replay the recording live (real time) as new devices, score"
            + " it with the exactly-once scorer, serve the dashboard and print a summary line every"
            + " 5 s until Ctrl-C."
      })
  boolean serve;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "Dashboard port with --serve (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port;

  @Option(
      names = "--hiss-epochs",
      defaultValue = "2",
      description =
          "Epochs of the HiSS model trained on the lake; 0 skips it (default: ${DEFAULT-VALUE}).")
  int hissEpochs;

  @Override
  public void run() {
    long t0 = System.nanoTime();
    wipe(workDir);
    Recording ecg = Recording.bundledEcg();
    FleetReplay replay =
        new FleetReplay(
            ecg,
            devices,
            samplesPerDevice,
            "ecg",
            Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L);
    say(
        String.format(
            "HiSS demo: %s, %,d samples at %.0f Hz, as %d devices x %,d samples",
            ecg.name(), ecg.length(), ecg.sampleRateHz(), devices, replay.samplesPerDevice()));
    EmbeddedKafkaBroker broker = null;
    try {
      String bootstrap = bootstrapServer;
      String suffix = "";
      if (bootstrap == null) {
        say("starting the embedded Kafka broker ...");
        broker = EmbeddedKafkaBroker.start(4);
        bootstrap = broker.bootstrapServers();
        say("Kafka broker up at " + bootstrap);
      } else {
        suffix = ".demo-" + System.currentTimeMillis(); // never mix with earlier runs' data
      }
      DemoPipeline.Options o =
          new DemoPipeline.Options(
              bootstrap, suffix, workDir.toAbsolutePath(), order, horizon, chunk, timeout);
      createTopics(bootstrap, o);
      say("starting Spark " + master + " ...");
      SparkSession spark = LocalSpark.builder(master, "hiss-demo").getOrCreate();
      DemoPipeline.Result r;
      try {
        r = DemoPipeline.run(spark, replay, o, DemoCommand::say);
        registerAr(o, r.training());
        if (hissEpochs > 0) {
          trainHiss(spark, o);
        }
      } finally {
        spark.stop();
      }
      DemoPipeline.printReport(System.out, replay, r, rows);
      System.out.printf(
          "%nlake: %,d rows, %,d distinct (device, seq) for %,d events replayed; predictions:"
              + " %,d (expected %,d). Done in %.0f s.%n",
          r.lakeRows(),
          r.lakeDistinctKeys(),
          replay.totalEvents(),
          r.predictions().size(),
          r.expectedPredictions(),
          (System.nanoTime() - t0) / 1e9);
      if (serve) {
        LiveDemo.serve(
            o, r.training().model(), r.training().modelVersion(), port, DemoCommand::say);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * Registers the AR model the scorer serves and makes it production, so that the dashboard's
   * models view shows the served version with its registry entry.
   */
  private static void registerAr(DemoPipeline.Options o, TrainAutoregressionJob.Result trained) {
    try {
      ModelRegistry registry = new ModelRegistry(o.registry());
      ModelRegistry.Entry e =
          registry.register(
              "ecg-ar",
              o.arModelFile(),
              Map.of("validationMse", trained.validationMse(), "naiveMse", trained.naiveMse()));
      registry.promote("ecg-ar", e.version());
      say(String.format("registered ecg-ar v%d (production) in %s", e.version(), o.registry()));
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot register the AR model", ex);
    }
  }

  /** Trains a small HiSS model on the demo's lake, registers and promotes it, scores the lake. */
  private void trainHiss(SparkSession spark, DemoPipeline.Options o) {
    long t = System.nanoTime();
    Path model = o.workDir().resolve("models/ecg-hiss.json");
    say(
        String.format(
            "training HiSS (preset tiny, %d epochs) with Spark on the lake ...", hissEpochs));
    ProgressBar bar = new ProgressBar(System.out, System.console() != null, 100_000_000L);
    TrainHissJob.Result h =
        TrainHissJob.run(
            spark,
            new TrainHissJob.Config(
                o.lake(),
                List.of("ecg_mV"),
                "ecg_mV",
                "tiny",
                20,
                0.2,
                new TrainConfig(3e-3, 0.9, 0.999, 1e-8, 8, hissEpochs, 5),
                2,
                model),
            line -> bar.line("[hiss]   " + line),
            TrainingProgress.on(bar));
    bar.finish();
    Path registryDir = o.registry();
    try {
      ModelRegistry registry = new ModelRegistry(registryDir);
      ModelRegistry.Entry e = registry.register("ecg-hiss", model, Map.of());
      registry.promote("ecg-hiss", e.version());
      Path batchOut = o.workDir().resolve("hiss-predictions");
      long n = BatchScoreJob.run(spark, o.lake(), model, batchOut);
      say(
          String.format(
              "HiSS: validation MSE %.4f vs %.4f for the mean forecast (standardised next-chunk"
                  + " mean), best epoch %d, %.0f episodes/s; registered ecg-hiss v%d (production) in"
                  + " %s; batch-scored %,d chunks (%.1f s)",
              h.bestValidationLoss(),
              h.zeroBaselineMse(),
              h.bestEpoch() + 1,
              h.samplesPerSecond(),
              e.version(),
              registryDir,
              n,
              (System.nanoTime() - t) / 1e9));
      streamHiss(spark, o, e.file(), batchOut, n);
    } catch (IOException ex) {
      throw new UncheckedIOException("Cannot register the HiSS model", ex);
    }
  }

  /**
   * Serves the registered HiSS model with the streaming scorer over the same sensor topic and
   * compares its predictions with the batch ones: streaming and batch must agree.
   */
  private static void streamHiss(
      SparkSession spark, DemoPipeline.Options o, Path model, Path batchOut, long expected)
      throws IOException {
    long t = System.nanoTime();
    ScorerConfig sc =
        new ScorerConfig(
            o.bootstrapServers(),
            "hiss-scorer-hiss" + o.topicSuffix(),
            o.sensors(),
            o.hissPredictions(),
            o.deadLetter(),
            1,
            o.workDir().resolve("scorer-state-hiss"),
            o.alerts(),
            dev.hiss.streaming.AnomalySettings.DEFAULT,
            ScorerConfig.DEFAULT_DEVICE_TTL);
    List<Prediction> streamed;
    Scorer scorer =
        Scorer.start(sc, ScorerOptions.DEFAULTS.withModelSource(model, Duration.ofMinutes(1)));
    try {
      streamed = DemoPipeline.readPredictions(o, o.hissPredictions(), expected);
    } finally {
      scorer.close();
    }
    Map<String, Double> batch = new java.util.HashMap<>();
    for (Row r : spark.read().parquet(batchOut.toString()).collectAsList()) {
      batch.put(r.getString(0) + "/" + r.getLong(1), r.getDouble(3));
    }
    double maxDiff = 0;
    for (Prediction p : streamed) {
      Double b = batch.get(p.deviceId() + "/" + p.seq());
      maxDiff =
          b == null ? Double.POSITIVE_INFINITY : Math.max(maxDiff, Math.abs(b - p.predicted()));
    }
    say(
        String.format(
            "HiSS scorer streamed %,d predictions with per-device SSM state; max |streaming -"
                + " batch| = %.2g mV (%.1f s)",
            streamed.size(), maxDiff, (System.nanoTime() - t) / 1e9));
  }

  private static void createTopics(String bootstrap, DemoPipeline.Options o) {
    try (Admin admin =
        Admin.create(
            java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, (Object) bootstrap))) {
      admin
          .createTopics(o.topics().stream().map(t -> new NewTopic(t, 4, (short) 1)).toList())
          .all()
          .get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted creating topics", e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
        throw new IllegalStateException("Cannot create topics " + o.topics(), e.getCause());
      }
    }
  }

  private static void say(String line) {
    System.out.println("[hiss] " + line);
    System.out.flush();
  }

  private static void wipe(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clear work directory " + dir, e);
    }
  }
}
