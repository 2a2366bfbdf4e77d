package dev.hiss.ops.reliability;

import dev.hiss.ingestion.Prediction;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Every committed record of a predictions topic, read with {@code read_committed} from the
 * beginning and kept up to date incrementally by {@link #poll()}: per {@code deviceId/seq} key how
 * many times it was committed and the values, which is what the exactly-once checks compare.
 */
public final class CommittedPredictions implements AutoCloseable {
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, List<Double>> values = new HashMap<>();
  private long records;

  /** Reads {@code topic} on {@code bootstrapServers} from its beginning. */
  public CommittedPredictions(String bootstrapServers, String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
    consumer = new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        consumer.partitionsFor(topic).stream()
            .map(i -> new TopicPartition(topic, i.partition()))
            .toList();
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** Reads what was committed since the last call (one poll of up to 200 ms); returns the total. */
  public long poll() {
    for (ConsumerRecord<String, byte[]> rec : consumer.poll(Duration.ofMillis(200))) {
      Prediction p = Prediction.decode(rec.value());
      values
          .computeIfAbsent(p.deviceId() + "/" + p.seq(), k -> new java.util.ArrayList<>(1))
          .add(p.predicted());
      records++;
    }
    return records;
  }

  /**
   * Polls until {@code n} records are in or {@code timeout} passes, failing fast through {@code
   * alive} (e.g. a child process that exited).
   *
   * @return whether {@code n} were reached
   */
  public boolean awaitAtLeast(long n, Duration timeout, Runnable alive) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (poll() < n) {
      alive.run();
      if (System.nanoTime() > deadline) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads up to the last stable offset of every partition as it is now: afterwards everything
   * committed before this call has been read.
   *
   * @return the total read
   * @throws IllegalStateException when that takes longer than {@code timeout}
   */
  public long drainToEnd(Duration timeout) {
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    long deadline = System.nanoTime() + timeout.toNanos();
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("Could not read up to " + end + " in " + timeout);
      }
      poll();
    }
    return records;
  }

  /** Committed records read so far (duplicates included). */
  public long records() {
    return records;
  }

  /** {@code deviceId/seq} to the values committed under it, in topic order. */
  public Map<String, List<Double>> values() {
    return values;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
