package dev.hiss.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
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
  void toStringNamesTheClientPropertiesButMasksTheirValues() {
    Properties client = new Properties();
    client.setProperty("ssl.keystore.password", "hunter2");
    String s = ScorerOptions.DEFAULTS.withKafkaClient(client).toString();
    assertTrue(s.contains("ssl.keystore.password"), s);
    assertFalse(s.contains("hunter2"), s);
  }
}
