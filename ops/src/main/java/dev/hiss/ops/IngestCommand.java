package dev.hiss.ops;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.lake.LakeIngestConfig;
import dev.hiss.ingestion.lake.LakeIngestJob;
import dev.hiss.ingestion.lake.LakePath;
import dev.hiss.ingestion.lake.LocalSpark;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss ingest}: the Kafka → Parquet lake job. */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = {
      "Run the lake job: validate sensor events from Kafka, write valid ones to the Parquet lake"
          + " (exactly once, checkpointed) and rejected ones to the dead-letter topic.",
      "Runs until Ctrl-C, or with --once until everything now in the topic is ingested."
    })
public final class IngestCommand implements Runnable {
  @Option(
      names = "--bootstrap-server",
      description =
          "Kafka bootstrap servers (default: kafka.bootstrap.servers of the configuration).")
  String bootstrap;

  @Option(
      names = "--topic",
      defaultValue = Topics.SENSORS,
      description = "Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--dead-letter-topic",
      defaultValue = Topics.DEAD_LETTER,
      description = "Default: ${DEFAULT-VALUE}.")
  String deadLetter;

  @Option(
      names = "--lake",
      defaultValue = "target/hiss-lake",
      description =
          "Lake directory, or a Hadoop URI such as s3a://bucket/lake (needs its connector on the"
              + " classpath). Default: ${DEFAULT-VALUE}.")
  LakePath lake;

  @Option(
      names = "--checkpoint",
      description = "Directory or Hadoop URI. Default: the lake path + -checkpoints.")
  LakePath checkpoint;

  @Option(
      names = "--buckets",
      defaultValue = "16",
      description = "Device buckets (default: ${DEFAULT-VALUE}).")
  int buckets;

  @Option(
      names = "--max-offsets-per-trigger",
      defaultValue = "100000",
      description = "Records per micro-batch at most (default: ${DEFAULT-VALUE}).")
  long maxOffsets;

  @Option(
      names = "--trigger-seconds",
      defaultValue = "60",
      description = "Micro-batch interval when running continuously (default: ${DEFAULT-VALUE}).")
  long triggerSeconds;

  @Option(names = "--once", description = "Ingest what is in the topic now, then stop.")
  boolean once;

  @Option(
      names = "--master",
      defaultValue = "local[*]",
      description = "Spark master (default: ${DEFAULT-VALUE}).")
  String master;

  @Option(
      names = "--range",
      paramLabel = "CHANNEL=MIN:MAX",
      description = "Declared physical range of a channel; values outside are dead-lettered.")
  Map<String, String> ranges = Map.of();

  private static Map<String, String> clientOptions() {
    Map<String, String> m = new java.util.HashMap<>();
    Hiss.settings().kafkaClientProperties().forEach((k, v) -> m.put(k.toString(), v.toString()));
    return m;
  }

  @Override
  public void run() {
    Hiss.requireBootstrap(bootstrap);
    ValidationPolicy policy = ValidationPolicy.DEFAULT;
    for (Map.Entry<String, String> r : ranges.entrySet()) {
      String[] mm = r.getValue().split(":");
      if (mm.length != 2) {
        throw new IllegalArgumentException(
            "Invalid --range " + r.getKey() + "=" + r.getValue() + "; expected CHANNEL=MIN:MAX");
      }
      policy = policy.withRange(r.getKey(), Double.parseDouble(mm[0]), Double.parseDouble(mm[1]));
    }
    LakeIngestConfig config =
        new LakeIngestConfig(
            bootstrap,
            topic,
            deadLetter,
            lake,
            checkpoint != null ? checkpoint : LakeIngestJob.defaultCheckpoint(lake),
            buckets,
            maxOffsets,
            policy,
            clientOptions());
    SparkSession spark = LocalSpark.builder(master, "hiss-ingest").getOrCreate();
    try {
      LakeIngestJob job = new LakeIngestJob(spark, config);
      if (once) {
        System.out.println(
            "ingested everything in "
                + topic
                + " into "
                + config.lake()
                + ": "
                + job.runAvailableNow());
        return;
      }
      List<StreamingQuery> queries = job.start(Trigger.ProcessingTime(triggerSeconds * 1000));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    for (StreamingQuery q : queries) {
                      try {
                        q.stop();
                      } catch (java.util.concurrent.TimeoutException e) {
                        // stopping at shutdown: the checkpoint keeps what was committed
                      }
                    }
                  },
                  "hiss-ingest-stop"));
      System.err.println(
          "[hiss] ingesting " + topic + " into " + config.lake() + " (Ctrl-C stops)");
      spark.streams().awaitAnyTermination();
    } catch (StreamingQueryException e) {
      throw new IllegalStateException("Lake ingestion failed: " + e.getMessage(), e);
    } finally {
      spark.stop();
    }
  }
}
