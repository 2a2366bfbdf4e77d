package dev.hiss.ops.demo;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.lake.Lake;
import dev.hiss.ingestion.lake.LakeIngestConfig;
import dev.hiss.ingestion.lake.LakeIngestJob;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.spark.job.TrainAutoregressionJob;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The walking skeleton, end to end: replay → Kafka → Parquet lake → Spark training → model file →
 * streaming scorer → predictions. Shared by {@code ./hiss demo} and the end-to-end test, so that
 * what the test checks is what the user runs.
 */
public final class DemoPipeline {
  /**
   * @param bootstrapServers Kafka to use (topics must exist)
   * @param topicSuffix appended to the default topic names (isolates runs on a shared broker)
   * @param workDir lake, checkpoints, scorer state and model live under it
   * @param order AR lags
   * @param horizon steps ahead
   * @param chunkSize one prediction per chunk of this many samples
   * @param timeout how long to wait for the scorer's predictions
   */
  public record Options(
      String bootstrapServers,
      String topicSuffix,
      Path workDir,
      int order,
      int horizon,
      int chunkSize,
      Duration timeout) {
    public String sensors() {
      return Topics.SENSORS + topicSuffix;
    }

    public String predictions() {
      return Topics.PREDICTIONS + topicSuffix;
    }

    public String deadLetter() {
      return Topics.DEAD_LETTER + topicSuffix;
    }

    public String alerts() {
      return Topics.ALERTS + topicSuffix;
    }

    /** Predictions of the HiSS scorer the demo runs after training HiSS. */
    public String hissPredictions() {
      return Topics.PREDICTIONS + ".hiss" + topicSuffix;
    }

    public List<String> topics() {
      return List.of(sensors(), predictions(), deadLetter(), alerts(), hissPredictions());
    }

    public Path lake() {
      return workDir.resolve("lake");
    }

    /** The AR model file the pipeline trains. */
    public Path arModelFile() {
      return workDir.resolve("models/ecg-ar.hiss.json");
    }

    /** The model registry (the AR and HiSS models, the dashboard's models view). */
    public Path registry() {
      return workDir.resolve("registry");
    }
  }

  /**
   * What the run produced.
   *
   * @param sent events replayed per device
   * @param lakeRows rows in the lake
   * @param lakeDistinctKeys distinct (device, seq) in the lake
   * @param training the training job's result
   * @param predictions every prediction read back (read_committed)
   * @param expectedPredictions how many the scorer should emit for the replay
   */
  public record Result(
      Map<String, Long> sent,
      long lakeRows,
      long lakeDistinctKeys,
      TrainAutoregressionJob.Result training,
      List<Prediction> predictions,
      long expectedPredictions) {}

  private DemoPipeline() {}

  /** Runs every stage; {@code progress} receives one line per stage. */
  public static Result run(
      SparkSession spark, FleetReplay replay, Options o, Consumer<String> progress) {
    long t0 = System.nanoTime();
    Map<String, Long> sent = replay.sendAll(o.bootstrapServers(), o.sensors());
    progress.accept(
        String.format(
            "replayed %,d events as %d devices to %s (%s)",
            replay.totalEvents(), replay.devices(), o.sensors(), since(t0)));

    long t1 = System.nanoTime();
    Path lake = o.lake();
    new LakeIngestJob(
            spark,
            new LakeIngestConfig(
                o.bootstrapServers(),
                o.sensors(),
                o.deadLetter(),
                lake,
                o.workDir().resolve("checkpoints"),
                8,
                200_000,
                ValidationPolicy.DEFAULT))
        .runAvailableNow();
    Row counts =
        Lake.read(spark, lake).selectExpr("count(*)", "count(distinct device, seq)").first();
    progress.accept(
        String.format(
            "ingested %,d rows into the Parquet lake %s (%s)", counts.getLong(0), lake, since(t1)));

    long t2 = System.nanoTime();
    Path modelFile = o.arModelFile();
    TrainAutoregressionJob.Result trained =
        TrainAutoregressionJob.run(
            spark,
            new TrainAutoregressionJob.Config(
                lake, "ecg_mV", o.order(), o.horizon(), DemoReport.HOLDOUT, modelFile));
    progress.accept(
        String.format(
            "trained AR(p=%d, h=%d) with Spark on %,d windows: validation MSE %.5f mV² (naive"
                + " %.5f) -> %s, version %s (%s)",
            o.order(),
            o.horizon(),
            trained.trainRows(),
            trained.validationMse(),
            trained.naiveMse(),
            modelFile,
            trained.modelVersion(),
            since(t2)));

    long t3 = System.nanoTime();
    long expected =
        expectedPredictions(replay.samplesPerDevice(), o.order(), o.chunkSize()) * replay.devices();
    ScorerConfig sc =
        new ScorerConfig(
            o.bootstrapServers(),
            "hiss-scorer" + o.topicSuffix(),
            o.sensors(),
            o.predictions(),
            o.deadLetter(),
            o.chunkSize(),
            o.workDir().resolve("scorer-state"),
            o.alerts(),
            dev.hiss.streaming.AnomalySettings.DEFAULT,
            ScorerConfig.DEFAULT_DEVICE_TTL);
    List<Prediction> predictions;
    Scorer scorer = Scorer.start(sc, trained.model(), trained.modelVersion());
    try {
      predictions = readPredictions(o, expected);
    } finally {
      scorer.close();
    }
    progress.accept(
        String.format(
            "scorer emitted %,d predictions to %s (%s)",
            predictions.size(), o.predictions(), since(t3)));
    return new Result(sent, counts.getLong(0), counts.getLong(1), trained, predictions, expected);
  }

  /** Predictions one device emits: chunk ends {@code seq = jk - 1} with {@code jk >= order}. */
  public static long expectedPredictions(long samples, int order, int chunkSize) {
    long n = 0;
    for (long end = chunkSize; end <= samples; end += chunkSize) {
      if (end >= order) {
        n++;
      }
    }
    return n;
  }

  static List<Prediction> readPredictions(Options o, long expected) {
    return readPredictions(o, o.predictions(), expected);
  }

  /**
   * Reads {@code expected} predictions (read_committed) from a topic, or fails after the timeout.
   */
  static List<Prediction> readPredictions(Options o, String topic, long expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, o.bootstrapServers());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<Prediction> out = new ArrayList<>();
    long deadline = System.nanoTime() + o.timeout().toNanos();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      c.partitionsFor(topic)
          .forEach(pi -> parts.add(new TopicPartition(pi.topic(), pi.partition())));
      c.assign(parts);
      c.seekToBeginning(parts);
      while (out.size() < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          out.add(Prediction.decode(r.value()));
        }
      }
      // one more short poll: anything beyond the expected count would be a duplicate
      for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(500))) {
        out.add(Prediction.decode(r.value()));
      }
    }
    if (out.size() < expected) {
      throw new IllegalStateException(
          "Scorer produced "
              + out.size()
              + " of "
              + expected
              + " predictions within "
              + o.timeout());
    }
    return out;
  }

  private static String since(long t0) {
    return String.format("%.1f s", (System.nanoTime() - t0) / 1e9);
  }

  /** Prints a table of predictions next to actuals for each device, and the error summary. */
  public static void printReport(PrintStream out, FleetReplay replay, Result r, int rowsPerDevice) {
    DemoReport.print(out, replay, r, rowsPerDevice);
  }
}
