package dev.hiss.ingestion.hostile.internal;

import static dev.hiss.ingestion.hostile.internal.JsonBody.nest;
import static dev.hiss.ingestion.hostile.internal.JsonBody.quote;

import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Hostile record values: bad JSON, nesting, size, non-finite numbers, types, timestamps. */
public final class PayloadVariants extends Variants {
  public PayloadVariants(SplittableRandom random, ValidationPolicy policy, int brokerLimitBytes) {
    super(random, policy, brokerLimitBytes);
  }

  public Spec malformed(String d, long i) {
    String valid = body(d, i).json();
    ValidationRule syntax = ValidationRule.JSON_SYNTAX;
    return switch (pick(14)) {
      case 0 -> spec("truncated", d, valid.substring(0, pick(valid.length())), syntax);
      case 1 -> {
        byte[] b = new byte[1 + pick(300)];
        random.nextBytes(b);
        b[0] =
            (byte) "#)]}x\u0007;'<".charAt(pick(9)); // never '{', whitespace or a byte-order mark
        yield new Spec("random-bytes", d.getBytes(StandardCharsets.UTF_8), b, List.of(), syntax);
      }
      case 2 -> spec("trailing-garbage", d, valid + "garbage", syntax);
      case 3 -> spec("two-objects", d, valid + valid, syntax);
      case 4 ->
          spec("duplicate-deviceId", d, "{\"deviceId\":\"other\"," + valid.substring(1), syntax);
      case 5 ->
          spec("duplicate-channel", d, valid.replace("\"x\":1.5", "\"x\":1.5,\"x\":9"), syntax);
      case 6 -> spec("single-quotes", d, valid.replace('"', '\''), syntax);
      case 7 -> spec("comment", d, valid.replace(",", ",/* hi */"), syntax);
      case 8 -> spec("unquoted-keys", d, valid.replace("\"seq\"", "seq"), syntax);
      case 9 -> {
        byte[] raw = valid.replace(d, d + "\u0001" + d).getBytes(StandardCharsets.UTF_8);
        yield spec("raw-control-char", d, raw, syntax);
      }
      case 10 -> {
        byte[] v = valid.getBytes(StandardCharsets.UTF_8);
        int at = valid.indexOf(d); // inside the device id string
        v[at] = (byte) (0x80 | pick(0x40)); // a continuation byte without a lead byte
        yield spec("invalid-utf8", d, v, syntax);
      }
      case 11 -> {
        byte[] v = valid.getBytes(StandardCharsets.UTF_8);
        int at = valid.indexOf(d);
        v[at] = (byte) 0xc1; // overlong 2-byte form of 'a' (0x61): a lenient decoder reads "a"
        v[at + 1] = (byte) 0xa1;
        yield spec("overlong-utf8", d, v, syntax);
      }
      case 12 -> spec("utf16", d, valid.getBytes(StandardCharsets.UTF_16BE), syntax);
      default -> {
        String[] top = {"", "null", "true", "[]", "[1,2]", "\"text\"", "42", "{}"};
        int t = pick(top.length);
        ValidationRule r = t == top.length - 1 ? ValidationRule.SCHEMA_VERSION : syntax;
        yield spec("top-level-" + t, d, top[t], r);
      }
    };
  }

  public Spec deep(String d, long i) {
    int depth = 9 + pick(40_000);
    return switch (pick(4)) {
      case 0 -> spec("arrays-" + depth, d, nest("[", "", "]", depth), ValidationRule.JSON_SYNTAX);
      case 1 ->
          spec("objects-" + depth, d, nest("{\"a\":", "1", "}", depth), ValidationRule.JSON_SYNTAX);
      case 2 -> {
        // root object (1) + channels (2) + n arrays: within MAX_NESTING = 8 the value is merely
        // not a number
        int n = 1 + pick(12);
        ValidationRule r = 2 + n > 8 ? ValidationRule.JSON_SYNTAX : ValidationRule.CHANNEL_VALUE;
        String ch = "{\"x\":" + nest("[", "1", "]", n) + "}";
        yield spec("in-channel-" + n, d, body(d, i).set("channels", ch).bytes(), r);
      }
      default -> {
        String extra = nest("{\"a\":", "1", "}", depth);
        yield spec(
            "in-extra-member-" + depth,
            d,
            body(d, i).set("extra", extra).bytes(),
            ValidationRule.JSON_SYNTAX);
      }
    };
  }

