package dev.hiss.ingestion.lake;

import dev.hiss.ingestion.ValidationPolicy;
import java.nio.file.Path;

/**
 * Settings of {@link LakeIngestJob}.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param topic sensor topic to read
 * @param deadLetterTopic topic for rejected records
 * @param lake root directory of the Parquet lake
 * @param checkpoint checkpoint directory (one sub-directory per query)
 * @param deviceBuckets number of device hash buckets in the partitioning, >= 1
 * @param maxOffsetsPerTrigger records per micro-batch at most, >= 1 (bounds batch memory)
 * @param policy the validation policy (timestamp sanity, channel ranges, limits)
 * @param kafkaOptions extra Kafka client properties (TLS, SASL) for the source and the sink,
 *     without Spark's {@code kafka.} prefix
 */
public record LakeIngestConfig(
    String bootstrapServers,
    String topic,
    String deadLetterTopic,
    LakePath lake,
    LakePath checkpoint,
    int deviceBuckets,
    long maxOffsetsPerTrigger,
    ValidationPolicy policy,
    java.util.Map<String, String> kafkaOptions) {
  /** Validates every field. */
  public LakeIngestConfig {
    if (lake == null || checkpoint == null) {
      throw new IllegalArgumentException(
          "Invalid lake = " + lake + ", checkpoint = " + checkpoint + "; both are required");
    }
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Invalid bootstrapServers = '" + bootstrapServers + "'");
    }
    if (topic == null || topic.isBlank()) {
      throw new IllegalArgumentException("Invalid topic = '" + topic + "'");
    }
    if (deadLetterTopic == null || deadLetterTopic.isBlank() || deadLetterTopic.equals(topic)) {
      throw new IllegalArgumentException(
          "Invalid deadLetterTopic = '" + deadLetterTopic + "'; must differ from topic");
    }
    if (deviceBuckets < 1) {
      throw new IllegalArgumentException(
          "Invalid deviceBuckets = " + deviceBuckets + "; must be >= 1");
    }
    kafkaOptions = kafkaOptions == null ? java.util.Map.of() : java.util.Map.copyOf(kafkaOptions);
    if (policy == null) {
      throw new IllegalArgumentException("Invalid policy = null");
    }
    if (maxOffsetsPerTrigger < 1) {
      throw new IllegalArgumentException(
          "Invalid maxOffsetsPerTrigger = " + maxOffsetsPerTrigger + "; must be >= 1");
    }
  }

  /** Settings on local directories. */
  public LakeIngestConfig(
      String bootstrapServers,
      String topic,
      String deadLetterTopic,
      Path lake,
      Path checkpoint,
      int deviceBuckets,
      long maxOffsetsPerTrigger,
      ValidationPolicy policy,
      java.util.Map<String, String> kafkaOptions) {
    this(
        bootstrapServers,
        topic,
        deadLetterTopic,
        LakePath.of(lake),
        LakePath.of(checkpoint),
        deviceBuckets,
        maxOffsetsPerTrigger,
        policy,
        kafkaOptions);
  }

  /** Settings on local directories, without extra Kafka client properties. */
  public LakeIngestConfig(
      String bootstrapServers,
      String topic,
      String deadLetterTopic,
      Path lake,
      Path checkpoint,
      int deviceBuckets,
      long maxOffsetsPerTrigger,
      ValidationPolicy policy) {
    this(
        bootstrapServers,
        topic,
        deadLetterTopic,
        lake,
        checkpoint,
        deviceBuckets,
        maxOffsetsPerTrigger,
        policy,
        java.util.Map.of());
  }
}
