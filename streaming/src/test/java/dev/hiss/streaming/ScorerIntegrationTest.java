package dev.hiss.streaming;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker, the real scorer under exactly-once v2: every prediction (read_committed) equals
 * the batch forecast of the same device's samples, none is missing or doubled, and the duplicate
 * and the bad record are in the dead-letter topic with their rules.
 */
@Tag("integration")
@Timeout(300)
class ScorerIntegrationTest {
  private static final long T0 = 1_767_225_600_000_000_000L;
  private static final int DEVICES = 8;
  private static final int EVENTS = 400;
  private static final int CHUNK = 10;
  private static final LinearAutoregression MODEL =
      new LinearAutoregression("x", 4, 2, 0.1, new double[] {0.6, 0.2, -0.15, 0.05});

  private static EmbeddedKafkaBroker broker;
  @TempDir static Path dir;

  @BeforeAll
  static void startBroker() {
    broker = EmbeddedKafkaBroker.start(3);
    broker.createTopics(
        3, List.of(Topics.SENSORS, Topics.PREDICTIONS, Topics.DEAD_LETTER, Topics.ALERTS));
  }

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  private static String device(int d) {
    return "dev-" + d;
  }

  private static double signal(int d, long seq) {
    return 20 + 5 * Math.sin(seq * 0.05 * (d + 1)) + 0.01 * seq * d;
  }

