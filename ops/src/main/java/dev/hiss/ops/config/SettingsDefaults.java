package dev.hiss.ops.config;

import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Feeds {@link HissSettings} to picocli as option defaults, so that every command reads the one
 * configuration and an explicit command-line option still wins.
 */
public final class SettingsDefaults implements IDefaultValueProvider {
  /** Command-line option → configuration key. */
  static final Map<String, String> OPTION_KEYS =
      Map.ofEntries(
          Map.entry("--bootstrap-server", "kafka.bootstrap.servers"),
          Map.entry("--kafka-properties", "kafka.client.properties"),
          Map.entry("--topic", "topics.sensors"),
          Map.entry("--dead-letter-topic", "topics.dead-letter"),
          Map.entry("--predictions-topic", "topics.predictions"),
          Map.entry("--truth-topic", "topics.truth"),
          Map.entry("--lake", "lake.path"),
          Map.entry("--checkpoint", "lake.checkpoint"),
          Map.entry("--buckets", "lake.buckets"),
          Map.entry("--trigger-seconds", "lake.trigger-seconds"),
          Map.entry("--master", "spark.master"),
          Map.entry("--port", "dashboard.port"),
          Map.entry("--application-id", "scorer.application-id"),
          Map.entry("--chunk", "scorer.chunk-size"),
          Map.entry("--state-dir", "scorer.state-dir"),
          Map.entry("--metrics-port", "scorer.metrics-port"),
          Map.entry("--threads", "scorer.stream-threads"),
          Map.entry("--registry", "models.registry"));

  private final HissSettings settings;

  public SettingsDefaults(HissSettings settings) {
    this.settings = settings;
  }

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec o)) {
      return null;
    }
    String key = OPTION_KEYS.get(o.longestName());
    if (key == null) {
      return null;
    }
    String v = settings.get(key);
    if (v.isEmpty()) {
      return null;
    }
    // a value equal to the built-in default changes nothing: keep the command's own default
    return "default".equals(settings.source(key)) && o.defaultValue() != null ? null : v;
  }
}
