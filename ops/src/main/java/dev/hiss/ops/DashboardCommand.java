package dev.hiss.ops;

import dev.hiss.dashboard.Dashboard;
import dev.hiss.dashboard.DashboardConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./hiss dashboard}: the live web dashboard over the sensor, predictions and alerts topics.
 */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serve the live dashboard (devices, live charts, fleet, models) on http://HOST:PORT/, fed"
          + " from the sensors, predictions, truth and (optional) hiss.alerts topics, and the model"
          + " registry (--registry).",
      "Memory is bounded: --points per series per device, --retention, --max-devices.",
      "Kafka TLS/SASL: the kafka.client.properties file of the configuration."
    })
public final class DashboardCommand implements Runnable {
  @Option(names = "--bootstrap-server", required = true, description = "Kafka bootstrap servers.")
  String bootstrap;

  @Option(
      names = "--port",
      defaultValue = "8080",
      description = "HTTP port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "Address to bind (default: ${DEFAULT-VALUE}, this machine only).")
  String host;

  @Option(
      names = "--points",
      defaultValue = "2048",
      description = "Points kept per series per device (default: ${DEFAULT-VALUE}).")
  int points;

  @Option(
      names = "--retention",
      defaultValue = "PT10M",
      description = "Drop points older than this, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration retention;

  @Option(
      names = "--max-devices",
      defaultValue = "10000",
      description = "Devices kept; the least recently seen is dropped (default: ${DEFAULT-VALUE}).")
  int maxDevices;

  @Option(names = "--from-beginning", description = "Read the topics from the earliest offset.")
  boolean fromBeginning;

  @Option(
      names = "--registry",
      defaultValue = "target/hiss-models",
      description =
          "Model registry directory shown in the models view, re-read every few seconds"
              + " (default: ${DEFAULT-VALUE}, as ./hiss models; configuration key"
              + " models.registry; a missing directory shows none).")
  Path registry;

  /**
   * The dashboard's settings: the options, and the {@code kafka.client.properties} of the settings
   * (TLS, SASL) for its Kafka clients, under the dashboard's own client settings.
   */
  DashboardConfig config() {
    return DashboardConfig.defaults(bootstrap)
        .withAddress(host, port)
        .withBounds(points, retention, maxDevices)
        .withFromBeginning(fromBeginning)
        .withRegistry(registry)
        .withKafkaClient(Hiss.settings().kafkaClientProperties());
  }

  @Override
  public void run() {
    DashboardConfig config = config();
    try (Dashboard dashboard = Dashboard.start(config)) {
      System.out.println("Dashboard at " + dashboard.url() + " (Ctrl-C stops it)");
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
