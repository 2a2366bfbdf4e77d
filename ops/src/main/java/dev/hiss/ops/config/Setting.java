package dev.hiss.ops.config;

import java.util.function.Predicate;

/**
 * One configuration key of HiSS Forecast, declared once with its default, documentation and check.
 *
 * @param key dotted key, e.g. {@code kafka.bootstrap.servers}; environment variable {@code
 *     HISS_KAFKA_BOOTSTRAP_SERVERS} overrides it
 * @param defaultValue default, or {@code ""} for none
 * @param doc one-line documentation
 * @param rule what a valid value looks like (shown in errors)
 * @param valid the check
 * @param secret whether the value is masked when printed
 */
public record Setting(
    String key,
    String defaultValue,
    String doc,
    String rule,
    Predicate<String> valid,
    boolean secret) {
  /** The environment variable that overrides this key. */
  public String envName() {
    return "HISS_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  static Setting text(String key, String def, String doc) {
    return new Setting(key, def, doc, "any text", v -> true, false);
  }

  static Setting nonEmpty(String key, String def, String doc) {
    return new Setting(key, def, doc, "non-empty", v -> !v.isBlank(), false);
  }

  static Setting intRange(String key, int def, int min, int max, String doc) {
    return new Setting(
        key,
        Integer.toString(def),
        doc,
        "an integer in [" + min + ", " + max + "]",
        v -> {
          try {
            int i = Integer.parseInt(v.trim());
            return i >= min && i <= max;
          } catch (NumberFormatException e) {
            return false;
          }
        },
        false);
  }
}
