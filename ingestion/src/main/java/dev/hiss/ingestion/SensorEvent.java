package dev.hiss.ingestion;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample of one device: the unit of the sensor event contract (schema version {@value
 * #SCHEMA_VERSION}).
 *
 * <p>On Kafka the record key is the device id and the value is the JSON form written by {@link
 * SensorEventCodec}: {@code {"schemaVersion":1,"deviceId":"ecg-0","timestampNs":...,"seq":0,
 * "channels":{"ecg_mV":-0.245}}}.
 *
 * @param schemaVersion contract version; only {@value #SCHEMA_VERSION} is known
 * @param deviceId device id, 1 to {@value #MAX_DEVICE_ID_LENGTH} characters of {@code
 *     [A-Za-z0-9._:-]}
 * @param timestampNs event time, nanoseconds since the Unix epoch
 * @param seq per-device sequence number (>= 0), or {@code -1} when the device sends none
 * @param channels channel name to value; at least one, every value finite; names 1..64 characters
 *     without control, format (bidi overrides, zero-width) or separator characters
 * @param units optional unit per channel (e.g. {@code "mV"}, 1..16 characters, same character rule
 *     as channel names); keys must be channels of this event
 * @param quality optional quality flags per channel: 0 = good, otherwise a device-specific code in
 *     [1, 65535]; keys must be channels of this event
 */
public record SensorEvent(
    int schemaVersion,
    String deviceId,
    long timestampNs,
    long seq,
    Map<String, Double> channels,
    Map<String, String> units,
    Map<String, Integer> quality) {
  /** The schema version this code writes and reads. */
  public static final int SCHEMA_VERSION = 1;

  /** Longest accepted device id. */
  public static final int MAX_DEVICE_ID_LENGTH = 128;

  /** Validates every field; throws {@link InvalidEventException} naming the field and value. */
  public SensorEvent {
    if (schemaVersion != SCHEMA_VERSION) {
      throw new InvalidEventException(
          ValidationRule.SCHEMA_VERSION,
          "schemaVersion",
          schemaVersion,
          "unknown; this reader knows " + SCHEMA_VERSION);
    }
    if (deviceId == null || deviceId.isEmpty()) {
      throw new InvalidEventException(
          ValidationRule.DEVICE_ID, "deviceId", deviceId, "must be non-empty");
    }
    if (deviceId.length() > MAX_DEVICE_ID_LENGTH) {
      throw new InvalidEventException(
          ValidationRule.DEVICE_ID,
          "deviceId",
          deviceId,
          "is " + deviceId.length() + " characters; at most " + MAX_DEVICE_ID_LENGTH);
    }
    for (int i = 0; i < deviceId.length(); i++) {
      char c = deviceId.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == ':'
              || c == '-';
      if (!ok) {
        throw new InvalidEventException(
            ValidationRule.DEVICE_ID,
            "deviceId",
            deviceId,
            "character " + i + " is not one of [A-Za-z0-9._:-]");
      }
    }
    if (timestampNs <= 0) {
      throw new InvalidEventException(
          ValidationRule.TIMESTAMP, "timestampNs", timestampNs, "must be > 0 (epoch ns)");
    }
    if (seq < -1) {
      throw new InvalidEventException(
          ValidationRule.SEQUENCE, "seq", seq, "must be >= 0 (or absent)");
    }
    if (channels == null || channels.isEmpty()) {
      throw new InvalidEventException(
          ValidationRule.CHANNELS, "channels", channels, "must hold at least one channel");
    }
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : channels.entrySet()) {
      String name = e.getKey();
      if (name == null || name.isEmpty() || name.length() > 64) {
        throw new InvalidEventException(
            ValidationRule.CHANNELS, "channels", name, "channel name must be 1..64 characters");
      }
      int bad = invisibleAt(name);
      if (bad >= 0) {
        throw new InvalidEventException(
            ValidationRule.CHANNELS,
            "channels",
            name,
            "channel name has an invisible or control character at " + bad);
      }
      Double v = e.getValue();
      if (v == null || !Double.isFinite(v)) {
        throw new InvalidEventException(
            ValidationRule.CHANNEL_VALUE, "channels." + name, v, "must be a finite number");
      }
      copy.put(name, v);
    }
    channels = Collections.unmodifiableMap(copy);
    units = units == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(units));
    for (Map.Entry<String, String> u : units.entrySet()) {
      if (!channels.containsKey(u.getKey())) {
        throw new InvalidEventException(
            ValidationRule.CHANNELS, "units." + u.getKey(), u.getValue(), "names no channel");
      }
      String v = u.getValue();
      if (v == null || v.isEmpty() || v.length() > 16 || invisibleAt(v) >= 0) {
        throw new InvalidEventException(
            ValidationRule.CHANNELS,
            "units." + u.getKey(),
            v,
            "must be 1..16 printable characters");
      }
    }
    quality =
        quality == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(quality));
    for (Map.Entry<String, Integer> q : quality.entrySet()) {
      if (!channels.containsKey(q.getKey())) {
        throw new InvalidEventException(
            ValidationRule.CHANNELS, "quality." + q.getKey(), q.getValue(), "names no channel");
      }
      Integer v = q.getValue();
      if (v == null || v < 0 || v > 65535) {
        throw new InvalidEventException(
            ValidationRule.CHANNEL_VALUE, "quality." + q.getKey(), v, "must be in [0, 65535]");
      }
    }
  }

  /**
   * Index of the first character of {@code s} that is a control, format (bidirectional overrides,
   * zero-width characters, byte-order marks), line/paragraph separator or lone surrogate character,
   * or -1 when there is none: such characters make a name print differently from what it is.
   */
  static int invisibleAt(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      switch (Character.getType(cp)) {
        case Character.CONTROL,
        Character.FORMAT,
        Character.SURROGATE,
        Character.LINE_SEPARATOR,
        Character.PARAGRAPH_SEPARATOR:
          return i;
        default:
          i += Character.charCount(cp);
      }
    }
    return -1;
  }

  /** An event without units or quality flags. */
  public SensorEvent(
      int schemaVersion,
      String deviceId,
      long timestampNs,
      long seq,
      Map<String, Double> channels) {
    this(schemaVersion, deviceId, timestampNs, seq, channels, Map.of(), Map.of());
  }

  /** A single-channel event of the current schema version. */
  public static SensorEvent of(String deviceId, long timestampNs, long seq, String ch, double v) {
    return new SensorEvent(SCHEMA_VERSION, deviceId, timestampNs, seq, Map.of(ch, v));
  }

  /** The event time as an instant. */
  public Instant timestamp() {
    return Instant.ofEpochSecond(0, timestampNs);
  }

  /**
   * The value of one channel.
   *
   * @throws InvalidEventException if the event has no such channel
   */
  public double channel(String name) {
    Double v = channels.get(name);
    if (v == null) {
      throw new InvalidEventException(
          ValidationRule.MISSING_CHANNEL,
          "channels." + name,
          null,
          "missing in " + channels.keySet());
    }
    return v;
  }
}
