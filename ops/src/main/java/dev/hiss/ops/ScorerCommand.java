package dev.hiss.ops;

import dev.hiss.ingestion.Topics;
import dev.hiss.streaming.AnomalySettings;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./hiss scorer}: the exactly-once streaming scorer, until Ctrl-C / SIGTERM. */
@Command(
    name = "scorer",
    mixinStandardHelpOptions = true,
    description = {
      "Run the streaming scorer (Kafka Streams, exactly_once_v2): per-device state, one prediction"
          + " per chunk, dead letters with reasons, model hot swap from --model, Prometheus"
          + " /metrics and /health on --metrics-port. More instances with the same --application-id"
          + " share the partitions."
    })
public final class ScorerCommand implements Runnable {
  @Option(
      names = "--bootstrap-server",
      description =
          "Kafka bootstrap servers (default: kafka.bootstrap.servers of the configuration).")
  String bootstrap;

  @Option(
      names = "--model",
      required = true,
      description = "Model file, or a registry directory whose 'production' file names the model.")
  Path model;

  @Option(
      names = "--topic",
      defaultValue = Topics.SENSORS,
      description = "Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(
      names = "--predictions-topic",
      defaultValue = Topics.PREDICTIONS,
      description = "Default: ${DEFAULT-VALUE}.")
  String predictions;

  @Option(
      names = "--dead-letter-topic",
      defaultValue = Topics.DEAD_LETTER,
      description = "Default: ${DEFAULT-VALUE}.")
  String deadLetter;

  @Option(
      names = "--alerts-topic",
      defaultValue = Topics.ALERTS,
      description = "Default: ${DEFAULT-VALUE}.")
  String alerts;

  @Option(
      names = "--anomaly-k",
      defaultValue = "4",
      description =
          "Alert when a residual is this many running sd from its mean (default: ${DEFAULT-VALUE}).")
  double anomalyK;

  @Option(
      names = "--anomaly-sd-k",
      defaultValue = "4",
      description =
          "With a probabilistic (Gaussian-head) model: alert when a residual exceeds this many"
              + " predicted sd (default: ${DEFAULT-VALUE}).")
  double anomalySdK;

  @Option(
      names = "--anomaly-interval-k",
      defaultValue = "3",
      description =
          "With a quantile-head model whose levels hold a central pair (e.g. 0.1/0.9): alert when"
              + " the actual is outside its widest central interval widened this many times about"
              + " the median (>= 1; 1 = the model's own interval, which a calibrated model's 80%%"
              + " interval misses once in 5 forecasts; default: ${DEFAULT-VALUE}).")
  double anomalyIntervalK;

  @Option(
      names = "--device-ttl",
      defaultValue = "P7D",
      description = "Forget a device silent this long (ISO-8601, default: ${DEFAULT-VALUE}).")
  Duration deviceTtl;

  @Option(
      names = "--max-gap",
      description =
          "Restart a device's warm-up when an event comes more than this (ISO-8601, e.g. PT10S)"
              + " after the device's previous one, in event time; a model with Δt input takes"
              + " that event with Δt scale 1. Default: no limit.")
  Duration maxGap;

  @Option(
      names = "--application-id",
      defaultValue = "hiss-scorer",
      description = "Kafka Streams application id (default: ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--instance-id",
      description =
          "Static group membership: a restart with the same id and --state-dir takes its"
              + " partitions back at once instead of after the 45 s session timeout. Give each"
              + " instance its own id.")
  String instanceId;

  @Option(
      names = "--chunk",
      defaultValue = "36",
      description = "Samples per prediction (default: ${DEFAULT-VALUE}).")
  int chunk;

  @Option(
      names = "--state-dir",
      defaultValue = "target/hiss-scorer-state",
      description = "Local state directory (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--metrics-port",
      defaultValue = "0",
      description = "Port of /metrics and /health; 0 = off (default: ${DEFAULT-VALUE}).")
  int metricsPort;

  @Option(
      names = "--model-poll",
      defaultValue = "PT5S",
      description = "How often --model is checked for a new version (default: ${DEFAULT-VALUE}).")
  Duration poll;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "Kafka Streams stream threads (num.stream.threads); more than the partitions of --topic"
              + " leave threads idle (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--commit-interval",
      description =
          "Exactly-once commit interval (ISO-8601, e.g. PT0.02S); predictions become visible to"
              + " read_committed readers at each commit (default: Kafka Streams', 100 ms).")
  Duration commitInterval;

  @Option(
      names = "--state-cache",
      defaultValue = "67108864",
      description =
          "Bytes of the write cache in front of the device-state store: a device's state goes to"
              + " the store and its changelog once per commit instead of once per event; 0 = off"
              + " (default: ${DEFAULT-VALUE}).")
  long stateCache;

  @Override
  public void run() {
    Hiss.requireOption(
        anomalyIntervalK >= 1 && Double.isFinite(anomalyIntervalK),
        "--anomaly-interval-k",
        anomalyIntervalK,
        ">= 1 and finite");
    Hiss.requireBootstrap(bootstrap);
    ScorerConfig c =
        new ScorerConfig(
            bootstrap,
            applicationId,
            topic,
            predictions,
            deadLetter,
            chunk,
            stateDir,
            alerts,
            new AnomalySettings(
                anomalyK,
                AnomalySettings.DEFAULT.warmup(),
                AnomalySettings.DEFAULT.alpha(),
                anomalySdK,
                anomalyIntervalK),
            deviceTtl,
            maxGap);
    ScorerOptions o =
        ScorerOptions.DEFAULTS
            .withMetricsPort(metricsPort)
            .withModelSource(model, poll)
            .withStreamThreads(threads)
            .withCommitInterval(commitInterval)
            .withStateCacheBytes(stateCache)
            .withKafkaClient(Hiss.settings().kafkaClientProperties());
    if (instanceId != null) {
      o = o.withInstanceId(instanceId);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Scorer scorer;
    try {
      scorer = Scorer.start(c, o);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the scorer: " + e.getMessage(), e);
    }
    try {
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    scorer.close();
                    stopped.countDown();
                  },
                  "hiss-scorer-stop"));
      System.err.printf(
          "[hiss] scoring %s -> %s with model %s, %d stream thread%s%s (Ctrl-C stops)%n",
          topic,
          predictions,
          scorer.modelVersion(),
          threads,
          threads == 1 ? "" : "s",
          metricsPort > 0 ? ", metrics on :" + scorer.metricsPort() + "/metrics" : "");
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      scorer.close();
    }
  }
}