  @Test
  void everyPredictionOnceAndEqualToTheBatchForecast() throws Exception {
    Path modelFile = dir.resolve("model.json");
    String version = ModelFiles.save(modelFile, MODEL);
    produce(Topics.SENSORS);
    int port = freePort();
    ScorerConfig config =
        new ScorerConfig(
            broker.bootstrapServers(),
            "scorer-it",
            Topics.SENSORS,
            Topics.PREDICTIONS,
            Topics.DEAD_LETTER,
            CHUNK,
            dir.resolve("state"));
    ScorerOptions options =
        ScorerOptions.DEFAULTS
            .withMetricsPort(port)
            .withModelSource(modelFile, Duration.ofSeconds(1));
    int expected = DEVICES * (EVENTS / CHUNK);
    List<ConsumerRecord<String, byte[]>> predictions = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
    try (Scorer scorer = Scorer.start(config, options);
        KafkaConsumer<String, byte[]> pc = committedReader(Topics.PREDICTIONS);
        KafkaConsumer<String, byte[]> dc = committedReader(Topics.DEAD_LETTER)) {
      assertEquals(port, scorer.metricsPort());
      await()
          .atMost(Duration.ofSeconds(180))
          .until(
              () -> {
                pc.poll(Duration.ofMillis(200)).forEach(predictions::add);
                dc.poll(Duration.ofMillis(50)).forEach(dead::add);
                return predictions.size() >= expected && dead.size() >= 2;
              });
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  scorer
                      .scrape()
                      .contains("hiss_scorer_events_scored_total " + DEVICES * EVENTS + ".0\n"));
      pc.poll(Duration.ofSeconds(1)).forEach(predictions::add); // anything beyond: a duplicate
      dc.poll(Duration.ofMillis(200)).forEach(dead::add);
      assertEquals(KafkaStreams.State.RUNNING, scorer.state());
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(get(port, "/health"), ofString());
      assertEquals(200, health.statusCode());
      String metrics = http.send(get(port, "/metrics"), ofString()).body();
      assertTrue(metrics.contains("hiss_scorer_predictions_total " + expected + ".0\n"), metrics);
      assertTrue(
          metrics.contains("hiss_scorer_dead_lettered_total{rule=\"DUPLICATE_SEQUENCE\"} 1.0\n"));
      assertTrue(metrics.contains("hiss_scorer_dead_lettered_total{rule=\"JSON_SYNTAX\"} 1.0\n"));
      assertTrue(metrics.contains("hiss_scorer_model{version=\"" + version + "\"} 1.0\n"));
    }
    assertPredictions(predictions, expected, version);
    assertDeadLetters(dead);
    // the state cache writes a device's state to the changelog once per commit, not per event
    int changelog = 0;
    try (KafkaConsumer<String, byte[]> cc =
        committedReader("scorer-it-" + ScorerTopology.STATE_STORE + "-changelog")) {
      for (var r = cc.poll(Duration.ofSeconds(2));
          !r.isEmpty();
          r = cc.poll(Duration.ofSeconds(1))) {
        changelog += r.count();
      }
    }
    assertTrue(changelog >= DEVICES, "changelog records: " + changelog);
    assertTrue(changelog < DEVICES * EVENTS / 2, "changelog records: " + changelog);
  }

  private static void assertPredictions(
      List<ConsumerRecord<String, byte[]>> records, int expected, String version) {
    assertEquals(expected, records.size(), "predictions");
    Map<String, Prediction> byDeviceAndSeq = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      Prediction p = Prediction.decode(r.value());
      assertEquals(p.deviceId(), r.key());
      assertEquals(null, byDeviceAndSeq.put(p.deviceId() + "/" + p.seq(), p), "duplicate " + p);
    }
    for (int d = 0; d < DEVICES; d++) {
      double[] series = new double[EVENTS];
      for (int s = 0; s < EVENTS; s++) {
        series[s] = signal(d, s);
      }
      for (int end = CHUNK - 1; end < EVENTS; end += CHUNK) {
        Prediction p = byDeviceAndSeq.get(device(d) + "/" + end);
        assertNotNull(p, "missing " + device(d) + " seq " + end);
        assertEquals(MODEL.predict(series, end), p.predicted(), 0.0, p.toString());
        assertEquals(end + MODEL.horizon(), p.targetSeq());
        assertEquals(T0 + 1_000_000L * end, p.timestampNs());
        assertEquals(version, p.modelVersion());
      }
    }
  }

  private static void assertDeadLetters(List<ConsumerRecord<String, byte[]>> dead) {
    assertEquals(2, dead.size(), "dead letters");
    Map<String, ConsumerRecord<String, byte[]>> byRule = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : dead) {
      byRule.put(header(r, Topics.HEADER_RULE), r);
      assertEquals("scorer", header(r, Topics.HEADER_SOURCE));
    }
    ConsumerRecord<String, byte[]> dup = byRule.get("DUPLICATE_SEQUENCE");
    assertEquals(device(3), dup.key());
    assertArrayEquals(event(3, 100), dup.value());
    assertEquals("seq", header(dup, Topics.HEADER_FIELD));
    ConsumerRecord<String, byte[]> bad = byRule.get("JSON_SYNTAX");
    assertEquals(device(5), bad.key());
    assertEquals("{\"broken", new String(bad.value(), StandardCharsets.UTF_8));
  }

  private static byte[] event(int d, long seq) {
    return SensorEventCodec.encode(
        SensorEvent.of(device(d), T0 + 1_000_000L * seq, seq, "x", signal(d, seq)));
  }

  /**
   * Two stream threads split the partitions between them and produce exactly the predictions of one
   * thread (which the test above checks against the batch forecast), each once.
   */
  @Test
  void twoStreamThreadsShareThePartitionsAndProduceTheSamePredictions() throws Exception {
    String sensors = "mt.sensors";
    String predictionsTopic = "mt.predictions";
    broker.createTopics(3, List.of(sensors, predictionsTopic, "mt.dead-letter", "mt.alerts"));
    Path modelFile = dir.resolve("model-mt.json");
    String version = ModelFiles.save(modelFile, MODEL);
    produce(sensors);
    ScorerConfig config =
        new ScorerConfig(
            broker.bootstrapServers(),
            "scorer-it-threads",
            sensors,
            predictionsTopic,
            "mt.dead-letter",
            CHUNK,
            dir.resolve("state-mt"),
            "mt.alerts",
            AnomalySettings.DEFAULT,
            null);
    ScorerOptions options =
        ScorerOptions.DEFAULTS
            .withModelSource(modelFile, Duration.ofMinutes(1))
            .withStreamThreads(2);
    int expected = DEVICES * (EVENTS / CHUNK);
    List<ConsumerRecord<String, byte[]>> predictions = new ArrayList<>();
    try (Scorer scorer = Scorer.start(config, options);
        KafkaConsumer<String, byte[]> pc = committedReader(predictionsTopic)) {
      await()
          .atMost(Duration.ofSeconds(180))
          .until(
              () -> {
                pc.poll(Duration.ofMillis(200)).forEach(predictions::add);
                return predictions.size() >= expected;
              });
      pc.poll(Duration.ofSeconds(1)).forEach(predictions::add); // anything beyond: a duplicate
      Map<String, Integer> tasks = scorer.activeTasksByThread();
      assertEquals(2, tasks.size(), tasks.toString());
      assertTrue(tasks.values().stream().allMatch(n -> n >= 1), "both threads own tasks " + tasks);
      assertEquals(3, tasks.values().stream().mapToInt(Integer::intValue).sum(), tasks.toString());
    }
    assertPredictions(predictions, expected, version);
  }

  private static void produce(String topic) throws Exception {
    Map<String, Object> p =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG,
            "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            true,
            ProducerConfig.LINGER_MS_CONFIG,
            5);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (long s = 0; s < EVENTS; s++) {
        for (int d = 0; d < DEVICES; d++) {
          producer.send(new ProducerRecord<>(topic, device(d), event(d, s)));
        }
        if (s == 200) {
          byte[] broken = "{\"broken".getBytes(StandardCharsets.UTF_8);
          producer.send(new ProducerRecord<>(topic, device(5), broken));
        }
      }
      producer.send(new ProducerRecord<>(topic, device(3), event(3, 100))).get();
    }
  }

  private static KafkaConsumer<String, byte[]> committedReader(String topic) {
    Map<String, Object> p =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        c.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    c.assign(parts);
    c.seekToBeginning(parts);
    return c;
  }

  private static String header(ConsumerRecord<String, byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static HttpRequest get(int port, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
  }

  private static HttpResponse.BodyHandler<String> ofString() {
    return HttpResponse.BodyHandlers.ofString();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
