package dev.hiss.ops.bench;

import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The scorer end to end on the embedded broker (a child JVM on the same cores), exactly-once v2
 * with RocksDB state, serving the model from a model file as {@code ./hiss scorer} does.
 *
 * <ul>
 *   <li>Backlog mode (capacity): a backlog of real ECG events is produced first, then the scorer
 *       drains it; throughput is events over the time from scorer start to the last committed
 *       prediction, latency the in-scorer time per scored sample that produced a prediction.
 *   <li>Paced mode ({@link PacedRun}): a producer at a fixed rate runs while the scorer runs;
 *       latency is end to end, from the send of the event that completed a prediction to the
 *       prediction's arrival at a read_committed consumer.
 * </ul>
 */
public final class ScorerBenchmark {
  static final long START_NS = 1_767_225_600L * 1_000_000_000L;
  static final String APPLICATION_ID = "bench";

  private ScorerBenchmark() {}

  /** Runs the benchmark {@code s} describes and prints its figures to {@code out}. */
  public static void run(PrintStream out, ScorerBenchSettings s) throws IOException {
    run(out, s, Map.of());
  }

  /**
   * Runs the benchmark with extra Kafka Streams / client properties for the scorer ({@link
   * ScorerOptions#kafkaClient()}: e.g. {@code producer.batch.size}), printed with the settings.
   */
  public static void run(PrintStream out, ScorerBenchSettings s, Map<String, String> scorerConfig)
      throws IOException {
    Recording ecg = Recording.bundledEcg();
    BenchFleet fleet = new BenchFleet(ecg, s.devices(), START_NS);
    Path dir = Files.createTempDirectory("hiss-bench-scorer");
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(s.partitions())) {
      BenchModel model = BenchModel.write(s.model(), ecg, dir);
      broker.createTopics(
          s.partitions(),
          List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS));
      int cores = Runtime.getRuntime().availableProcessors();
      out.printf(
          "scorer benchmark: %,d devices of real ECG (%s), %s; exactly_once_v2, RocksDB state"
              + " (%s), %d stream thread%s, commit interval %s, %d partitions; %d cores shared"
              + " by the"
              + " scorer, the producer, the reader and the embedded broker (a child JVM)%n",
          s.devices(),
          ecg.name(),
          model.description(),
          s.stateCacheBytes() == 0
              ? "no state cache"
              : String.format("%,d-byte state cache", s.stateCacheBytes()),
          s.threads(),
          s.threads() == 1 ? "" : "s",
          s.commitInterval() == null ? "Kafka Streams' default (100 ms)" : s.commitInterval(),
          s.partitions(),
          cores);
      out.printf("load average before: %s%n", loadAverage());
      ScorerConfig sc =
          new ScorerConfig(
              broker.bootstrapServers(),
              APPLICATION_ID,
              Topics.SENSORS,
              Topics.PREDICTIONS,
              Topics.DEAD_LETTER,
              BenchModel.AR_CHUNK,
              dir.resolve("state"));
      ScorerOptions so =
          ScorerOptions.DEFAULTS
              .withModelSource(model.file(), Duration.ofHours(1))
              .withStreamThreads(s.threads())
              .withCommitInterval(s.commitInterval())
              .withStateCacheBytes(s.stateCacheBytes());
      if (!scorerConfig.isEmpty()) {
        Properties extra = new Properties();
        extra.putAll(scorerConfig);
        so = so.withKafkaClient(extra);
        out.printf("scorer properties: %s%n", new TreeMap<>(scorerConfig));
      }
      if (s.paced()) {
        new PacedRun(out, broker, fleet, model, s).run(sc, so);
      } else {
        backlog(out, broker, fleet, model, s, sc, so);
      }
      out.printf("load average after: %s%n", loadAverage());
      out.printf("%s%n", broker.gcSummary());
    } finally {
      deleteRecursively(dir);
    }
  }

  private static void backlog(
      PrintStream out,
      EmbeddedKafkaBroker broker,
      BenchFleet fleet,
      BenchModel model,
      ScorerBenchSettings s,
      ScorerConfig sc,
      ScorerOptions so)
      throws IOException {
    int per = s.samplesPerDevice();
    long events = (long) s.devices() * per;
    long expected = s.devices() * model.predictions(per);
    long p0 = System.nanoTime();
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers(), 5)) {
      for (int seq = 0; seq < per; seq++) {
        for (int d = 0; d < s.devices(); d++) {
          producer.send(
              new ProducerRecord<>(Topics.SENSORS, fleet.deviceId(d), fleet.encoded(d, seq)),
              (md, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "Producing the backlog failed: " + failure.get(), failure.get());
    }
    out.printf(
        "backlog: %,d events (%,d per device) produced in %.1f s; expecting %,d predictions%n",
        events, per, (System.nanoTime() - p0) / 1e9, expected);
    long t0 = System.nanoTime();
    long[] latencies;
    long[] running = {0};
    Scorer scorer = Scorer.start(sc, so);
    try {
      latencies =
          drain(
              broker.bootstrapServers(),
              expected,
              () -> {
                if (running[0] == 0 && scorer.state() == KafkaStreams.State.RUNNING) {
                  running[0] = System.nanoTime();
                }
              });
    } finally {
      scorer.close();
    }
    long t1 = System.nanoTime();
    double secs = (t1 - t0) / 1e9;
    LatencySummary l = LatencySummary.of(latencies);
    out.printf(
        "drained in %.1f s incl. scorer start-up: %,.0f events/s, %,d predictions; in-scorer"
            + " latency per predicting sample p50 %.1f us, p99 %.1f us, max %.1f us%n",
        secs, events / secs, l.count(), l.p50() / 1e3, l.p99() / 1e3, l.max() / 1e3);
    if (running[0] > 0) {
      double run = (t1 - running[0]) / 1e9;
      out.printf(
          "start-up (scorer start to RUNNING) %.1f s; from RUNNING to the last prediction %.1f s:"
              + " %,.0f events/s%n",
          (running[0] - t0) / 1e9, run, events / run);
    }
  }

  /** Reads {@code expected} committed predictions; returns their in-scorer latencies. */
  private static long[] drain(String bootstrap, long expected, Runnable onPoll) {
    long[] lat = new long[(int) expected];
    int n = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    try (KafkaConsumer<String, byte[]> c = committedReader(bootstrap)) {
      while (n < expected && System.nanoTime() < deadline) {
        onPoll.run();
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(20))) {
          if (n < lat.length) {
            lat[n] = Prediction.decode(r.value()).scoringNanos();
          }
          n++;
        }
      }
    }
    if (n < expected) {
      throw new IllegalStateException("Only " + n + " of " + expected + " predictions in 10 min");
    }
    return lat;
  }

  /** An idempotent acks=all lz4 producer lingering {@code lingerMs}. */
  static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs) {
    return producer(bootstrap, lingerMs, "lz4");
  }

  /** An idempotent acks=all producer lingering {@code lingerMs}, compressing with {@code codec}. */
  static KafkaProducer<String, byte[]> producer(String bootstrap, int lingerMs, String codec) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * A read_committed consumer assigned every partition of the predictions topic, from the start.
   */
  static KafkaConsumer<String, byte[]> committedReader(String bootstrap) {
    return reader(bootstrap, "read_committed");
  }

  /**
   * A consumer of the given isolation level ({@code read_committed}, {@code read_uncommitted})
   * assigned every partition of the predictions topic, from the start.
   */
  static KafkaConsumer<String, byte[]> reader(String bootstrap, String isolation) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // a read_committed fetch is not woken when a transaction commits: without a short wait the
    // broker holds it for fetch.max.wait.ms (500 ms) and that would dominate the latency
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5);
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        c.partitionsFor(Topics.PREDICTIONS).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }

  /** The 1-minute load average of the machine (all processes, not just this one). */
  static String loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "unavailable" : String.format("%.2f (1 min)", l);
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
