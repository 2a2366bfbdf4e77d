package dev.hiss.ops.config;

import dev.hiss.ingestion.Topics;
import dev.hiss.streaming.ScorerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The one configuration of every HiSS service. Precedence, lowest first: the defaults declared in
 * {@link #KEYS}, a properties file ({@code --config FILE}, or {@code hiss.properties} in the
 * working directory when present), environment variables ({@code HISS_<KEY>} with dots and dashes
 * as underscores), and finally command-line options. Every value is validated at start-up; an
 * unknown key in the file is an error (a typo must not be silently ignored).
 *
 * <p>Kafka security (TLS, SASL) goes in a separate client properties file named by {@code
 * kafka.client.properties}; its contents are passed to every Kafka client and never printed.
 */
public final class HissSettings {
  /** Every key, with its default and documentation. */
  public static final List<Setting> KEYS =
      List.of(
          Setting.text(
              "kafka.bootstrap.servers",
              "",
              "Kafka bootstrap servers; empty = start the embedded broker (demo only)"),
          Setting.text(
              "kafka.client.properties",
              "",
              "File of extra Kafka client properties (security.protocol, ssl.*, sasl.*); never printed"),
          Setting.nonEmpty("topics.sensors", Topics.SENSORS, "Sensor events topic"),
          Setting.nonEmpty("topics.dead-letter", Topics.DEAD_LETTER, "Rejected records topic"),
          Setting.nonEmpty("topics.predictions", Topics.PREDICTIONS, "Scorer output topic"),
          Setting.nonEmpty("topics.truth", Topics.TRUTH, "Ground truth of simulated devices"),
          Setting.intRange(
              "topics.partitions", 12, 1, 10_000, "Partitions of the project's topics"),
          Setting.intRange(
              "topics.replication", 3, 1, 15, "Replication factor of the project's topics"),
          Setting.nonEmpty("lake.path", "target/hiss-lake", "Root directory of the Parquet lake"),
          Setting.text(
              "lake.checkpoint", "", "Lake job checkpoint; empty = <lake.path>-checkpoints"),
          Setting.intRange(
              "lake.buckets", 16, 1, 4096, "Device hash buckets of the lake partitioning"),
          Setting.intRange("lake.trigger-seconds", 60, 1, 86_400, "Lake micro-batch interval"),
          Setting.nonEmpty("spark.master", "local[*]", "Spark master URL"),
          Setting.nonEmpty("scorer.application-id", "hiss-scorer", "Kafka Streams application id"),
          Setting.intRange("scorer.chunk-size", 36, 1, 1_000_000, "Samples per prediction"),
          Setting.nonEmpty(
              "scorer.state-dir", "target/hiss-scorer-state", "Kafka Streams state dir"),
          Setting.intRange(
              "scorer.metrics-port", 0, 0, 65_535, "Prometheus /metrics port; 0 = off"),
          Setting.intRange(
              "scorer.stream-threads",
              1,
              1,
              ScorerOptions.MAX_STREAM_THREADS,
              "Kafka Streams threads per scorer instance (num.stream.threads)"),
          Setting.intRange("dashboard.port", 8080, 0, 65_535, "Dashboard HTTP port"),
          Setting.nonEmpty("models.registry", "target/hiss-models", "Model registry directory"));

  private final Map<String, String> values;
  private final Map<String, String> sources;

  private HissSettings(Map<String, String> values, Map<String, String> sources) {
    this.values = values;
    this.sources = sources;
  }

  /**
   * Loads the effective settings.
   *
   * @param file properties file, or null for {@code ./hiss.properties} if it exists
   * @param env environment (usually {@code System.getenv()})
   * @throws IllegalArgumentException with one line per invalid or unknown key
   */
  public static HissSettings load(Path file, Map<String, String> env) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    for (Setting s : KEYS) {
      values.put(s.key(), s.defaultValue());
      sources.put(s.key(), "default");
    }
    List<String> errors = new ArrayList<>();
    Path f = file != null ? file : Path.of("hiss.properties");
    if (file != null && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Config file " + file + " does not exist");
    }
    if (Files.isRegularFile(f)) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(f)) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read config file " + f, e);
      }
      for (String k : new TreeMap<>(p).keySet().stream().map(Object::toString).toList()) {
        if (!values.containsKey(k)) {
          errors.add("Unknown key '" + k + "' in " + f + " (see ./hiss config for the keys)");
        } else {
          values.put(k, p.getProperty(k).trim());
          sources.put(k, f.toString());
        }
      }
    }
    for (Setting s : KEYS) {
      String v = env.get(s.envName());
      if (v != null) {
        values.put(s.key(), v.trim());
        sources.put(s.key(), "env " + s.envName());
      }
    }
    for (Setting s : KEYS) {
      String v = values.get(s.key());
      if (!s.valid().test(v)) {
        errors.add(
            "Invalid "
                + s.key()
                + " = '"
                + (s.secret() ? "***" : v)
                + "' (from "
                + sources.get(s.key())
                + "); must be "
                + s.rule());
      }
    }
    String clientProps = values.get("kafka.client.properties");
    if (!clientProps.isEmpty() && !Files.isRegularFile(Path.of(clientProps))) {
      errors.add("Invalid kafka.client.properties = '" + clientProps + "'; no such file");
    }
    if (!errors.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", errors));
    }
    return new HissSettings(values, sources);
  }

  /** The value of a key. */
  public String get(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalArgumentException("Unknown setting " + key);
    }
    return v;
  }

  /** Where a key's value came from: default, a file, or an environment variable. */
  public String source(String key) {
    return sources.get(key);
  }

  /** The integer value of a key. */
  public int getInt(String key) {
    return Integer.parseInt(get(key).trim());
  }

  /**
   * Extra Kafka client properties (TLS, SASL) from {@code kafka.client.properties}, for every
   * client this process creates. Empty when none are configured.
   */
  public Properties kafkaClientProperties() {
    Properties p = new Properties();
    String file = get("kafka.client.properties");
    if (!file.isEmpty()) {
      try (InputStream in = Files.newInputStream(Path.of(file))) {
        p.load(in);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read Kafka client properties " + file, e);
      }
    }
    return p;
  }

  /** The effective configuration as {@code key = value # doc [source]} lines, secrets masked. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Setting s : KEYS) {
      String v = values.get(s.key());
      out.add(
          s.key()
              + " = "
              + (s.secret() && !v.isEmpty() ? "***" : v)
              + "    # "
              + s.doc()
              + " ["
              + sources.get(s.key())
              + "]");
    }
    Properties client = kafkaClientProperties();
    for (String k : new TreeMap<>(client).keySet().stream().map(Object::toString).toList()) {
      out.add("  (kafka client) " + k + " = " + (isSecretKey(k) ? "***" : client.getProperty(k)));
    }
    return out;
  }

  /** Whether a Kafka client property holds a secret (passwords, keys, JAAS configs). */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return k.contains("password")
        || k.contains("jaas")
        || k.contains("secret")
        || k.endsWith(".key")
        || k.contains("token")
        || k.contains("credential");
  }
}
