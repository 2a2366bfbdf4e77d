package dev.hiss.ingestion.hostile.internal;

import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Header;

/** What the variant builders share: the random source, the policy, the valid event template. */
abstract class Variants {
  static final long BASE_NS = 1_767_225_600_000_000_000L; // 2026-01-01

  final SplittableRandom random;
  final ValidationPolicy policy;
  final int brokerLimitBytes;

  Variants(SplittableRandom random, ValidationPolicy policy, int brokerLimitBytes) {
    this.random = random;
    this.policy = policy;
    this.brokerLimitBytes = brokerLimitBytes;
  }

  static Spec spec(String variant, String key, byte[] value, ValidationRule rule) {
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new Spec(variant, k, value, List.<Header>of(), rule);
  }

  static Spec spec(String variant, String key, String value, ValidationRule rule) {
    return spec(variant, key, value.getBytes(StandardCharsets.UTF_8), rule);
  }

  JsonBody body(String device, long i) {
    return new JsonBody(device, BASE_NS + i * 1_000_000L, i);
  }

  int pick(int n) {
    return random.nextInt(n);
  }

  static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
