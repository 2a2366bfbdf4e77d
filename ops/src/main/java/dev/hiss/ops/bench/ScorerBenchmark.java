package dev.hiss.ops.bench;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.streaming.Scorer;
import dev.hiss.streaming.ScorerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The scorer end to end on the embedded broker: a backlog of real ECG events for many devices is
 * produced first, then the exactly-once scorer (RocksDB state, EOS v2) drains it; throughput is
 * events over the time until the last prediction is committed, latency is the in-scorer time per
 * scored sample that produced a prediction.
 */
public final class ScorerBenchmark {
  private ScorerBenchmark() {}

  /** Runs with {@code devices} devices of {@code samples} samples each. */
  public static void run(PrintStream out, int devices, int samples) throws IOException {
    Recording ecg = Recording.bundledEcg();
    int per = Math.min(samples, ecg.length() / devices);
    FleetReplay fleet = new FleetReplay(ecg, devices, per, "dev", 1_767_225_600L * 1_000_000_000L);
    int order = 16;
    int chunk = 36;
    double[] c = new double[order];
    c[0] = 1;
    LinearAutoregression model = new LinearAutoregression("ecg_mV", order, 18, 0, c);
    long expected = 0;
    for (long end = chunk; end <= per; end += chunk) {
      expected += end >= order ? devices : 0;
    }
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(4)) {
      broker.createTopics(
          4, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS));
      fleet.sendAll(broker.bootstrapServers(), Topics.SENSORS);
      out.printf(
          "scorer benchmark: %,d events backlog (%,d devices x %,d real ECG samples), AR order %d,"
              + " chunk %d, exactly_once_v2, RocksDB state, %d cores%n",
          fleet.totalEvents(),
          devices,
          per,
          order,
          chunk,
          Runtime.getRuntime().availableProcessors());
      ScorerConfig sc =
          new ScorerConfig(
              broker.bootstrapServers(),
              "bench",
              Topics.SENSORS,
              Topics.PREDICTIONS,
              Topics.DEAD_LETTER,
              chunk,
              Files.createTempDirectory("hiss-bench-scorer"));
      long t0 = System.nanoTime();
      long[] latencies;
      Scorer scorer = Scorer.start(sc, model, "bench");
      try {
        latencies = drain(broker.bootstrapServers(), expected);
      } finally {
        scorer.close();
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      Arrays.sort(latencies);
      out.printf(
          "drained in %.1f s incl. scorer start-up: %,.0f events/s, %,d predictions; in-scorer"
              + " latency per predicting sample p50 %.1f us, p99 %.1f us, max %.1f us%n",
          secs,
          fleet.totalEvents() / secs,
          latencies.length,
          latencies[latencies.length / 2] / 1e3,
          latencies[(int) (latencies.length * 0.99)] / 1e3,
          latencies[latencies.length - 1] / 1e3);
    }
  }

  private static long[] drain(String bootstrap, long expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    long[] lat = new long[(int) expected];
    int n = 0;
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(Topics.PREDICTIONS).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      while (n < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(100))) {
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
}
