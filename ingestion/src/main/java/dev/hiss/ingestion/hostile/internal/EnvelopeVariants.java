package dev.hiss.ingestion.hostile.internal;

import static dev.hiss.ingestion.hostile.internal.JsonBody.quote;

import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Hostile identities and envelopes: huge and tricky device ids, headers, keys. */
public final class EnvelopeVariants extends Variants {
  public EnvelopeVariants(SplittableRandom random, ValidationPolicy policy, int brokerLimitBytes) {
    super(random, policy, brokerLimitBytes);
  }

  public Spec hugeId(long i, boolean giant) {
    int n =
        giant
            ? 10 * 1024 * 1024
            : new int[] {129, 1000, 40_000, policy.maxPayloadBytes() + 1}[pick(4)];
    String id = "d".repeat(n);
    return spec("device-id-" + n, id, body(id, i).bytes(), ValidationRule.DEVICE_ID);
  }

  private static final String[] TRICKY_IDS = {
    "ecg\u202e0-gce", "ecg\u200b-0", "\ufeffecg-0", "ecg-0\u0000", "\u0435cg-0", "\uff45cg-0",
    "ecg-0\u0301", "\ud800", "\ud83d\ude00", "\u0661\u0662", "ecg\n0", "<script>alert(1)</script>",
    "../../etc/passwd", "ecg 0", "ecg-0\u2028", "\u2066ecg\u2069", "e\u00adcg",
        "<img src=x onerror=alert(1)>"
  };

  public Spec unicode(long i) {
    int t = pick(TRICKY_IDS.length + 4);
    if (t < TRICKY_IDS.length) {
      String id = TRICKY_IDS[t];
      return spec(
          "device-id-" + t, id, new JsonBody(id, BASE_NS + i, i).bytes(), ValidationRule.DEVICE_ID);
    }
    String d = "u-" + (i % 97);
    JsonBody b = body(d, i);
    return switch (t - TRICKY_IDS.length) {
      case 0 ->
          spec(
              "channel-bidi",
              d,
              b.set("channels", "{\"x\u202e\":1}").bytes(),
              ValidationRule.CHANNELS);
      case 1 ->
          spec(
              "channel-zero-width",
              d,
              b.set("channels", "{" + quote("x\u200b") + ":1}").bytes(),
              ValidationRule.CHANNELS);
      case 2 ->
          spec(
              "channel-nul",
              d,
              b.set("channels", "{\"\\u0000\":1}").bytes(),
              ValidationRule.CHANNELS);
      default ->
          spec(
              "unit-bidi",
              d,
              b.set("units", "{\"x\":\"m\u202eV\"}").bytes(),
              ValidationRule.CHANNELS);
    };
  }

  public Spec headers(String d, long i, boolean giant) {
    byte[] value = body(d, i).set("deviceId", "\"a b\"").bytes(); // DEVICE_ID
    List<Header> h = new ArrayList<>();
    String variant;
    if (giant) {
      variant = "giant-header";
      int room = brokerLimitBytes - 200 - value.length - d.length() - 8;
      h.add(new RecordHeader("x-giant", new byte[room]));
    } else {
      switch (pick(6)) {
        case 0 -> {
          variant = "duplicates";
          for (int n = 0; n < 1000; n++) {
            h.add(new RecordHeader("x-dup", new byte[] {(byte) n}));
          }
        }
        case 1 -> {
          variant = "binary";
          for (int n = 0; n < 20; n++) {
            byte[] b = new byte[pick(1000)];
            random.nextBytes(b);
            h.add(new RecordHeader("x-bin-" + n, b));
          }
        }
        case 2 -> {
          variant = "huge";
          h.add(new RecordHeader("x-huge", new byte[100_000 + pick(400_000)]));
        }
        case 3 -> {
          variant = "spoofed-dead-letter";
          h.add(new RecordHeader("hiss.dlq.rule", "NONE".getBytes(StandardCharsets.UTF_8)));
          h.add(
              new RecordHeader(
                  "hiss.dlq.reason", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
          h.add(new RecordHeader("hiss.dlq.source", "trusted".getBytes(StandardCharsets.UTF_8)));
        }
        case 4 -> {
          variant = "null-values";
          h.add(new RecordHeader("x-null", null));
          h.add(new RecordHeader("hiss.schema", null));
        }
        default -> {
          variant = "hostile-names";
          h.add(new RecordHeader("x\u202e\u0000\n", new byte[] {1}));
          h.add(new RecordHeader("k".repeat(10_000), new byte[] {2}));
          h.add(new RecordHeader("", new byte[] {3}));
        }
      }
    }
    return new Spec(
        variant, d.getBytes(StandardCharsets.UTF_8), value, h, ValidationRule.DEVICE_ID);
  }

  public Spec key(long i) {
    String d = "k-" + (i % 97);
    byte[] v = body(d, i).bytes();
    byte[] key;
    String variant;
    switch (pick(8)) {
      case 0 -> {
        variant = "other-device";
        key = ("k-" + (i % 97 + 1)).getBytes(StandardCharsets.UTF_8);
      }
      case 1 -> {
        variant = "nul-suffix";
        key = (d + "\u0000").getBytes(StandardCharsets.UTF_8);
      }
      case 2 -> {
        variant = "bidi";
        key = ("\u202e" + d).getBytes(StandardCharsets.UTF_8);
      }
      case 3 -> {
        variant = "case";
        key = d.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8);
      }
      case 4 -> {
        variant = "huge";
        key = (d + "k".repeat(50_000)).getBytes(StandardCharsets.UTF_8);
      }
      case 5 -> {
        variant = "binary";
        key = new byte[1 + pick(64)];
        random.nextBytes(key);
        key[0] = (byte) 0xff; // never valid UTF-8, never the device id
      }
      case 6 -> {
        variant = "empty";
        key = new byte[0];
      }
      default -> {
        variant = "trailing-space";
        key = (d + " ").getBytes(StandardCharsets.UTF_8);
      }
    }
    return new Spec(variant, key, v, List.of(), ValidationRule.KEY_MISMATCH);
  }
}
