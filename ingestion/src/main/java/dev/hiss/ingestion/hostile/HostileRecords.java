package dev.hiss.ingestion.hostile;

import static dev.hiss.ingestion.hostile.internal.JsonBody.nest;
import static dev.hiss.ingestion.hostile.internal.JsonBody.quote;

import dev.hiss.ingestion.ValidationPolicy;
import dev.hiss.ingestion.ValidationRule;
import dev.hiss.ingestion.hostile.internal.JsonBody;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/**
 * A seeded, endless generator of hostile sensor records: the categories of {@link HostileCategory}
 * in turn, each record labelled with its variant and the {@link ValidationRule} that must reject it
 * under the given {@link ValidationPolicy}. The same seed gives the same records. Records are made
 * one at a time, so memory stays bounded however many are drawn.
 *
 * <p>Every {@code giantPeriod}-th record of the categories {@code HUGE_PAYLOAD}, {@code
 * HUGE_DEVICE_ID} and {@code HEADER_ABUSE} is a giant: a 10 MB device id, a value of 4 MB, a value
 * or a header that brings the record to 200 bytes under {@code brokerLimitBytes} (so that it is
 * accepted by the broker, but would not be if its dead letter repeated it verbatim).
 */
public final class HostileRecords implements Iterator<HostileRecord> {
  private static final HostileCategory[] CATEGORIES = HostileCategory.values();
  private static final long BASE_NS = 1_767_225_600_000_000_000L; // 2026-01-01

  private final SplittableRandom random;
  private final ValidationPolicy policy;
  private final int giantPeriod;
  private final int brokerLimitBytes;
  private long index;

  /**
   * @param seed random seed
   * @param policy the policy the records are labelled for (payload limit, channel limit)
   * @param giantPeriod one giant per this many records of a giant category (0 = no giants)
   * @param brokerLimitBytes the broker's record size limit the near-limit giants aim under
   */
  public HostileRecords(long seed, ValidationPolicy policy, int giantPeriod, int brokerLimitBytes) {
    if (giantPeriod < 0) {
      throw new IllegalArgumentException("Invalid giantPeriod = " + giantPeriod + "; must be >= 0");
    }
    if (brokerLimitBytes < 4096) {
      throw new IllegalArgumentException(
          "Invalid brokerLimitBytes = " + brokerLimitBytes + "; must be >= 4096");
    }
    this.random = new SplittableRandom(seed);
    this.policy = policy;
    this.giantPeriod = giantPeriod;
    this.brokerLimitBytes = brokerLimitBytes;
  }

  /** Default policy, a giant every 100 records of a giant category, a 1 MiB broker limit. */
  public HostileRecords(long seed) {
    this(seed, ValidationPolicy.DEFAULT, 100, 1024 * 1024);
  }

  @Override
  public boolean hasNext() {
    return true;
  }

  @Override
  public HostileRecord next() {
    long i = index++;
    HostileCategory c = CATEGORIES[(int) (i % CATEGORIES.length)];
    long k = i / CATEGORIES.length;
    boolean giant = giantPeriod > 0 && k % giantPeriod == giantPeriod - 1;
    int which = (int) ((k / Math.max(giantPeriod, 1)) % 2);
    String device = "h-" + (i % 97);
    Spec s =
        switch (c) {
          case MALFORMED_JSON -> malformed(device, i);
          case DEEP_NESTING -> deep(device, i);
          case HUGE_PAYLOAD -> giant ? giantPayload(device, i, which) : huge(device, i);
          case NON_FINITE -> nonFinite(device, i);
          case WRONG_TYPES -> wrongType(device, i);
          case EXTREME_TIMESTAMP -> extremeTime(device, i);
          case HUGE_DEVICE_ID -> hugeId(i, giant);
          case UNICODE_TRICKS -> unicode(i);
          case HEADER_ABUSE -> headers(device, i, giant);
          case KEY_ABUSE -> key(i);
        };
    ValidationRule rule =
        s.value != null && s.value.length > policy.maxPayloadBytes()
            ? ValidationRule.PAYLOAD_SIZE
            : s.rule;
    return new HostileRecord(i, c, s.variant, s.key, s.value, s.headers, rule);
  }

  private record Spec(
      String variant, byte[] key, byte[] value, List<Header> headers, ValidationRule rule) {}

  private static Spec spec(String variant, String key, byte[] value, ValidationRule rule) {
    byte[] k = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    return new Spec(variant, k, value, List.of(), rule);
  }

  private static Spec spec(String variant, String key, String value, ValidationRule rule) {
    return spec(variant, key, value.getBytes(StandardCharsets.UTF_8), rule);
  }

  private JsonBody body(String device, long i) {
    return new JsonBody(device, BASE_NS + i * 1_000_000L, i);
  }

  private int pick(int n) {
    return random.nextInt(n);
  }

  private Spec malformed(String d, long i) {
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

  private Spec deep(String d, long i) {
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

  private Spec huge(String d, long i) {
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

  private Spec giantPayload(String d, long i, int which) {
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

  private Spec nonFinite(String d, long i) {
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

  private Spec wrongType(String d, long i) {
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

  private Spec extremeTime(String d, long i) {
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

  private Spec hugeId(long i, boolean giant) {
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

  private Spec unicode(long i) {
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

  private Spec headers(String d, long i, boolean giant) {
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

  private Spec key(long i) {
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

  private static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "...";
  }
}