  public Spec huge(String d, long i) {
    int limit = policy.maxPayloadBytes();
    return switch (pick(6)) {
      case 0 -> {
        int size = limit + 1 + pick(3 * limit);
        String pad = "p".repeat(size);
        yield spec(
            "oversize-" + size,
            d,
            body(d, i).set("pad", quote(pad)).bytes(),
            ValidationRule.PAYLOAD_SIZE);
      }
      case 1 -> {
        int n = policy.maxChannels() + 1 + pick(2000);
        StringBuilder ch = new StringBuilder("{");
        for (int c = 0; c < n; c++) {
          ch.append(c == 0 ? "" : ",").append("\"c").append(c).append("\":").append(c);
        }
        yield spec(
            "channels-" + n,
            d,
            body(d, i).set("channels", ch + "}").bytes(),
            ValidationRule.CHANNELS);
      }
      case 2 -> {
        String name = "n".repeat(65 + pick(limit / 2));
        String ch = "{" + quote(name) + ":1}";
        yield spec(
            "channel-name-" + name.length(),
            d,
            body(d, i).set("channels", ch).bytes(),
            ValidationRule.CHANNELS);
      }
      case 3 -> {
        String ch = "{\"x\":" + quote("v".repeat(1 + pick(limit / 2))) + "}";
        yield spec(
            "string-value",
            d,
            body(d, i).set("channels", ch).bytes(),
            ValidationRule.CHANNEL_VALUE);
      }
      case 4 -> {
        int digits = 401 + pick(20_000);
        String ch = "{\"x\":" + "9".repeat(digits) + "}";
        yield spec(
            "number-literal-" + digits,
            d,
            body(d, i).set("channels", ch).bytes(),
            ValidationRule.JSON_SYNTAX);
      }
      default -> {
        String units = "{\"x\":" + quote("u".repeat(17 + pick(limit / 2))) + "}";
        yield spec("unit", d, body(d, i).set("units", units).bytes(), ValidationRule.CHANNELS);
      }
    };
  }

  public Spec giantPayload(String d, long i, int which) {
    if (which == 0) {
      int size = 4 * 1024 * 1024;
      return spec(
          "giant-4MB",
          d,
          body(d, i).set("pad", quote("p".repeat(size))).bytes(),
          ValidationRule.PAYLOAD_SIZE);
    }
    String prefix = body(d, i).set("pad", "\"").json();
    int room = brokerLimitBytes - 200 - d.length() - prefix.length() - 2;
    String v = prefix + "p".repeat(room) + "\"}";
    return spec("near-broker-limit", d, v, ValidationRule.PAYLOAD_SIZE);
  }

  public Spec nonFinite(String d, long i) {
    JsonBody b = body(d, i);
    return switch (pick(8)) {
      case 0 ->
          spec(
              "NaN-token", d, b.set("channels", "{\"x\":NaN}").bytes(), ValidationRule.JSON_SYNTAX);
      case 1 ->
          spec(
              "Infinity-token",
              d,
              b.set("channels", "{\"x\":-Infinity}").bytes(),
              ValidationRule.JSON_SYNTAX);
      case 2 ->
          spec(
              "NaN-string",
              d,
              b.set("channels", "{\"x\":\"NaN\"}").bytes(),
              ValidationRule.CHANNEL_VALUE);
      case 3 -> {
        String[] big = {"1e400", "-1e999", "1.8e308", "9".repeat(310)};
        String v = big[pick(big.length)];
        yield spec(
            "overflow-" + v.length(),
            d,
            b.set("channels", "{\"x\":" + v + "}").bytes(),
            ValidationRule.CHANNEL_VALUE);
      }
      case 4 ->
          spec(
              "overflow-second-channel",
              d,
              b.set("channels", "{\"x\":1,\"y\":1e309}").bytes(),
              ValidationRule.CHANNEL_VALUE);
      case 5 ->
          spec(
              "quality-infinite",
              d,
              b.set("quality", "{\"x\":1e400}").bytes(),
              ValidationRule.CHANNEL_VALUE);
      case 6 ->
          spec(
              "timestamp-infinite",
              d,
              b.set("timestampNs", "1e400").bytes(),
              ValidationRule.TIMESTAMP);
      default -> spec("seq-infinite", d, b.set("seq", "-1e400").bytes(), ValidationRule.SEQUENCE);
    };
  }

