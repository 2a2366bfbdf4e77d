package dev.hiss.ops.reliability;

import dev.hiss.forecasting.baseline.LinearAutoregression;
import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import dev.hiss.ingestion.hostile.HostileCategory;
import dev.hiss.ingestion.hostile.HostileRecord;
import dev.hiss.ingestion.hostile.HostileRecords;
import dev.hiss.streaming.ScorerConfig;
import dev.hiss.streaming.ScorerMetrics;
import dev.hiss.streaming.ScorerTopology;
import dev.hiss.streaming.ScoringModel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Produces generated hostile records (and interleaved valid ones) to Kafka while the scorer's
 * topology runs in this process exactly as {@code ./hiss scorer} runs it (exactly-once v2, RocksDB
 * state, a stream thread replaced when it dies), then reads the dead-letter topic back and accounts
 * for every record. Each produced hostile record carries its generator index in header {@value
 * #INDEX_HEADER} (first, so that the dead letter keeps it).
 */
public final class HostileRun {
  /** Header naming the generator index of a produced hostile record. */
  public static final String INDEX_HEADER = "hiss.hostile.index";

  /** Figures of one category. */
  public static final class Counts {
    /** Records generated. */
    public long generated;

    /** Records the producer refused (over max.request.size): they never entered Kafka. */
    public long refusedAtProduce;

    /** Records in the dead-letter topic with the labelled rule. */
    public long deadLettered;

    /** Records in the dead-letter topic under another rule than the labelled one. */
    public long wrongRule;

    /** Produced records never dead-lettered: accepted by the scorer. */
    public long accepted;
  }

  /**
   * What happened.
   *
   * @param perCategory figures per hostile category
   * @param valid valid records produced
   * @param validDeadLettered valid records that (wrongly) reached the dead-letter topic
   * @param predictions predictions the scorer emitted
   * @param scorerCounted the scorer's own dead-letter counter ({@value
   *     ScorerMetrics#DEAD_LETTERED}, all rules)
   * @param escaped stream-thread failures (exceptions that escaped the topology)
   * @param deadLetterMaxBytes largest dead-letter record (key + value + headers)
   * @param seconds wall time from the first send to the last dead letter read
   */
  public record Report(
      Map<HostileCategory, Counts> perCategory,
      long valid,
      long validDeadLettered,
      long predictions,
      long scorerCounted,
      long escaped,
      long deadLetterMaxBytes,
      double seconds) {
    /** Sum over categories. */
    public Counts total() {
      Counts t = new Counts();
      for (Counts c : perCategory.values()) {
        t.generated += c.generated;
        t.refusedAtProduce += c.refusedAtProduce;
        t.deadLettered += c.deadLettered;
        t.wrongRule += c.wrongRule;
        t.accepted += c.accepted;
      }
      return t;
    }
  }

  private HostileRun() {}

  /**
   * Runs against {@code bootstrap} (the topics of {@link Topics} must exist).
   *
   * @param records hostile records to generate
   * @param validEvery one valid record after every this many hostile ones (0 = none)
   * @param settle give up waiting for dead letters after this long without progress
   */
  public static Report run(
      String bootstrap,
      Path stateDir,
      long seed,
      int records,
      int validEvery,
      int giantPeriod,
      Duration settle) {
    ScorerConfig c =
        new ScorerConfig(
            bootstrap,
            "hiss-hostile-" + seed,
            Topics.SENSORS,
            Topics.PREDICTIONS,
            Topics.DEAD_LETTER,
            3,
            stateDir);
    LinearAutoregression model =
        new LinearAutoregression("x", 4, 1, 0.1, new double[] {0.5, 0.2, 0.1, 0.05});
    ScoringModel served = new ScoringModel(model, "hostile-v1");
    ScorerMetrics metrics = ScorerMetrics.inMemory();
    AtomicLong escaped = new AtomicLong();
    KafkaStreams streams =
        new KafkaStreams(ScorerTopology.build(c, () -> served, metrics), c.streamsProperties());
    streams.setUncaughtExceptionHandler(
        e -> {
          escaped.incrementAndGet();
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.start();
    Map<HostileCategory, Counts> counts = new EnumMap<>(HostileCategory.class);
    for (HostileCategory h : HostileCategory.values()) {
      counts.put(h, new Counts());
    }
    Map<Long, HostileRecord> produced = new HashMap<>();
    long t0 = System.nanoTime();
    long valid = 0;
    try {
      valid = produce(bootstrap, seed, records, validEvery, giantPeriod, counts, produced);
      return collect(bootstrap, counts, produced, valid, metrics, escaped, settle, t0);
    } finally {
      streams.close(Duration.ofSeconds(30));
    }
  }

  private static long produce(
      String bootstrap,
      long seed,
      int records,
      int validEvery,
      int giantPeriod,
      Map<HostileCategory, Counts> counts,
      Map<Long, HostileRecord> produced) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    HostileRecords gen =
        new HostileRecords(
            seed, dev.hiss.ingestion.ValidationPolicy.DEFAULT, giantPeriod, 1024 * 1024);
    List<HostileRecord> refused = new ArrayList<>();
    long valid = 0;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < records; i++) {
        HostileRecord r = gen.next();
        counts.get(r.category()).generated++;
        List<Header> headers = new ArrayList<>();
        headers.add(
            new RecordHeader(
                INDEX_HEADER, Long.toString(r.index()).getBytes(StandardCharsets.UTF_8)));
        headers.addAll(r.headers());
        ProducerRecord<byte[], byte[]> pr =
            new ProducerRecord<>(Topics.SENSORS, null, r.key(), r.value(), headers);
        try {
          producer
              .send(pr)
              .get(); // one at a time: a refusal is attributed to its record, memory stays flat
          produced.put(r.index(), withoutPayload(r));
        } catch (java.util.concurrent.ExecutionException e) {
          if (!(e.getCause() instanceof RecordTooLargeException)) {
            throw new IllegalStateException("Producing " + r + " failed: " + e.getCause(), e);
          }
          counts.get(r.category()).refusedAtProduce++;
          refused.add(r);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted", e);
        }
        if (validEvery > 0 && i % validEvery == validEvery - 1) {
          String device = "ok-" + (valid % 20);
          long s = valid / 20;
          SensorEvent e =
              SensorEvent.of(
                  device, 1_767_225_600_000_000_000L + s * 2_777_778L, s, "x", Math.sin(s * 0.3));
          producer.send(
              new ProducerRecord<>(
                  Topics.SENSORS,
                  device.getBytes(StandardCharsets.UTF_8),
                  SensorEventCodec.encode(e)));
          valid++;
        }
      }
      producer.flush();
    }
    return valid;
  }

  /** The record without its (possibly 10 MB) key and value: only the label is kept. */
  private static HostileRecord withoutPayload(HostileRecord r) {
    return new HostileRecord(
        r.index(), r.category(), r.variant(), null, null, List.of(), r.expectedRule());
  }

  private static Report collect(
      String bootstrap,
      Map<HostileCategory, Counts> counts,
      Map<Long, HostileRecord> produced,
      long valid,
      ScorerMetrics metrics,
      AtomicLong escaped,
      Duration settle,
      long t0) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    java.util.Set<Long> seen = new java.util.HashSet<>();
    long validDead = 0;
    long maxBytes = 0;
    long predictions = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (String topic : List.of(Topics.DEAD_LETTER, Topics.PREDICTIONS)) {
        consumer
            .partitionsFor(topic)
            .forEach(i -> parts.add(new TopicPartition(topic, i.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      long lastProgress = System.nanoTime();
      while (seen.size() < produced.size() && System.nanoTime() - lastProgress < settle.toNanos()) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          lastProgress = System.nanoTime();
          if (r.topic().equals(Topics.PREDICTIONS)) {
            predictions++;
            continue;
          }
          maxBytes = Math.max(maxBytes, size(r));
          Header index = r.headers().lastHeader(INDEX_HEADER);
          if (index == null) {
            validDead++;
            continue;
          }
          long i = Long.parseLong(new String(index.value(), StandardCharsets.UTF_8));
          HostileRecord h = produced.get(i);
          if (h == null || !seen.add(i)) {
            continue; // a duplicate would only come from an at-least-once retry
          }
          Header rule = r.headers().lastHeader(Topics.HEADER_RULE);
          String got = rule == null ? "" : new String(rule.value(), StandardCharsets.UTF_8);
          if (got.equals(h.expectedRule().name())) {
            counts.get(h.category()).deadLettered++;
          } else {
            counts.get(h.category()).wrongRule++;
          }
        }
      }
      // the predictions of the valid records may trail the last dead letter: drain briefly
      long until = System.nanoTime() + Duration.ofSeconds(3).toNanos();
      while (System.nanoTime() < until) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.topic().equals(Topics.PREDICTIONS)) {
            predictions++;
          } else if (r.headers().lastHeader(INDEX_HEADER) == null) {
            validDead++;
          }
        }
      }
    }
    for (Map.Entry<Long, HostileRecord> e : produced.entrySet()) {
      if (!seen.contains(e.getKey())) {
        counts.get(e.getValue().category()).accepted++;
      }
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long counted =
        (long)
            metrics.registry().find(ScorerMetrics.DEAD_LETTERED).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count)
                .sum();
    return new Report(
        counts, valid, validDead, predictions, counted, escaped.get(), maxBytes, seconds);
  }

  private static long size(ConsumerRecord<byte[], byte[]> r) {
    long n = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
    for (Header h : r.headers()) {
      n += h.key().getBytes(StandardCharsets.UTF_8).length;
      n += h.value() == null ? 0 : h.value().length;
    }
    return n;
  }
}
