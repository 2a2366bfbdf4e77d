package dev.hiss.dashboard;

import dev.hiss.ingestion.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Settings of one dashboard server.
 *
 * @param bootstrapServers Kafka bootstrap servers
 * @param host address the HTTP server binds (127.0.0.1 by default: not reachable from other hosts)
 * @param port HTTP port; 0 picks a free one
 * @param pointsPerSeries ring-buffer capacity of every per-device series (raw, forecast, truth and
 *     error, per channel)
 * @param retention points older than a series' newest point minus this are dropped
 * @param maxDevices devices kept; the one seen longest ago is forgotten beyond this
 * @param maxChannels channels kept per device; further channels are ignored
 * @param alertsPerDevice alerts kept per device (the count of all alerts is kept too)
 * @param tick how often the stream pushes updates to browsers
 * @param staleAfter a device not heard from for this long is shown as stale
 * @param fromBeginning read the topics from the earliest offset instead of the latest
 * @param sensorsTopic raw sensor events
 * @param predictionsTopic predictions of the scorer
 * @param truthTopic ground truth (optional)
 * @param alertsTopic alerts (optional, see {@link dev.hiss.ingestion.Alert})
 * @param registry model registry directory ({@code dev.hiss.model.io.ModelRegistry}) shown in the
 *     models view, re-read every few seconds; null: none (only the models seen in predictions)
 * @param kafkaClient extra Kafka client properties (TLS, SASL: {@code security.protocol}, {@code
 *     ssl.*}, {@code sasl.*}) given to the dashboard's consumer and admin client; the dashboard's
 *     own settings (bootstrap servers, group, offsets, deserializers, timeouts) are applied on top
 *     and win; the values are never printed ({@link #toString} masks them); default none
 */
public record DashboardConfig(
    String bootstrapServers,
    String host,
    int port,
    int pointsPerSeries,
    Duration retention,
    int maxDevices,
    int maxChannels,
    int alertsPerDevice,
    Duration tick,
    Duration staleAfter,
    boolean fromBeginning,
    String sensorsTopic,
    String predictionsTopic,
    String truthTopic,
    String alertsTopic,
    Path registry,
    Map<String, String> kafkaClient) {

  /** Validates every field. */
  public DashboardConfig {
    require(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrapServers", "empty");
    require(host != null && !host.isBlank(), "host", "empty");
    require(port >= 0 && port <= 65535, "port", port);
    require(
        pointsPerSeries >= 2 && pointsPerSeries <= 1_000_000, "pointsPerSeries", pointsPerSeries);
    require(retention != null && !retention.isNegative(), "retention", retention);
    require(maxDevices >= 1, "maxDevices", maxDevices);
    require(maxChannels >= 1, "maxChannels", maxChannels);
    require(alertsPerDevice >= 1, "alertsPerDevice", alertsPerDevice);
    require(tick != null && tick.toMillis() >= 10, "tick", tick);
    require(staleAfter != null && !staleAfter.isNegative(), "staleAfter", staleAfter);
    for (String t : new String[] {sensorsTopic, predictionsTopic, truthTopic, alertsTopic}) {
      require(t != null && !t.isBlank(), "topic", t);
    }
    require(kafkaClient != null, "kafkaClient", "null (use an empty map)");
    kafkaClient = Map.copyOf(kafkaClient);
  }

  /** Every setting, with the Kafka client properties' values masked (they hold secrets). */
  @Override
  public String toString() {
    return "DashboardConfig[bootstrapServers="
        + bootstrapServers
        + ", host="
        + host
        + ", port="
        + port
        + ", pointsPerSeries="
        + pointsPerSeries
        + ", retention="
        + retention
        + ", maxDevices="
        + maxDevices
        + ", maxChannels="
        + maxChannels
        + ", alertsPerDevice="
        + alertsPerDevice
        + ", tick="
        + tick
        + ", staleAfter="
        + staleAfter
        + ", fromBeginning="
        + fromBeginning
        + ", topics="
        + sensorsTopic
        + ","
        + predictionsTopic
        + ","
        + truthTopic
        + ","
        + alertsTopic
        + ", registry="
        + registry
        + ", kafkaClient="
        + new TreeMap<>(kafkaClient).keySet()
        + " (values masked)]";
  }

  private static void require(boolean ok, String field, Object value) {
    if (!ok) {
      throw new IllegalArgumentException("Invalid dashboard setting " + field + " = " + value);
    }
  }

  /** The defaults for a broker: 127.0.0.1:8080, 2048 points and 10 minutes per series. */
  public static DashboardConfig defaults(String bootstrapServers) {
    return new DashboardConfig(
        bootstrapServers,
        "127.0.0.1",
        8080,
        2048,
        Duration.ofMinutes(10),
        10_000,
        16,
        256,
        Duration.ofMillis(250),
        Duration.ofSeconds(10),
        false,
        Topics.SENSORS,
        Topics.PREDICTIONS,
        Topics.TRUTH,
        Topics.ALERTS,
        null,
        Map.of());
  }

  /** A copy on another host and port. */
  public DashboardConfig withAddress(String newHost, int newPort) {
    return new DashboardConfig(
        bootstrapServers,
        newHost,
        newPort,
        pointsPerSeries,
        retention,
        maxDevices,
        maxChannels,
        alertsPerDevice,
        tick,
        staleAfter,
        fromBeginning,
        sensorsTopic,
        predictionsTopic,
        truthTopic,
        alertsTopic,
        registry,
        kafkaClient);
  }

  /** A copy with other buffer bounds. */
  public DashboardConfig withBounds(int points, Duration newRetention, int devices) {
    return new DashboardConfig(
        bootstrapServers,
        host,
        port,
        points,
        newRetention,
        devices,
        maxChannels,
        alertsPerDevice,
        tick,
        staleAfter,
        fromBeginning,
        sensorsTopic,
        predictionsTopic,
        truthTopic,
        alertsTopic,
        registry,
        kafkaClient);
  }

  /** A copy that reads from the earliest offsets (or not). */
  public DashboardConfig withFromBeginning(boolean earliest) {
    return new DashboardConfig(
        bootstrapServers,
        host,
        port,
        pointsPerSeries,
        retention,
        maxDevices,
        maxChannels,
        alertsPerDevice,
        tick,
        staleAfter,
        earliest,
        sensorsTopic,
        predictionsTopic,
        truthTopic,
        alertsTopic,
        registry,
        kafkaClient);
  }

  /** A copy that shows the model registry in {@code dir} (null: none). */
  public DashboardConfig withRegistry(Path dir) {
    return copy(dir, kafkaClient);
  }

  /**
   * A copy whose Kafka clients also get these properties (TLS, SASL), e.g. the {@code
   * kafka.client.properties} file of the settings.
   */
  public DashboardConfig withKafkaClient(Properties properties) {
    Map<String, String> m = new TreeMap<>();
    properties.forEach((k, v) -> m.put(k.toString(), v.toString()));
    return copy(registry, m);
  }

  private DashboardConfig copy(Path newRegistry, Map<String, String> newKafkaClient) {
    return new DashboardConfig(
        bootstrapServers,
        host,
        port,
        pointsPerSeries,
        retention,
        maxDevices,
        maxChannels,
        alertsPerDevice,
        tick,
        staleAfter,
        fromBeginning,
        sensorsTopic,
        predictionsTopic,
        truthTopic,
        alertsTopic,
        newRegistry,
        newKafkaClient);
  }
}
