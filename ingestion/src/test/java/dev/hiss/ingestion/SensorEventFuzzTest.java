package dev.hiss.ingestion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Throws 20,000 random and hostile payloads at the validator: truncated and bit-flipped JSON, deep
 * nesting, huge strings and numbers, wrong types, unicode tricks, NaN tokens, random bytes. Every
 * one must either decode to an event that round-trips, or be rejected with an {@link
 * InvalidEventException} naming a rule and carrying a bounded message. Nothing else may escape.
 */
class SensorEventFuzzTest {
  private static final String VALID =
      "{\"schemaVersion\":1,\"deviceId\":\"ecg-0\",\"timestampNs\":1767225600000000000,"
          + "\"seq\":7,\"channels\":{\"ecg_mV\":-0.245,\"t\":36.6}}";

  private static final String[] HOSTILE_VALUES = {
    "null",
    "true",
    "[]",
    "{}",
    "\"\"",
    "\"1\"",
    "-1",
    "0",
    "1e400",
    "-1e400",
    "NaN",
    "Infinity",
    "-Infinity",
    "1.5",
    "99999999999999999999999999999999",
    "\"\\u0000\"",
    "\"\\ud800\"",
    "\"\\u202e\\u200b\"",
    "[[[[[[[[[[[[[[1]]]]]]]]]]]]]]",
    "{\"a\":{\"b\":{\"c\":{}}}}",
    "\"" + "x".repeat(70_000) + "\"",
    "\"<script>alert(1)</script>\"",
    "0x10",
    "01",
    "+1"
  };

  private static final String[] FIELDS = {
    "schemaVersion", "deviceId", "timestampNs", "timestamp", "seq", "channels"
  };

  @Test
  void noHostilePayloadEscapesAsAnythingButAnInvalidEvent() {
    SplittableRandom r = new SplittableRandom(20261127);
    Map<ValidationRule, Integer> byRule = new EnumMap<>(ValidationRule.class);
    int accepted = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] payload = hostile(r, i % 9);
      try {
        SensorEvent e = SensorEventCodec.decode(payload);
        assertEquals(e, SensorEventCodec.decode(SensorEventCodec.encode(e)), "round trip");
        accepted++;
      } catch (InvalidEventException ex) {
        assertNotNull(ex.rule());
        assertTrue(ex.getMessage().length() < 400, "unbounded message: " + ex.getMessage());
        assertTrue(ex.value().length() <= 64);
        assertTrue(ex.getMessage().chars().noneMatch(c -> c == '\n' || c == 0), ex.getMessage());
        byRule.merge(ex.rule(), 1, Integer::sum);
      } catch (RuntimeException | Error other) {
        fail("payload #" + i + " escaped as " + other + ": " + preview(payload), other);
      }
    }
    // the generator must exercise the validator broadly, not only one rule
    assertTrue(accepted > 100, "accepted " + accepted);
    assertTrue(byRule.size() >= 7, "rules hit: " + byRule);
  }

  private static byte[] hostile(SplittableRandom r, int kind) {
    switch (kind) {
      case 0: // random bytes
        byte[] b = new byte[r.nextInt(0, 200)];
        r.nextBytes(b);
        return b;
      case 1: // truncated valid JSON
        return VALID.substring(0, r.nextInt(0, VALID.length())).getBytes(StandardCharsets.UTF_8);
      case 2: // bit flips in valid JSON
        byte[] f = VALID.getBytes(StandardCharsets.UTF_8);
        for (int k = r.nextInt(1, 4); k > 0; k--) {
          f[r.nextInt(f.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return f;
      case 3: // a field replaced by a hostile value
        String field = FIELDS[r.nextInt(FIELDS.length)];
        String value = HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)];
        return replaceField(field, value).getBytes(StandardCharsets.UTF_8);
      case 4: // a channel value replaced by a hostile value
        return VALID
            .replace("-0.245", HOSTILE_VALUES[r.nextInt(HOSTILE_VALUES.length)])
            .getBytes(StandardCharsets.UTF_8);
      case 5: // deep nesting
        int depth = r.nextInt(1, 5000);
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.UTF_8);
      case 6: // device ids with unicode tricks, markup and control characters
        String[] ids = {
          "dev\u202eice", "d\u0000", "<script>", "a".repeat(129), "ok-1", "é", "\ud83d"
        };
        return replaceField("deviceId", "\"" + ids[r.nextInt(ids.length)] + "\"")
            .getBytes(StandardCharsets.UTF_8);
      case 7: // many channels, duplicate keys
        StringBuilder ch = new StringBuilder("{");
        int n = r.nextInt(1, 400);
        for (int k = 0; k < n; k++) {
          ch.append(k == 0 ? "" : ",").append("\"c").append(r.nextInt(300)).append("\":").append(k);
        }
        return replaceField("channels", ch.append('}').toString()).getBytes(StandardCharsets.UTF_8);
      default: // valid, with random but legal values: must be accepted
        return SensorEventCodec.encode(
            SensorEvent.of(
                "d-" + r.nextInt(1000),
                1_767_225_600_000_000_000L + r.nextLong(1_000_000_000_000L),
                r.nextInt(1_000_000),
                "x",
                r.nextGaussian() * 1e3));
    }
  }

  private static String replaceField(String field, String value) {
    String key = "\"" + field + "\":";
    int start = VALID.indexOf(key);
    if (start < 0) {
      return VALID.substring(0, VALID.length() - 1) + "," + key + value + "}";
    }
    int from = start + key.length();
    int end = field.equals("channels") ? VALID.indexOf('}', from) + 1 : VALID.indexOf(',', from);
    return VALID.substring(0, from) + value + VALID.substring(end);
  }

  private static String preview(byte[] b) {
    String s = new String(b, StandardCharsets.UTF_8);
    return s.length() > 120 ? s.substring(0, 120) + "..." : s;
  }
}
