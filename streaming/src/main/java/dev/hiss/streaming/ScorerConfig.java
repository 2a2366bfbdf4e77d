package dev.hiss.streaming;

import dev.hiss.ingestion.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Settings of the streaming scorer.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param applicationId Kafka Streams application id (consumer group, internal topic prefix)
 * @param sensorsTopic input topic of sensor events
 * @param predictionsTopic output topic of {@link dev.hiss.ingestion.Prediction}s
 * @param deadLetterTopic output topic of rejected records
 * @param chunkSize emit one prediction every {@code chunkSize} samples of a device (>= 1)
 * @param stateDir local state directory of Kafka Streams
 * @param alertsTopic output topic of {@link dev.hiss.ingestion.Alert}s
 * @param anomaly when a residual is an anomaly
 * @param deviceTtl a device silent this long (in stream time) loses its state; null = never
 * @param maxGap an event more than this after its device's previous accepted event (event time,
 *     {@code timestampNs}) restarts the device's warm-up, for every model (a HiSS model's state is
 *     reset, and a model with Δt input takes that event with Δt scale 1, as a device's first); null
 *     (the default) = no limit
 */
public record ScorerConfig(
    String bootstrapServers,
    String applicationId,
    String sensorsTopic,
    String predictionsTopic,
    String deadLetterTopic,
    int chunkSize,
    Path stateDir,
    String alertsTopic,
    AnomalySettings anomaly,
    Duration deviceTtl,
    Duration maxGap) {
  /** Validates every field. */
  public ScorerConfig {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("Invalid bootstrapServers = '" + bootstrapServers + "'");
    }
    if (applicationId == null || !applicationId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "Invalid applicationId = '" + applicationId + "'; use [A-Za-z0-9._-]+");
    }
    if (alertsTopic == null || alertsTopic.isBlank()) {
      throw new IllegalArgumentException("Invalid alertsTopic = '" + alertsTopic + "'");
    }
    if (deviceTtl != null && (deviceTtl.isNegative() || deviceTtl.isZero())) {
      throw new IllegalArgumentException("Invalid deviceTtl = " + deviceTtl + "; must be > 0");
    }
    if (maxGap != null && (maxGap.isNegative() || maxGap.isZero())) {
      throw new IllegalArgumentException("Invalid maxGap = " + maxGap + "; must be > 0");
    }
    if (anomaly == null) {
      throw new IllegalArgumentException("Invalid anomaly = null");
    }
    if (chunkSize < 1) {
      throw new IllegalArgumentException("Invalid chunkSize = " + chunkSize + "; must be >= 1");
    }
  }

  /** Settings without a max gap. */
  public ScorerConfig(
      String bootstrapServers,
      String applicationId,
      String sensorsTopic,
      String predictionsTopic,
      String deadLetterTopic,
      int chunkSize,
      Path stateDir,
      String alertsTopic,
      AnomalySettings anomaly,
      Duration deviceTtl) {
    this(
        bootstrapServers,
        applicationId,
        sensorsTopic,
        predictionsTopic,
        deadLetterTopic,
        chunkSize,
        stateDir,
        alertsTopic,
        anomaly,
        deviceTtl,
        null);
  }

  /** These settings with a max gap ({@code null} = none). */
  public ScorerConfig withMaxGap(Duration gap) {
    return new ScorerConfig(
        bootstrapServers,
        applicationId,
        sensorsTopic,
        predictionsTopic,
        deadLetterTopic,
        chunkSize,
        stateDir,
        alertsTopic,
        anomaly,
        deviceTtl,
        gap);
  }

  /** Default device TTL: a week without records. */
  public static final Duration DEFAULT_DEVICE_TTL = Duration.ofDays(7);

  /** Settings with the default alerts topic, anomaly thresholds and device TTL. */
  public ScorerConfig(
      String bootstrapServers,
      String applicationId,
      String sensorsTopic,
      String predictionsTopic,
      String deadLetterTopic,
      int chunkSize,
      Path stateDir) {
    this(
        bootstrapServers,
        applicationId,
        sensorsTopic,
        predictionsTopic,
        deadLetterTopic,
        chunkSize,
        stateDir,
        Topics.ALERTS,
        AnomalySettings.DEFAULT,
        DEFAULT_DEVICE_TTL);
  }

  /** Defaults: the project's topic names, chunk size 36 (10 Hz at 360 Hz). */
  public static ScorerConfig defaults(String bootstrapServers, Path stateDir) {
    return new ScorerConfig(
        bootstrapServers,
        "hiss-scorer",
        Topics.SENSORS,
        Topics.PREDICTIONS,
        Topics.DEAD_LETTER,
        36,
        stateDir);
  }

  /** The scorer's producer {@code retry.backoff.ms} (Kafka's default: 100). */
  public static final int PRODUCER_RETRY_BACKOFF_MS = 5;

  /** The scorer's producer {@code batch.size} in bytes (Kafka's default: 16 KiB). */
  public static final int PRODUCER_BATCH_BYTES = 256 * 1024;

  /**
   * Client settings the scorer tunes and operators may still override (through {@link
   * ScorerOptions#kafkaClient()}), measured in BENCHMARKS.md:
   *
   * <ul>
   *   <li>producer {@code retry.backoff.ms} {@value #PRODUCER_RETRY_BACKOFF_MS}: after each commit
   *       the first {@code AddPartitionsToTxn} of the next transaction often meets the coordinator
   *       still finishing the last one ({@code CONCURRENT_TRANSACTIONS}) and is retried after
   *       min(20 ms, {@code retry.backoff.ms}), which at the default adds 20 ms to every commit
   *       cycle, more than a short commit interval itself;
   *   <li>producer {@code batch.size} {@value #PRODUCER_BATCH_BYTES}: the changelog of the device
   *       states (with the state cache, every device touched since the last commit, at once) and
   *       the predictions go out in fewer, larger requests; 1.1–1.3× the drain rate with 10,000
   *       devices.
   * </ul>
   */
  public static Properties tuning() {
    Properties p = new Properties();
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG),
        PRODUCER_RETRY_BACKOFF_MS);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
    return p;
  }

  /** Kafka Streams properties: exactly-once v2, read_committed, the state directory. */
  public Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
    // internal topics (changelog, repartition) take the broker's default.replication.factor
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return p;
  }
}
