package dev.hiss.streaming;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.streaming.internal.MetricsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running scorer instance: {@link ScorerTopology} under exactly-once v2, its meters in a
 * Prometheus registry (served over HTTP when {@link ScorerOptions#metricsPort()} is set) and, when
 * {@link ScorerOptions#modelSource()} is set, a {@link ModelWatcher} that hot-swaps the model.
 */
public final class Scorer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

  private final KafkaStreams streams;
  private final PrometheusMeterRegistry registry;
  private final ScorerMetrics metrics;
  private final Supplier<ScoringModel> models;
  private final ModelWatcher watcher;
  private MetricsServer server;

  private Scorer(
      KafkaStreams streams,
      PrometheusMeterRegistry registry,
      ScorerMetrics metrics,
      Supplier<ScoringModel> models,
      ModelWatcher watcher) {
    this.streams = streams;
    this.registry = registry;
    this.metrics = metrics;
    this.models = models;
    this.watcher = watcher;
  }

  /** Starts a scorer of one fixed model, without an HTTP endpoint; returns at once. */
  public static Scorer start(ScorerConfig c, LinearAutoregression model, String modelVersion) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScorerMetrics metrics = new ScorerMetrics(registry);
    ScoringModel fixed = new ScoringModel(model, modelVersion);
    metrics.modelInService(modelVersion, false);
    return start(c, ScorerOptions.DEFAULTS, registry, metrics, () -> fixed, null);
  }

  /**
   * Starts a scorer that serves the model {@link ScorerOptions#modelSource()} points at and swaps
   * in new ones; returns at once (the instance joins its group in the background).
   *
   * @throws IOException if the initial model cannot be loaded or the metrics port cannot be bound
   */
  public static Scorer start(ScorerConfig c, ScorerOptions o) throws IOException {
    if (o.modelSource() == null) {
      throw new IllegalArgumentException("Invalid options: modelSource = null");
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ScorerMetrics metrics = new ScorerMetrics(registry);
    ModelWatcher watcher = ModelWatcher.open(o.modelSource(), metrics);
    try {
      Scorer s = start(c, o, registry, metrics, watcher, watcher);
      watcher.start(o.modelPollInterval());
      return s;
    } catch (RuntimeException e) {
      watcher.close();
      throw e;
    }
  }

  /**
   * The Kafka Streams properties: the scorer's tuning ({@link ScorerConfig#tuning()}) first, the
   * client properties over it, then the options' threads, commit interval and state cache, the
   * scorer's own settings (exactly-once, serdes, application id) on top.
   */
  static Properties properties(ScorerConfig c, ScorerOptions o) {
    Properties p = new Properties();
    p.putAll(ScorerConfig.tuning());
    p.putAll(o.kafkaClient());
    p.putAll(o.streamsProperties());
    p.putAll(c.streamsProperties());
    return p;
  }

  private static Scorer start(
      ScorerConfig c,
      ScorerOptions o,
      PrometheusMeterRegistry registry,
      ScorerMetrics metrics,
      Supplier<ScoringModel> models,
      ModelWatcher watcher) {
    KafkaStreams s = new KafkaStreams(ScorerTopology.build(c, models, metrics), properties(c, o));
    s.setUncaughtExceptionHandler(
        e -> {
          LOG.error("Scorer stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    Scorer scorer = new Scorer(s, registry, metrics, models, watcher);
    if (o.metricsPort() > 0) {
      try {
        scorer.server =
            MetricsServer.start(
                new InetSocketAddress(o.metricsHost(), o.metricsPort()),
                registry::scrape,
                s::state);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot serve metrics on port " + o.metricsPort(), e);
      }
    }
    s.start();
    LOG.atInfo()
        .addKeyValue("applicationId", c.applicationId())
        .addKeyValue("modelVersion", models.get().version())
        .log("Scorer started: {} -> {}", c.sensorsTopic(), c.predictionsTopic());
    return scorer;
  }

  /** Current Kafka Streams state. */
  public KafkaStreams.State state() {
    return streams.state();
  }

  /**
   * The stream threads of this instance that are alive, with the number of active tasks (input
   * partitions) each one owns right now, by thread name.
   */
  public Map<String, Integer> activeTasksByThread() {
    Map<String, Integer> m = new TreeMap<>();
    streams.metadataForLocalThreads().forEach(t -> m.put(t.threadName(), t.activeTasks().size()));
    return m;
  }

  /** The version of the model in service. */
  public String modelVersion() {
    return models.get().version();
  }

  /** The scorer's meters. */
  public ScorerMetrics metrics() {
    return metrics;
  }

  /** The meters in the Prometheus text format (what {@code /metrics} serves). */
  public String scrape() {
    return registry.scrape();
  }

  /** Port of the HTTP endpoint, or -1 when it is off. */
  public int metricsPort() {
    return server == null ? -1 : server.port();
  }

  /** Stops processing, committing what was processed, then the watcher and the endpoint. */
  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    streams.close(Duration.ofSeconds(30));
    if (server != null) {
      server.close();
    }
    registry.close();
  }
}
