package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerOptionsTest {
  @TempDir Path dir;

  @Test
  void clientSecurityPropertiesReachKafkaStreamsButCannotWeakenTheScorer() {
    Properties client = new Properties();
    client.setProperty("security.protocol", "SASL_SSL");
    client.setProperty(
        "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule secret");
    client.setProperty(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    client.setProperty(StreamsConfig.APPLICATION_ID_CONFIG, "hijacked");
    ScorerOptions o = ScorerOptions.DEFAULTS.withKafkaClient(client);
    ScorerConfig c = new ScorerConfig("b:9092", "hiss-scorer", "s", "p", "dlq", 10, dir);

    Properties p = Scorer.properties(c, o);
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertTrue(p.get("sasl.jaas.config").toString().contains("PlainLoginModule"));
    assertEquals(StreamsConfig.EXACTLY_ONCE_V2, p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    assertEquals("hiss-scorer", p.get(StreamsConfig.APPLICATION_ID_CONFIG));
    assertEquals(-1, p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG));
  }

  @Test
  void streamThreadsAndCommitIntervalReachKafkaStreamsAndClientPropertiesCannotOverrideThem() {
    Properties client = new Properties();
    client.setProperty(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "9");
    client.setProperty(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "12345");
    client.setProperty(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "7");
    ScorerConfig c = new ScorerConfig("b:9092", "hiss-scorer", "s", "p", "dlq", 10, dir);

    Properties defaults = Scorer.properties(c, ScorerOptions.DEFAULTS);
    assertEquals(1, defaults.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    assertNull(defaults.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)); // Kafka Streams' default
    assertEquals(
        ScorerOptions.DEFAULT_STATE_CACHE_BYTES,
        defaults.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    StreamsConfig resolved = new StreamsConfig(defaults);
    assertEquals(
        ScorerConfig.PRODUCER_RETRY_BACKOFF_MS,
        resolved.getProducerConfigs("c").get("retry.backoff.ms"));
    assertEquals(
        ScorerConfig.PRODUCER_BATCH_BYTES, resolved.getProducerConfigs("c").get("batch.size"));
    // the tuning is a default: an operator's client properties win over it
    Properties tuned = new Properties();
    tuned.setProperty("producer.batch.size", "65536");
    Properties over = Scorer.properties(c, ScorerOptions.DEFAULTS.withKafkaClient(tuned));
    assertEquals("65536", new StreamsConfig(over).getProducerConfigs("c").get("batch.size"));

    ScorerOptions o =
        ScorerOptions.DEFAULTS
            .withKafkaClient(client)
            .withStreamThreads(3)
            .withCommitInterval(Duration.ofMillis(20))
            .withStateCacheBytes(1_000_000);
    Properties p = Scorer.properties(c, o);
    assertEquals(1_000_000L, p.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG));
    assertEquals(3, p.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
    assertEquals(20L, p.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    // the other with-ers keep both settings
    ScorerOptions again =
        o.withMetricsPort(9400).withModelSource(dir, Duration.ofSeconds(1)).withInstanceId("s-0");
    assertEquals(3, again.streamThreads());
    assertEquals(Duration.ofMillis(20), again.commitInterval());
    assertEquals(1_000_000L, again.stateCacheBytes());
    // static membership with several threads: Kafka Streams gives each thread's consumer its own id
    Properties statics = Scorer.properties(c, again);
    statics.put(StreamsConfig.APPLICATION_ID_CONFIG, "a");
    StreamsConfig sc = new StreamsConfig(statics);
    assertEquals("s-0-0", sc.getMainConsumerConfigs("a", "a-c", 0).get("group.instance.id"));
    assertEquals("s-0-2", sc.getMainConsumerConfigs("a", "a-c", 2).get("group.instance.id"));
    // and Kafka Streams accepts the result
    assertEquals(3, new StreamsConfig(p).getInt(StreamsConfig.NUM_STREAM_THREADS_CONFIG));
  }

  @Test
  void invalidThreadCountsAndCommitIntervalsAreRefusedWithTheirValue() {
    for (int bad : new int[] {0, -1, ScorerOptions.MAX_STREAM_THREADS + 1}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> ScorerOptions.DEFAULTS.withStreamThreads(bad));
      assertEquals("Invalid streamThreads = " + bad + "; must be in [1, 256]", e.getMessage());
    }
    assertEquals(
        ScorerOptions.MAX_STREAM_THREADS,
        ScorerOptions.DEFAULTS.withStreamThreads(ScorerOptions.MAX_STREAM_THREADS).streamThreads());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ScorerOptions.DEFAULTS.withCommitInterval(Duration.ZERO));
    assertTrue(
        e.getMessage().startsWith("Invalid commitInterval = PT0S; must be > 0"), e.getMessage());
  }

  @Test
  void toStringNamesTheClientPropertiesButMasksTheirValues() {
    Properties client = new Properties();
    client.setProperty("ssl.keystore.password", "hunter2");
    String s = ScorerOptions.DEFAULTS.withKafkaClient(client).toString();
    assertTrue(s.contains("ssl.keystore.password"), s);
    assertFalse(s.contains("hunter2"), s);
  }

  @Test
  void instanceIdBecomesTheMainConsumersGroupInstanceIdAndKeepsTheOtherOptions() {
    ScorerOptions o = ScorerOptions.DEFAULTS.withMetricsPort(9400).withInstanceId("scorer-0");
    assertEquals(
        Map.of("main.consumer.group.instance.id", "scorer-0"),
        o.kafkaClient(),
        "only the main consumer joins the group; restore and global consumers must not get it");
    assertEquals(9400, o.metricsPort());
    // Kafka Streams reads it for the main consumer (and appends the thread index)
    Map<String, Object> props = new HashMap<>(o.kafkaClient());
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "a");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    Map<String, Object> main = new StreamsConfig(props).getMainConsumerConfigs("a", "a-client", 0);
    assertEquals("scorer-0-0", main.get("group.instance.id"));
  }

  @Test
  void badInstanceIdsAndNullPropertiesAreRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> ScorerOptions.DEFAULTS.withInstanceId("a b"));
    assertTrue(e.getMessage().contains("instanceId = 'a b'"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new ScorerOptions(
                0,
                "0.0.0.0",
                null,
                ScorerOptions.DEFAULT_MODEL_POLL_INTERVAL,
                null,
                1,
                null,
                ScorerOptions.DEFAULT_STATE_CACHE_BYTES));
    IllegalArgumentException cache =
        assertThrows(
            IllegalArgumentException.class, () -> ScorerOptions.DEFAULTS.withStateCacheBytes(-1));
    assertTrue(cache.getMessage().contains("stateCacheBytes = -1"), cache.getMessage());
  }
}
