package dev.hiss.dashboard;

import dev.hiss.ingestion.Alert;
import dev.hiss.ingestion.Prediction;
import dev.hiss.ingestion.SensorEventCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the sensors, predictions, truth and alerts topics into a {@link DashboardStore}, and
 * watches whether the broker answers.
 *
 * <p>The consumer subscribes by pattern, so a topic that does not exist yet (alerts, truth) is
 * picked up within seconds of its creation and never auto-created. The group id is unique per
 * server and no offsets are committed: every dashboard sees the whole stream. When the broker goes
 * away the Kafka client keeps reconnecting; a separate admin check every {@code HEALTH_PERIOD}
 * reports the broker down or up again.
 *
 * <p>Both clients get {@link DashboardConfig#kafkaClient()} (TLS, SASL) first and the feed's own
 * settings over it, so those cannot be overridden by the client properties file.
 */
public final class KafkaFeed implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaFeed.class);
  static final Duration HEALTH_PERIOD = Duration.ofSeconds(2);

  private final DashboardConfig config;
  private final DashboardStore store;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Admin admin;
  private final Thread pollThread;
  private final Thread healthThread;
  private volatile boolean running = true;
  private volatile boolean brokerUp;
  private volatile String brokerError = "not checked yet";
  private volatile long brokerSinceMs = System.currentTimeMillis();
  private volatile long records;

  /** Starts consuming at once (two daemon threads). */
  public KafkaFeed(DashboardConfig config, DashboardStore store) {
    this.config = config;
    this.store = store;
    this.consumer = new KafkaConsumer<>(consumerProperties(config));
    this.admin = Admin.create(adminProperties(config));
    this.pollThread = new Thread(this::pollLoop, "dashboard-kafka-feed");
    this.healthThread = new Thread(this::healthLoop, "dashboard-kafka-health");
    pollThread.setDaemon(true);
    healthThread.setDaemon(true);
    pollThread.start();
    healthThread.start();
  }

  /** The extra client properties (TLS, SASL) of the configuration, to put the feed's own over. */
  private static Properties clientBase(DashboardConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafkaClient());
    return p;
  }

  /** The consumer's properties: the configured client properties, then the feed's own. */
  static Properties consumerProperties(DashboardConfig config) {
    Properties p = clientBase(config);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "hiss-dashboard-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.fromBeginning() ? "earliest" : "latest");
    p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "3000");
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  /** The health check's admin client properties: the configured ones, then the feed's own. */
  static Properties adminProperties(DashboardConfig config) {
    Properties a = clientBase(config);
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    a.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "2000");
    return a;
  }

  static Pattern topicPattern(DashboardConfig c) {
    return Pattern.compile(
        Pattern.quote(c.sensorsTopic())
            + "|"
            + Pattern.quote(c.predictionsTopic())
            + "|"
            + Pattern.quote(c.truthTopic())
            + "|"
            + Pattern.quote(c.alertsTopic()));
  }

  private void pollLoop() {
    try {
      consumer.subscribe(topicPattern(config));
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          apply(r.topic(), r.value());
        }
      }
    } catch (WakeupException e) {
      // close() woke the consumer
    } catch (RuntimeException e) {
      LOG.error("Dashboard feed stopped: {}", e.toString(), e);
      brokerError = "feed stopped: " + e;
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  /** Decodes one record into the store; a bad record is counted, never fatal. */
  void apply(String topic, byte[] value) {
    records++;
    try {
      if (value == null) {
        throw new IllegalArgumentException("null value");
      } else if (topic.equals(config.sensorsTopic())) {
        store.onSensor(SensorEventCodec.decode(value));
      } else if (topic.equals(config.predictionsTopic())) {
        store.onPrediction(Prediction.decode(value));
      } else if (topic.equals(config.truthTopic())) {
        store.onTruth(SensorEventCodec.decode(value));
      } else if (topic.equals(config.alertsTopic())) {
        store.onAlert(Alert.decode(value));
      }
    } catch (IllegalArgumentException e) {
      store.onRejected(topic, e.getMessage());
    }
  }

  private void healthLoop() {
    while (running) {
      boolean up;
      String error;
      try {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        up = true;
        error = "";
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        up = false;
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
      }
      if (up != brokerUp) {
        LOG.info("Kafka broker at {} is {}", config.bootstrapServers(), up ? "up" : "down");
        brokerSinceMs = System.currentTimeMillis();
      }
      brokerUp = up;
      brokerError = error;
      try {
        Thread.sleep(HEALTH_PERIOD.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Broker reachability, for the status endpoint and the stream. */
  public Map<String, Object> status() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bootstrapServers", config.bootstrapServers());
    m.put("up", brokerUp);
    m.put("error", brokerError);
    m.put("sinceMs", brokerSinceMs);
    m.put("records", records);
    return m;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    healthThread.interrupt();
    try {
      pollThread.join(5000);
      healthThread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    admin.close(Duration.ofSeconds(2));
  }
}
