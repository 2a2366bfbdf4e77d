package dev.hiss.ingestion.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ingestion.DeadLetter;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import dev.hiss.ingestion.broker.EmbeddedKafkaBroker;
import dev.hiss.ingestion.hostile.HostileRecord;
import dev.hiss.ingestion.hostile.HostileRecords;
import dev.hiss.ingestion.replay.FleetReplay;
import dev.hiss.ingestion.replay.Recording;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real broker and a real Spark: every accepted event lands in the lake exactly once, and every
 * generated hostile record lands in the dead-letter topic (bounded, rule unspoofed), none in the
 * lake.
 */
@Tag("integration")
@Timeout(300)
class LakeIngestIntegrationTest {
  private static EmbeddedKafkaBroker broker;
  private static SparkSession spark;
  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    broker = EmbeddedKafkaBroker.start(3);
    broker.createTopics(3, List.of(Topics.SENSORS, Topics.DEAD_LETTER));
    spark = LocalSpark.builder("local[2]", "lake-test").getOrCreate();
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void lakesAreReadFromFileUrisAndAMissingConnectorIsNamed() {
    Path local = dir.resolve("uri-lake");
    spark.range(3).write().parquet(local.toString());
    LakePath uri = LakePath.of(local.toUri().toString());
    assertEquals("file", uri.scheme());
    assertEquals(3, Lake.read(spark, uri).count());
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> Lake.read(spark, LakePath.of("s3a://hiss-no-such-bucket/lake")));
    assertTrue(
        e.getMessage().contains("s3a://") && e.getMessage().contains("hadoop-aws"), e.getMessage());
  }

  @Test
  void everyValidEventOnceInTheLakeAndEveryBadOneInTheDeadLetterTopic() throws Exception {
    Recording ecg = Recording.bundledEcg();
    long start = 1_767_225_600_000_000_000L;
    FleetReplay first = new FleetReplay(ecg, 3, 400, "ecg", start);
    first.sendAll(broker.bootstrapServers(), Topics.SENSORS);
    sendRaw("bad-1", "{not json");
    sendRaw(
        "bad-2",
        "{\"schemaVersion\":1,\"deviceId\":\"a b\",\"timestampNs\":1,\"channels\":{\"x\":1}}");
    sendRaw(
        "ecg-9",
        "{\"schemaVersion\":1,\"deviceId\":\"ecg-9\",\"timestampNs\":1767225600000000000,"
            + "\"channels\":{\"ecg_mV\":50}}");
    sendRaw(
        "bad-3",
        "{\"schemaVersion\":7,\"deviceId\":\"d\",\"timestampNs\":1,\"channels\":{\"x\":1}}");

    LakeIngestConfig config =
        new LakeIngestConfig(
            broker.bootstrapServers(),
            Topics.SENSORS,
            Topics.DEAD_LETTER,
            dir.resolve("lake"),
            dir.resolve("checkpoints"),
            4,
            500,
            ValidationPolicy.DEFAULT.withRange("ecg_mV", -10, 10));
    LakeIngestStats stats = new LakeIngestJob(spark, config).runAvailableNow();
    assertLake(config, 1200);
    assertEquals(1200, stats.accepted(), stats.toString());
    assertEquals(4, stats.rejected(), stats.toString());
    assertEquals(1, stats.rejected(ValidationRule.CHANNEL_RANGE), stats.toString());

    // a second run on the same checkpoint (a restart) with new events appends only those
    new FleetReplay(ecg, 3, 100, "late", start).sendAll(broker.bootstrapServers(), Topics.SENSORS);
    new LakeIngestJob(spark, config).runAvailableNow();
    assertLake(config, 1500);
    // and a run with nothing new writes nothing
    new LakeIngestJob(spark, config).runAvailableNow();
    assertLake(config, 1500);

    Row v =
        Lake.channel(spark, config.lake(), "ecg_mV")
            .filter("device = 'ecg-2' and seq = 7")
            .select("value", "ts_ns")
            .first();
    assertEquals(first.event(2, 7).channel("ecg_mV"), v.getDouble(0));
    assertEquals(first.event(2, 7).timestampNs(), v.getLong(1));

    LakeSeries series =
        Lake.series(spark, config.lake(), "ecg_mV").filter("device = 'ecg-1'").first();
    assertEquals(400, series.getValues().length);
    for (int i = 0; i < 400; i++) {
      assertEquals(i, series.getSeq()[i]);
      assertEquals(first.value(1, i), series.getValues()[i]);
      assertEquals(first.event(1, i).timestampNs(), series.getTsNs()[i]);
    }

    List<ConsumerRecord<String, byte[]>> dead = readAll(Topics.DEAD_LETTER, 4);
    assertEquals(4, dead.size());
    List<String> rules = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : dead) {
      rules.add(
          new String(r.headers().lastHeader(Topics.HEADER_RULE).value(), StandardCharsets.UTF_8)
              + "/"
              + new String(
                  r.headers().lastHeader(Topics.HEADER_FIELD).value(), StandardCharsets.UTF_8));
      assertTrue(r.headers().lastHeader(Topics.HEADER_REASON) != null);
    }
    rules.sort(null);
    assertEquals(
        List.of(
            "CHANNEL_RANGE/channels.ecg_mV",
            "DEVICE_ID/deviceId",
            "JSON_SYNTAX/value",
            "SCHEMA_VERSION/schemaVersion"),
        rules);
  }

  @Test
  void hostileRecordsAllLandInTheDeadLetterTopicAndNoneInTheLake() throws Exception {
    String in = "hostile.sensors";
    String dlq = "hostile.dlq";
    broker.createTopics(3, List.of(in, dlq));
    HostileRecords gen = new HostileRecords(77, ValidationPolicy.DEFAULT, 50, 1024 * 1024);
    Map<Long, HostileRecord> produced = new HashMap<>();
    int refused = 0;
    int valid = 0;
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < 3000; i++) {
        HostileRecord r = gen.next();
        List<Header> headers = new ArrayList<>();
        headers.add(new RecordHeader("index", Long.toString(i).getBytes(StandardCharsets.UTF_8)));
        headers.addAll(r.headers());
        try {
          producer.send(new ProducerRecord<>(in, null, r.key(), r.value(), headers)).get();
          produced.put(r.index(), r);
        } catch (ExecutionException e) {
          assertTrue(e.getCause() instanceof RecordTooLargeException, e.toString());
          refused++;
        }
        if (i % 10 == 9) {
          SensorEvent e =
              SensorEvent.of("ok-" + valid % 7, 1_767_225_600_000_000_000L + valid, valid, "x", 1);
          producer.send(
              new ProducerRecord<>(
                  in, e.deviceId().getBytes(StandardCharsets.UTF_8), SensorEventCodec.encode(e)));
          valid++;
        }
      }
    }
    assertEquals(9, refused, "per 300 records of a category: 6 ids of 10 MB, 3 values of 4 MB");

    LakeIngestConfig config =
        new LakeIngestConfig(
            broker.bootstrapServers(),
            in,
            dlq,
            dir.resolve("hostile-lake"),
            dir.resolve("hostile-checkpoints"),
            4,
            1000,
            ValidationPolicy.DEFAULT);
    LakeIngestStats stats = new LakeIngestJob(spark, config).runAvailableNow();
    assertEquals(valid, stats.accepted(), stats.toString());
    assertEquals(produced.size(), stats.rejected(), stats.toString());
    Row lake =
        Lake.read(spark, config.lake())
            .selectExpr("count(*)", "sum(case when device like 'ok-%' then 0 else 1 end)")
            .first();
    assertEquals(valid, lake.getLong(0), "lake rows");
    assertEquals(0, lake.getLong(1), "hostile rows in the lake");

    List<ConsumerRecord<String, byte[]>> dead = readAll(dlq, produced.size());
    assertEquals(produced.size(), dead.size());
    java.util.Set<Long> seen = new java.util.HashSet<>();
    for (ConsumerRecord<String, byte[]> d : dead) {
      long i =
          Long.parseLong(
              new String(d.headers().lastHeader("index").value(), StandardCharsets.UTF_8));
      HostileRecord r = produced.get(i);
      assertTrue(seen.add(i), "twice: " + r);
      assertEquals(
          r.expectedRule().name(),
          new String(d.headers().lastHeader(Topics.HEADER_RULE).value(), StandardCharsets.UTF_8),
          r.toString());
      assertEquals(
          "lake-ingest",
          new String(d.headers().lastHeader(Topics.HEADER_SOURCE).value(), StandardCharsets.UTF_8));
      int rules = 0;
      for (Header h : d.headers().headers(Topics.HEADER_RULE)) {
        rules++;
      }
      assertEquals(1, rules, r + ": a spoofed rule header survived");
      assertTrue(d.value() == null || d.value().length <= DeadLetter.MAX_VALUE_BYTES, r.toString());
    }
  }

  private void assertLake(LakeIngestConfig config, long expected) {
    Row r =
        Lake.read(spark, config.lake())
            .selectExpr(
                "count(*)",
                "count(distinct device, seq)",
                "count(distinct kafka_partition, kafka_offset)")
            .first();
    assertEquals(expected, r.getLong(0), "rows");
    assertEquals(expected, r.getLong(1), "distinct (device, seq)");
    assertEquals(expected, r.getLong(2), "distinct (partition, offset)");
  }

  private static void sendRaw(String key, String value) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", broker.bootstrapServers());
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      producer
          .send(new ProducerRecord<>(Topics.SENSORS, key, value.getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int atLeast) {
    Map<String, Object> p =
        Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (out.size() < atLeast && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
      c.poll(Duration.ofMillis(300)).forEach(out::add);
    }
    return out;
  }
}
