package dev.hiss.ingestion.lake;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationRule;
import dev.hiss.ingestion.lake.internal.RecordDecoder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.apache.spark.sql.streaming.Trigger;

/**
 * Kafka sensor topic → Parquet lake, with Spark Structured Streaming.
 *
 * <p>Two queries read the topic. The <b>lake</b> query writes every record that passes {@link
 * dev.hiss.ingestion.SensorEventCodec} to Parquet, partitioned by {@code date} (UTC) and {@code
 * bucket} (a hash of the device id), through Spark's file sink with a checkpoint: a crash and
 * restart neither loses nor duplicates rows (the sink's commit log is the exactly-once boundary).
 * The <b>dead-letter</b> query writes every rejected record, with its original key, value and
 * headers plus the reason headers of {@link Topics}, to the dead-letter topic (at-least-once: the
 * Kafka sink is not transactional).
 *
 * <p>Lake columns: {@code device string, ts timestamp, ts_ns long, seq long, channels
 * map<string,double>, units map<string,string>, quality map<string,int>, kafka_partition int,
 * kafka_offset long, date string, bucket int}. Each micro-batch is repartitioned by {@code (date,
 * bucket)} so that it writes one file per partition it touches; at low event rates choose a longer
 * trigger interval ({@code ./hiss ingest --trigger-seconds}, default 60) to keep files large.
 */
public final class LakeIngestJob {
  private final SparkSession spark;
  private final LakeIngestConfig config;
  private final LakeIngestStats stats = new LakeIngestStats(ACCEPTED, REJECTED);

  public LakeIngestJob(SparkSession spark, LakeIngestConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /**
   * Processes everything in the topic now and returns when both queries have stopped ({@link
   * Trigger#AvailableNow()}).
   *
   * @return the accepted and rejected counts of this run
   */
  public LakeIngestStats runAvailableNow() {
    List<StreamingQuery> queries = start(Trigger.AvailableNow());
    try {
      for (StreamingQuery q : queries) {
        q.awaitTermination();
      }
    } catch (StreamingQueryException e) {
      throw new IllegalStateException("Lake ingestion failed: " + e.getMessage(), e);
    } finally {
      spark.streams().removeListener(stats);
    }
    return stats;
  }

  /** Accepted and rejected (per rule) counts of this job's queries so far. */
  public LakeIngestStats stats() {
    return stats;
  }

  /** Starts both queries with the given trigger; the caller stops them. */
  public List<StreamingQuery> start(Trigger trigger) {
    spark.streams().addListener(stats);
    Dataset<Row> decoded = decodedStream();
    try {
      StreamingQuery lake =
          decoded
              .filter(col("reject_reason").isNull())
              .observe(ACCEPTED, count(lit(1)).as("accepted"))
              .select(
                  col("device"),
                  col("ts"),
                  col("ts_ns"),
                  col("seq"),
                  col("channels"),
                  col("units"),
                  col("quality"),
                  col("kafka_partition"),
                  col("kafka_offset"),
                  col("date"),
                  col("bucket"))
              .repartition(col("date"), col("bucket"))
              .writeStream()
              .queryName("hiss-lake")
              .format("parquet")
              .option("path", config.lake().toString())
              .option("checkpointLocation", config.checkpoint().resolve("lake").toString())
              .option("compression", "zstd")
              .partitionBy("date", "bucket")
              .trigger(trigger)
              .start();
      Column reasonHeaders =
          array(
              header(Topics.HEADER_RULE, col("reject_rule")),
              header(Topics.HEADER_FIELD, col("reject_field")),
              header(Topics.HEADER_REASON, col("reject_reason")),
              header(Topics.HEADER_SOURCE, lit("lake-ingest")));
      StreamingQuery deadLetter =
          decoded
              .filter(col("reject_reason").isNotNull())
              .observe(REJECTED, REJECTION_COUNTERS[0], tail(REJECTION_COUNTERS))
              .select(
                  col("raw_key").as("key"),
                  col("raw_value").as("value"),
                  concat(col("raw_headers"), reasonHeaders).as("headers"))
              .writeStream()
              .queryName("hiss-lake-dead-letter")
              .format("kafka")
              .option("kafka.bootstrap.servers", config.bootstrapServers())
              .options(kafkaOptions())
              .option("topic", config.deadLetterTopic())
              .option("checkpointLocation", config.checkpoint().resolve("dead-letter").toString())
              .trigger(trigger)
              .start();
      return List.of(lake, deadLetter);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Could not start the lake ingestion queries", e);
    } catch (Exception e) { // Hadoop's IOExceptions arrive unchecked through Scala
      String hint = config.lake().missingConnectorHint(e);
      if (hint != null) {
        throw new IllegalStateException(hint, e);
      }
      throw e;
    }
  }

  /** Observed-metrics name of the lake query's accepted-record count. */
  static final String ACCEPTED = "hiss_lake_accepted";

  /** Observed-metrics name of the dead-letter query's per-rule counts. */
  static final String REJECTED = "hiss_lake_rejected";

  private static final Column[] REJECTION_COUNTERS =
      java.util.Arrays.stream(ValidationRule.values())
          .map(r -> sum(when(col("reject_rule").equalTo(r.name()), 1).otherwise(0)).as(r.name()))
          .toArray(Column[]::new);

  private static Column[] tail(Column[] a) {
    return java.util.Arrays.copyOfRange(a, 1, a.length);
  }

  private java.util.Map<String, String> kafkaOptions() {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    config.kafkaOptions().forEach((k, v) -> m.put("kafka." + k, v));
    return m;
  }

  private static Column header(String name, Column value) {
    return struct(lit(name).as("key"), value.cast("binary").as("value"));
  }

  private Dataset<Row> decodedStream() {
    Dataset<Row> raw =
        spark
            .readStream()
            .format("kafka")
            .option("kafka.bootstrap.servers", config.bootstrapServers())
            .options(kafkaOptions())
            .option("subscribe", config.topic())
            .option("startingOffsets", "earliest")
            .option("includeHeaders", "true")
            .option("maxOffsetsPerTrigger", config.maxOffsetsPerTrigger())
            .load();
    int buckets = config.deviceBuckets();
    return raw.select(col("key"), col("value"), col("partition"), col("offset"), col("headers"))
        .mapPartitions(
            new RecordDecoder(buckets, config.policy()),
            Encoders.row(RecordDecoder.DECODED_SCHEMA));
  }

  /** Where the lake job writes; a convenience for callers that only know the lake root. */
  public static Path defaultCheckpoint(Path lake) {
    return lake.resolveSibling(lake.getFileName() + "-checkpoints");
  }

  /** {@code <lake>-checkpoints}, next to a lake at any {@link LakePath}. */
  public static LakePath defaultCheckpoint(LakePath lake) {
    return lake.withSuffix("-checkpoints");
  }
}
