package dev.hiss.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.dashboard.DashboardConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ./hiss dashboard} passes the configuration's Kafka client properties (TLS, SASL). */
class DashboardCommandTest {
  @TempDir Path dir;

  /** Runs the launcher with a configuration file (loads it as the run's settings). */
  private static int launch(String... args) {
    PrintStream out = System.out;
    System.setOut(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try {
      return Hiss.run(args);
    } finally {
      System.setOut(out);
    }
  }

  @Test
  void theDashboardsKafkaClientsGetTheClientPropertiesFile() throws Exception {
    Path client = dir.resolve("client.properties");
    Files.writeString(
        client,
        "security.protocol=SSL\nssl.truststore.location=/etc/kafka/ts.jks\n"
            + "ssl.truststore.password=changeit\n");
    Path conf = dir.resolve("hiss.properties");
    Files.writeString(conf, "kafka.client.properties=" + client + "\n");
    try {
      assertEquals(0, launch("--config", conf.toString(), "config"));
      DashboardCommand cmd = new DashboardCommand();
      new CommandLine(cmd).parseArgs("--bootstrap-server", "kafka:9093", "--port", "0");
      DashboardConfig c = cmd.config();
      assertEquals("kafka:9093", c.bootstrapServers());
      assertEquals(
          Map.of(
              "security.protocol", "SSL",
              "ssl.truststore.location", "/etc/kafka/ts.jks",
              "ssl.truststore.password", "changeit"),
          c.kafkaClient());
      assertTrue(c.toString().contains("ssl.truststore.password"), c.toString());
      assertFalse(c.toString().contains("changeit"), c.toString());
    } finally {
      launch("--version"); // back to the environment's settings
    }
  }
}
