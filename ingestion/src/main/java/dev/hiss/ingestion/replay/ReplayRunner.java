package dev.hiss.ingestion.replay;

import dev.hiss.ingestion.SensorEvent;
import dev.hiss.ingestion.SensorEventCodec;
import dev.hiss.ingestion.Topics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends device series to Kafka in event-time order across devices, paced at a speed factor of real
 * time (or as fast as possible), with an idempotent producer ({@code acks=all}) and the schema
 * version header; reports progress about once a second.
 */
public final class ReplayRunner {
  /**
   * Progress of a replay.
   *
   * @param sent events acknowledged-or-in-flight so far
   * @param total events this replay will send
   * @param skipped samples with every channel missing (not sent)
   * @param eventsPerSecond send rate since the start
   * @param eventTimeNs event time of the last sent event
   */
  public record Progress(
      long sent, long total, long skipped, double eventsPerSecond, long eventTimeNs) {}

  private ReplayRunner() {}

  /**
   * Replays the series.
   *
   * @param speed 1 = real time, 10 = ten times faster, 0 = as fast as possible
   * @param limit stop after this many events (0 = no limit)
   * @return events sent per device
   */
  public static Map<String, Long> run(
      List<DeviceSeries> series,
      String bootstrapServers,
      String topic,
      double speed,
      long limit,
      Consumer<Progress> progress) {
    return run(
        series,
        java.util.Collections.nCopies(series.size(), topic),
        bootstrapServers,
        speed,
        limit,
        progress,
        new Properties());
  }

  /**
   * Replays series to a topic each (e.g. sensor series and their ground truth), interleaved in
   * event-time order.
   *
   * @param topics {@code topics.get(i)} receives {@code series.get(i)}
   * @param clientProperties extra producer properties (TLS, SASL), applied before the replay's own
   * @return events sent per device and topic ({@code topic/device})
   */
  public static Map<String, Long> run(
      List<DeviceSeries> series,
      List<String> topics,
      String bootstrapServers,
      double speed,
      long limit,
      Consumer<Progress> progress,
      Properties clientProperties) {
    if (topics.size() != series.size()) {
      throw new IllegalArgumentException(
          "Invalid topics: " + topics.size() + " for " + series.size() + " series");
    }
    boolean oneTopic = topics.stream().distinct().count() <= 1;
    if (!(speed >= 0) || Double.isInfinite(speed)) {
      throw new IllegalArgumentException("Invalid speed = " + speed + "; must be >= 0 (0 = max)");
    }
    long total = 0;
    for (DeviceSeries s : series) {
      total += s.length();
    }
    if (limit > 0) {
      total = Math.min(total, limit);
    }
    Properties p = new Properties();
    p.putAll(clientProperties);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000); // a missing topic fails in 15 s, not 60
    byte[] schema =
        Integer.toString(SensorEvent.SCHEMA_VERSION).getBytes(StandardCharsets.US_ASCII);
    Map<String, Long> sent = new LinkedHashMap<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    // next sample of each device, ordered by (time, device order)
    PriorityQueue<int[]> next =
        new PriorityQueue<>(
            (a, b) -> {
              int c =
                  Long.compare(series.get(a[0]).timesNs()[a[1]], series.get(b[0]).timesNs()[b[1]]);
              return c != 0 ? c : Integer.compare(a[0], b[0]);
            });
    for (int d = 0; d < series.size(); d++) {
      if (series.get(d).length() > 0) {
        next.add(new int[] {d, 0});
      }
    }
    long started = System.nanoTime();
    long lastReport = started;
    long count = 0;
    long skipped = 0;
    long firstEventNs = next.isEmpty() ? 0 : series.get(next.peek()[0]).timesNs()[0];
    long lastEventNs = firstEventNs;
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      while (!next.isEmpty() && (limit <= 0 || count + skipped < limit)) {
        if (failure.get() != null) {
          break;
        }
        int[] at = next.poll();
        DeviceSeries s = series.get(at[0]);
        lastEventNs = s.timesNs()[at[1]];
        if (speed > 0) {
          pace(started, (long) ((lastEventNs - firstEventNs) / speed));
        }
        SensorEvent e = s.event(at[1]);
        if (e == null) {
          skipped++;
        } else {
          ProducerRecord<String, byte[]> rec =
              new ProducerRecord<>(topics.get(at[0]), e.deviceId(), SensorEventCodec.encode(e));
          rec.headers().add(Topics.HEADER_SCHEMA, schema);
          producer.send(
              rec,
              (md, ex) -> {
                if (ex != null) {
                  failure.compareAndSet(null, ex);
                }
              });
          sent.merge(
              oneTopic ? e.deviceId() : topics.get(at[0]) + "/" + e.deviceId(), 1L, Long::sum);
          count++;
        }
        if (at[1] + 1 < s.length()) {
          next.add(new int[] {at[0], at[1] + 1});
        }
        long now = System.nanoTime();
        if (progress != null && now - lastReport >= 1_000_000_000L) {
          lastReport = now;
          progress.accept(
              new Progress(count, total, skipped, count / ((now - started) / 1e9), lastEventNs));
        }
      }
      producer.flush();
    }
    if (failure.get() != null) {
      throw new IllegalStateException(
          "Replay to "
              + new java.util.LinkedHashSet<>(topics)
              + " failed: "
              + failure.get().getMessage()
              + " (does the topic exist? the embedded broker does not auto-create topics)",
          failure.get());
    }
    if (progress != null) {
      double secs = Math.max(1e-9, (System.nanoTime() - started) / 1e9);
      progress.accept(new Progress(count, total, skipped, count / secs, lastEventNs));
    }
    return sent;
  }

  private static void pace(long startedNanos, long offsetNanos) {
    long wait = startedNanos + offsetNanos - System.nanoTime();
    if (wait
        > 2_000_000L) { // sleep in steps of >= 2 ms: per-event sleeps would cost more than they
      // pace
      try {
        java.util.concurrent.TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Replay interrupted", e);
      }
    }
  }
}