  public Spec wrongType(String d, long i) {
    JsonBody b = body(d, i);
    String[] wrong = {"\"1\"", "true", "null", "[1]", "{\"v\":1}", "1.5"};
    String w = wrong[pick(wrong.length)];
    return switch (pick(7)) {
      case 0 ->
          spec(
              "schemaVersion=" + w,
              d,
              b.set("schemaVersion", w).bytes(),
              ValidationRule.SCHEMA_VERSION);
      case 1 ->
          spec(
              "deviceId=" + w,
              d,
              b.set("deviceId", w.equals("\"1\"") ? "1" : w).bytes(),
              ValidationRule.DEVICE_ID);
      case 2 ->
          spec("timestampNs=" + w, d, b.set("timestampNs", w).bytes(), ValidationRule.TIMESTAMP);
      case 3 -> {
        String v = w.equals("null") ? "-5" : w; // a null seq means "none": a negative one instead
        yield spec("seq=" + v, d, b.set("seq", v).bytes(), ValidationRule.SEQUENCE);
      }
      case 4 -> {
        String v = w.equals("{\"v\":1}") ? "[{\"v\":1}]" : w;
        yield spec("channels=" + v, d, b.set("channels", v).bytes(), ValidationRule.CHANNELS);
      }
      case 5 -> {
        String v = w.equals("1.5") ? "\"1.5\"" : w;
        yield spec(
            "channel-value=" + v,
            d,
            b.set("channels", "{\"x\":" + v + "}").bytes(),
            ValidationRule.CHANNEL_VALUE);
      }
      default ->
          spec(
              "units=" + w,
              d,
              b.set("units", w.equals("null") ? "7" : w).bytes(),
              ValidationRule.CHANNELS);
    };
  }

  public Spec extremeTime(String d, long i) {
    JsonBody b = body(d, i);
    long now = System.currentTimeMillis() * 1_000_000L;
    String[] ns = {
      "0",
      "-1",
      Long.toString(Long.MIN_VALUE),
      Long.toString(Long.MAX_VALUE),
      "1",
      "946684799999999999",
      Long.toString(now + 3 * 86_400_000_000_000L),
      "9223372036854775808",
      "1e19",
      "-1e300"
    };
    String[] iso = {
      "+294247-01-10T04:00:54.775807Z",
      "-1000000000-01-01T00:00:00Z",
      "+1000000000-12-31T23:59:59Z",
      "2026-02-30T00:00:00Z",
      "1999-12-31T23:59:59Z",
      "2262-04-12T00:00:00Z",
      "yesterday",
      "2026-01-01T00:00:00Z" + "0".repeat(2000),
      "1970-01-01T00:00:00Z"
    };
    if (pick(2) == 0) {
      String v = ns[pick(ns.length)];
      return spec(
          "timestampNs=" + abbreviate(v),
          d,
          b.set("timestampNs", v).bytes(),
          ValidationRule.TIMESTAMP);
    }
    String v = iso[pick(iso.length)];
    return spec(
        "timestamp=" + abbreviate(v),
        d,
        b.set("timestampNs", null).set("timestamp", quote(v)).bytes(),
        ValidationRule.TIMESTAMP);
  }
}
