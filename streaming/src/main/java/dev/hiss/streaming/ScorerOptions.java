package dev.hiss.streaming;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Operational settings of a {@link Scorer}, declared once with their defaults ({@link #DEFAULTS}).
 *
 * @param metricsPort TCP port of the HTTP endpoint serving {@code /metrics} (Prometheus text
 *     format) and {@code /health}; {@code 0} (the default) serves nothing
 * @param metricsHost address the endpoint binds to; default {@value #DEFAULT_METRICS_HOST}
 * @param modelSource where the production model lives: a model file, a model registry directory
 *     (its production version is served), or a directory whose {@value
 *     ModelWatcher#PRODUCTION_POINTER} file names the model file (relative to the directory or
 *     absolute); {@code null} (the default) serves one fixed model
 * @param modelPollInterval how often {@code modelSource} is checked for a new model; default 5 s
 * @param kafkaClient extra Kafka client properties (TLS, SASL: {@code security.protocol}, {@code
 *     ssl.*}, {@code sasl.*}) given to every client of the scorer; they cannot override the
 *     scorer's own settings (exactly-once, serdes, application id); never logged; default none.
 *     {@link #withInstanceId} adds the main consumer's {@code group.instance.id} here
 * @param streamThreads Kafka Streams stream threads of this instance ({@code num.stream.threads}),
 *     1 to {@value #MAX_STREAM_THREADS}; each thread owns whole tasks (input partitions), so more
 *     than the partitions of the sensors topic leaves threads idle; default 1
 * @param commitInterval how often the exactly-once transaction commits ({@code
 *     commit.interval.ms}): read_committed readers see predictions only after it, so it bounds the
 *     end-to-end latency from below, while shorter intervals cost throughput; {@code null} (the
 *     default) keeps Kafka Streams' default (100 ms under exactly-once)
 * @param stateCacheBytes bytes of the write cache in front of the device-state store ({@code
 *     statestore.cache.max.bytes}, shared by the instance's stream threads): a device's state is
 *     written to the store and its changelog once per commit instead of once per event; {@code 0}
 *     turns the cache off; when it fills up between commits, the least recently used states are
 *     written early; default {@value #DEFAULT_STATE_CACHE_BYTES} (64 MiB)
 */
public record ScorerOptions(
    int metricsPort,
    String metricsHost,
    Path modelSource,
    Duration modelPollInterval,
    Map<String, String> kafkaClient,
    int streamThreads,
    Duration commitInterval,
    long stateCacheBytes) {
  /** Default bind address of the metrics endpoint: every interface, as scrapers expect. */
  public static final String DEFAULT_METRICS_HOST = "0.0.0.0";

  /** Default interval between two checks of the model source. */
  public static final Duration DEFAULT_MODEL_POLL_INTERVAL = Duration.ofSeconds(5);

  /** Default of {@link #stateCacheBytes()}: 64 MiB. */
  public static final long DEFAULT_STATE_CACHE_BYTES = 64L << 20;

  /** Upper bound of {@link #streamThreads()}. */
  public static final int MAX_STREAM_THREADS = 256;

  /**
   * Metrics endpoint off, no model source, 5 s poll interval, one stream thread, Kafka Streams'
   * commit interval, a 64 MiB state cache.
   */
  public static final ScorerOptions DEFAULTS =
      new ScorerOptions(
          0,
          DEFAULT_METRICS_HOST,
          null,
          DEFAULT_MODEL_POLL_INTERVAL,
          Map.of(),
          1,
          null,
          DEFAULT_STATE_CACHE_BYTES);

  /** Validates every field. */
  public ScorerOptions {
    if (metricsPort < 0 || metricsPort > 65_535) {
      throw new IllegalArgumentException(
          "Invalid metricsPort = " + metricsPort + "; must be 0 (off) or 1..65535");
    }
    if (metricsHost == null || metricsHost.isBlank()) {
      throw new IllegalArgumentException("Invalid metricsHost = '" + metricsHost + "'");
    }
    if (modelPollInterval == null || modelPollInterval.isNegative() || modelPollInterval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid modelPollInterval = " + modelPollInterval + "; must be > 0");
    }
    if (kafkaClient == null) {
      throw new IllegalArgumentException("Invalid kafkaClient = null; use an empty map");
    }
    kafkaClient = Map.copyOf(kafkaClient);
    if (streamThreads < 1 || streamThreads > MAX_STREAM_THREADS) {
      throw new IllegalArgumentException(
          "Invalid streamThreads = "
              + streamThreads
              + "; must be in [1, "
              + MAX_STREAM_THREADS
              + "]");
    }
    if (commitInterval != null && (commitInterval.isNegative() || commitInterval.isZero())) {
      throw new IllegalArgumentException(
          "Invalid commitInterval = " + commitInterval + "; must be > 0 (or null: the default)");
    }
    if (stateCacheBytes < 0) {
      throw new IllegalArgumentException(
          "Invalid stateCacheBytes = " + stateCacheBytes + "; must be >= 0 (0 = no cache)");
    }
  }

  /**
   * The Kafka Streams properties these options set: stream threads, the commit interval and the
   * state cache.
   */
  Properties streamsProperties() {
    Properties p = new Properties();
    p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamThreads);
    if (commitInterval != null) {
      p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
    }
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, stateCacheBytes);
    return p;
  }

  /** Redacts the client properties (they hold secrets). */
  @Override
  public String toString() {
    return "ScorerOptions[metricsPort="
        + metricsPort
        + ", metricsHost="
        + metricsHost
        + ", modelSource="
        + modelSource
        + ", modelPollInterval="
        + modelPollInterval
        + ", kafkaClient="
        + kafkaClient.keySet()
        + " (values masked), streamThreads="
        + streamThreads
        + ", commitInterval="
        + (commitInterval == null ? "default" : commitInterval)
        + ", stateCacheBytes="
        + stateCacheBytes
        + "]";
  }

  /** These options with extra Kafka client properties (TLS, SASL). */
  public ScorerOptions withKafkaClient(Properties properties) {
    Map<String, String> m = new TreeMap<>();
    properties.forEach((k, v) -> m.put(k.toString(), v.toString()));
    return new ScorerOptions(
        metricsPort,
        metricsHost,
        modelSource,
        modelPollInterval,
        m,
        streamThreads,
        commitInterval,
        stateCacheBytes);
  }

  /** These options with the metrics endpoint on {@code port} (0 = off). */
  public ScorerOptions withMetricsPort(int port) {
    return new ScorerOptions(
        port,
        metricsHost,
        modelSource,
        modelPollInterval,
        kafkaClient,
        streamThreads,
        commitInterval,
        stateCacheBytes);
  }

  /** These options watching {@code source} (a model file or registry directory). */
  public ScorerOptions withModelSource(Path source, Duration pollInterval) {
    return new ScorerOptions(
        metricsPort,
        metricsHost,
        source,
        pollInterval,
        kafkaClient,
        streamThreads,
        commitInterval,
        stateCacheBytes);
  }

  /** These options with {@code threads} stream threads. */
  public ScorerOptions withStreamThreads(int threads) {
    return new ScorerOptions(
        metricsPort,
        metricsHost,
        modelSource,
        modelPollInterval,
        kafkaClient,
        threads,
        commitInterval,
        stateCacheBytes);
  }

  /** These options committing every {@code interval} (null = Kafka Streams' default). */
  public ScorerOptions withCommitInterval(Duration interval) {
    return new ScorerOptions(
        metricsPort,
        metricsHost,
        modelSource,
        modelPollInterval,
        kafkaClient,
        streamThreads,
        interval,
        stateCacheBytes);
  }

  /** These options with a state cache of {@code bytes} (0 = none). */
  public ScorerOptions withStateCacheBytes(long bytes) {
    return new ScorerOptions(
        metricsPort,
        metricsHost,
        modelSource,
        modelPollInterval,
        kafkaClient,
        streamThreads,
        commitInterval,
        bytes);
  }

  /**
   * These options with Kafka static group membership under {@code instanceId}: an instance that
   * restarts with the same id (and state directory) takes its partitions back at once, without a
   * rebalance and without waiting for the dead member's session to time out (45 s). Each instance
   * of the application needs its own id.
   */
  public ScorerOptions withInstanceId(String instanceId) {
    if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException(
          "Invalid instanceId = '" + instanceId + "'; use [A-Za-z0-9._-]+");
    }
    Map<String, String> p = new java.util.HashMap<>(kafkaClient);
    p.put(
        org.apache.kafka.streams.StreamsConfig.mainConsumerPrefix(
            org.apache.kafka.clients.consumer.ConsumerConfig.GROUP_INSTANCE_ID_CONFIG),
        instanceId);
    return new ScorerOptions(
        metricsPort,
        metricsHost,
        modelSource,
        modelPollInterval,
        p,
        streamThreads,
        commitInterval,
        stateCacheBytes);
  }
}
