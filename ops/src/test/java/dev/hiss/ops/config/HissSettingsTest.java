package dev.hiss.ops.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hiss.ops.Hiss;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HissSettingsTest {
  @TempDir Path dir;

  @Test
  void defaultsThenFileThenEnvironment() throws Exception {
    Path f = dir.resolve("hiss.properties");
    Files.writeString(f, "lake.path=/data/lake\nspark.master=spark://m:7077\n");
    HissSettings s =
        HissSettings.load(f, Map.of("HISS_SPARK_MASTER", "local[2]", "HISS_LAKE_BUCKETS", "32"));
    assertEquals("/data/lake", s.get("lake.path"));
    assertEquals(f.toString(), s.source("lake.path"));
    assertEquals("local[2]", s.get("spark.master"));
    assertEquals("env HISS_SPARK_MASTER", s.source("spark.master"));
    assertEquals(32, s.getInt("lake.buckets"));
    assertEquals("hiss.sensors", s.get("topics.sensors"));
    assertEquals("default", s.source("topics.sensors"));
  }

  @Test
  void unknownKeysAndBadValuesAreReportedTogetherWithTheirSource() throws Exception {
    Path f = dir.resolve("bad.properties");
    Files.writeString(f, "lake.bukets=3\ndashboard.port=99999\n");
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> HissSettings.load(f, Map.of("HISS_SCORER_CHUNK_SIZE", "ten")));
    List<String> lines = ex.getMessage().lines().toList();
    assertEquals(3, lines.size(), ex.getMessage());
    assertTrue(lines.get(0).startsWith("Unknown key 'lake.bukets'"), lines.get(0));
    assertTrue(
        ex.getMessage()
            .contains("Invalid scorer.chunk-size = 'ten' (from env HISS_SCORER_CHUNK_SIZE)"),
        ex.getMessage());
    assertTrue(ex.getMessage().contains("Invalid dashboard.port = '99999'"), ex.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> HissSettings.load(dir.resolve("none"), Map.of()));
  }

  @Test
  void kafkaSecretsAreUsableButNeverPrinted() throws Exception {
    Path client = dir.resolve("client.properties");
    Files.writeString(
        client,
        "security.protocol=SASL_SSL\nsasl.jaas.config=org.apache.kafka.common.security.plain"
            + ".PlainLoginModule required username=\"u\" password=\"hunter2\";\n"
            + "ssl.truststore.password=changeit\n");
    HissSettings s =
        HissSettings.load(null, Map.of("HISS_KAFKA_CLIENT_PROPERTIES", client.toString()));
    assertEquals("changeit", s.kafkaClientProperties().getProperty("ssl.truststore.password"));
    String printed = String.join("\n", s.describe());
    assertFalse(printed.contains("hunter2"), printed);
    assertFalse(printed.contains("changeit"), printed);
    assertTrue(printed.contains("security.protocol = SASL_SSL"), printed);
  }

  @Test
  void theCommandLineUsesTheConfigurationAndExitsTwoOnBadConfiguration() throws Exception {
    Path f = dir.resolve("c.properties");
    Files.writeString(f, "spark.master=local[3]\n");
    PrintStream out = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Hiss.run(new String[] {"--config", f.toString(), "config"});
    } finally {
      System.setOut(out);
    }
    assertEquals(0, code);
    assertTrue(buf.toString(StandardCharsets.UTF_8).contains("spark.master = local[3]"));
    Files.writeString(f, "spark.mastr=local[3]\n");
    assertEquals(2, Hiss.run(new String[] {"--config", f.toString(), "config"}));
    // a command that needs Kafka and has none configured is a usage error, not a crash
    assertEquals(2, Hiss.run(new String[] {"ingest", "--once"}));
  }

  @Test
  void scorerStreamThreadsAreASettingThatDefaultsTheThreadsOptions() throws Exception {
    assertEquals(1, HissSettings.load(null, Map.of()).getInt("scorer.stream-threads"));
    assertEquals(
        3,
        HissSettings.load(null, Map.of("HISS_SCORER_STREAM_THREADS", "3"))
            .getInt("scorer.stream-threads"));
    IllegalArgumentException ex =
        assertThrows(
            IllegalArgumentException.class,
            () -> HissSettings.load(null, Map.of("HISS_SCORER_STREAM_THREADS", "0")));
    assertTrue(ex.getMessage().contains("Invalid scorer.stream-threads = '0'"), ex.getMessage());
    Path f = dir.resolve("threads.properties");
    Files.writeString(f, "scorer.stream-threads=3\n");
    for (String[] args :
        List.of(
            new String[] {"--config", f.toString(), "scorer", "--help"},
            new String[] {"--config", f.toString(), "bench", "--help"})) {
      PrintStream out = System.out;
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      try {
        assertEquals(0, Hiss.run(args));
      } finally {
        System.setOut(out);
      }
      String help = buf.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " ");
      assertTrue(help.matches(".*--threads=<threads>.*\\(default: 3\\)\\..*"), help);
    }
  }
}
