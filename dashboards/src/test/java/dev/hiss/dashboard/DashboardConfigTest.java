package dev.hiss.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** The Kafka client properties (TLS, SASL) reach the feed's clients and are never printed. */
class DashboardConfigTest {
  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
          + " password=\"hunter2\";";

  private static Properties client() {
    Properties p = new Properties();
    p.setProperty("security.protocol", "SASL_SSL");
    p.setProperty("sasl.mechanism", "PLAIN");
    p.setProperty("sasl.jaas.config", JAAS);
    p.setProperty("ssl.truststore.password", "changeit");
    // the dashboard's own settings win over the file's
    p.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "elsewhere:9092");
    p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, "shared-group");
    p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "true");
    p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "true");
    p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "com.example.Evil");
    p.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "600000");
    return p;
  }

  @Test
  void clientPropertiesReachTheConsumerAndTheAdminClientUnderTheFeedsOwn() {
    DashboardConfig c = DashboardConfig.defaults("broker:9093").withKafkaClient(client());
    for (Properties p :
        new Properties[] {KafkaFeed.consumerProperties(c), KafkaFeed.adminProperties(c)}) {
      assertEquals("SASL_SSL", p.get("security.protocol"));
      assertEquals("PLAIN", p.get("sasl.mechanism"));
      assertEquals(JAAS, p.get("sasl.jaas.config"));
      assertEquals("changeit", p.get("ssl.truststore.password"));
      assertEquals("broker:9093", p.get("bootstrap.servers"));
    }
    Properties consumer = KafkaFeed.consumerProperties(c);
    assertTrue(
        consumer.get(ConsumerConfig.GROUP_ID_CONFIG).toString().startsWith("hiss-dashboard-"));
    assertEquals("false", consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    assertEquals("false", consumer.get(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG));
    assertEquals(
        ByteArrayDeserializer.class.getName(),
        consumer.get(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG));
    assertEquals(
        "3000", KafkaFeed.adminProperties(c).get(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG));
  }

  @Test
  void withoutClientPropertiesTheClientsGetOnlyTheFeedsSettings() {
    DashboardConfig c = DashboardConfig.defaults("broker:9092");
    assertEquals(Map.of(), c.kafkaClient());
    assertFalse(KafkaFeed.consumerProperties(c).containsKey("security.protocol"));
    assertFalse(KafkaFeed.adminProperties(c).containsKey("security.protocol"));
    // the other copies keep the client properties
    DashboardConfig tls =
        c.withKafkaClient(client())
            .withAddress("0.0.0.0", 9000)
            .withBounds(10, java.time.Duration.ofMinutes(1), 5)
            .withFromBeginning(true)
            .withRegistry(null);
    assertEquals("SASL_SSL", tls.kafkaClient().get("security.protocol"));
  }

  @Test
  void toStringNamesTheClientPropertiesButNeverTheirValues() {
    String s = DashboardConfig.defaults("broker:9092").withKafkaClient(client()).toString();
    assertTrue(s.contains("sasl.jaas.config"), s);
    assertTrue(s.contains("ssl.truststore.password"), s);
    assertFalse(s.contains("hunter2"), s);
    assertFalse(s.contains("changeit"), s);
    assertFalse(s.contains("SASL_SSL"), s);
    assertTrue(s.contains("bootstrapServers=broker:9092"), s);
  }

  @Test
  void rejectsAMissingClientMap() {
    DashboardConfig d = DashboardConfig.defaults("b:9092");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new DashboardConfig(
                    d.bootstrapServers(),
                    d.host(),
                    d.port(),
                    d.pointsPerSeries(),
                    d.retention(),
                    d.maxDevices(),
                    d.maxChannels(),
                    d.alertsPerDevice(),
                    d.tick(),
                    d.staleAfter(),
                    d.fromBeginning(),
                    d.sensorsTopic(),
                    d.predictionsTopic(),
                    d.truthTopic(),
                    d.alertsTopic(),
                    d.registry(),
                    null));
    assertTrue(e.getMessage().contains("kafkaClient"), e.getMessage());
  }
}
