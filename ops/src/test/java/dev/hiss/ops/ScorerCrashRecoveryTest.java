package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import dev.hiss.model.io.Provenance;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer ({@code ./hiss scorer}) in its own JVM is killed with SIGKILL three times at random
 * points while it scores, and restarted; the committed predictions (read_committed) are exactly
 * those of an uninterrupted run: none missing, none duplicated, identical values.
 */
@Tag("integration")
@Timeout(480)
class ScorerCrashRecoveryTest {
  private static final long T0 = 1_767_225_600L * 1_000_000_000L;
  private static final int ORDER = 12;
  private static final int HORIZON = 6;
  private static final int CHUNK = 12;
  private static EmbeddedKafkaBroker broker;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(3);
    broker.createTopics(
        3, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS));
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void killedThreeTimesTheScorerStillProducesEveryPredictionExactlyOnce() throws Exception {
    double[] coef = new double[ORDER];
    coef[0] = 0.9;
    coef[1] = 0.1;
    LinearAutoregression model = new LinearAutoregression("ecg_mV", ORDER, HORIZON, 0.01, coef);
    Path modelFile = dir.resolve("ar.json");
    model.save(modelFile, new Provenance(Map.of(), 1, "", "", "test", "test", "now"));
    FleetReplay replay = new FleetReplay(Recording.bundledEcg(), 6, 6_000, "ecg", T0);
    replay.sendAll(broker.bootstrapServers(), Topics.SENSORS);

    Map<String, Double> expected = new HashMap<>();
    for (int d = 0; d < replay.devices(); d++) {
      double[] x = new double[replay.samplesPerDevice()];
      for (int s = 0; s < x.length; s++) {
        x[s] = replay.value(d, s);
      }
      for (int s = ORDER - 1; s < x.length; s++) {
        if ((s + 1) % CHUNK == 0) {
          expected.put(replay.deviceId(d) + "/" + s, model.predict(x, s));
        }
      }
    }

    Path log = dir.resolve("scorer.log");
    SplittableRandom r = new SplittableRandom(42);
    for (int kill = 1; kill <= 3; kill++) {
      Process p = scorer(modelFile, log);
      // let it commit a random share of the remaining work, then kill it mid-stream
      long target = committedPredictions().size() + 200 + r.nextInt(600);
      awaitCommitted(p, target, log);
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    Process last = scorer(modelFile, log);
    try {
      awaitCommitted(last, expected.size(), log);
      List<Prediction> got = committedPredictions(); // one more full read after completion
      Map<String, Integer> seen = new HashMap<>();
      for (Prediction p : got) {
        String key = p.deviceId() + "/" + p.seq();
        seen.merge(key, 1, Integer::sum);
        Double want = expected.get(key);
        assertTrue(want != null, "unexpected prediction " + key);
        assertEquals(want, p.predicted(), 1e-12, key);
      }
      assertEquals(expected.size(), seen.size(), "missing predictions");
      assertTrue(seen.values().stream().allMatch(n -> n == 1), "duplicated predictions");
      assertEquals(expected.size(), got.size());
    } finally {
      last.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static Process scorer(Path model, Path log) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("-D") || arg.startsWith("-XX")) {
        cmd.add(arg);
      }
    }
    cmd.add("-Xmx512m");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Hiss.class.getName());
    cmd.addAll(
        List.of(
            "scorer",
            "--bootstrap-server",
            broker.bootstrapServers(),
            "--model",
            model.toString(),
            "--chunk",
            Integer.toString(CHUNK),
            "--application-id",
            "crash-test",
            "--state-dir",
            dir.resolve("state").toString()));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
  }

  private static void awaitCommitted(Process p, long n, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (committedPredictions().size() < n) {
      assertTrue(p.isAlive(), "scorer exited early:\n" + tail(log));
      assertTrue(System.nanoTime() < deadline, "no progress:\n" + tail(log));
    }
  }

  /** Every committed prediction so far (read_committed, from the beginning). */
  private static List<Prediction> committedPredictions() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    List<Prediction> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(Topics.PREDICTIONS).stream()
              .map(i -> new TopicPartition(Topics.PREDICTIONS, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))
          && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> rec : c.poll(Duration.ofMillis(200))) {
          out.add(Prediction.decode(rec.value()));
        }
      }
    }
    return out;
  }

  private static String tail(Path log) throws Exception {
    if (!Files.exists(log)) {
      return "(no log)";
    }
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }
}
