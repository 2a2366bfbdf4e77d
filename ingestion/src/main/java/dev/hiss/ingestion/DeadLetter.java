package dev.hiss.ingestion;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps dead-letter records bounded and their reason headers authoritative, whatever the rejected
 * record carried.
 *
 * <p>A dead-letter record repeats the original key, value and headers and adds the reason headers
 * of {@link Topics}. Repeated verbatim, a rejected record close to the broker's {@code
 * max.message.bytes} would grow past it and the dead-letter write itself would fail (in Kafka
 * Streams: the stream thread dies). So the original value is kept up to {@value #MAX_VALUE_BYTES}
 * bytes, the key up to {@value #MAX_KEY_BYTES} bytes, and the original headers up to {@value
 * #MAX_HEADERS} headers of {@value #MAX_HEADER_BYTES} bytes in all; whatever was cut is named in
 * header {@link Topics#HEADER_TRUNCATED}. Original headers in the reserved {@code hiss.dlq.}
 * namespace are dropped, so that a producer cannot spoof the rule or reason of its own record.
 */
public final class DeadLetter {
  /** Most bytes of the original value a dead-letter record keeps. */
  public static final int MAX_VALUE_BYTES = 64 * 1024;

  /** Most bytes (UTF-8) of the original key a dead-letter record keeps. */
  public static final int MAX_KEY_BYTES = 1024;

  /** Most original headers a dead-letter record keeps. */
  public static final int MAX_HEADERS = 64;

  /** Most bytes (names and values) of original headers a dead-letter record keeps. */
  public static final int MAX_HEADER_BYTES = 16 * 1024;

  /** Prefix of the dead-letter headers; originals with it are dropped. */
  public static final String RESERVED_PREFIX = "hiss.dlq.";

  /** One record header; {@code value} may be null (Kafka allows it). */
  public record Header(String key, byte[] value) {
    int size() {
      return key.getBytes(StandardCharsets.UTF_8).length + (value == null ? 0 : value.length);
    }
  }

  /**
   * What a dead-letter record carries of its original.
   *
   * @param key the key, at most {@value #MAX_KEY_BYTES} bytes (null if the original had none)
   * @param value the value, at most {@value #MAX_VALUE_BYTES} bytes (null if the original had none)
   * @param headers the kept original headers
   * @param truncated what was cut, e.g. {@code "value 1048000 bytes; 3 headers"}, or null
   */
  public record Bounded(byte[] key, byte[] value, List<Header> headers, String truncated) {}

  private DeadLetter() {}

  /** Bounds a record with a byte-array key (as the lake job reads it). */
  public static Bounded bound(byte[] key, byte[] value, List<Header> headers) {
    List<String> cut = new ArrayList<>();
    byte[] k = key;
    if (key != null && key.length > MAX_KEY_BYTES) {
      k = Arrays.copyOf(key, MAX_KEY_BYTES);
      cut.add("key " + key.length + " bytes");
    }
    byte[] v = value;
    if (value != null && value.length > MAX_VALUE_BYTES) {
      v = Arrays.copyOf(value, MAX_VALUE_BYTES);
      cut.add("value " + value.length + " bytes");
    }
    List<Header> kept = new ArrayList<>();
    int bytes = 0;
    int dropped = 0;
    int reserved = 0;
    for (Header h : headers) {
      if (h.key().startsWith(RESERVED_PREFIX)) {
        reserved++;
      } else if (kept.size() < MAX_HEADERS && bytes + h.size() <= MAX_HEADER_BYTES) {
        kept.add(h);
        bytes += h.size();
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      cut.add(dropped + " of " + headers.size() + " headers");
    }
    if (reserved > 0) {
      cut.add(reserved + " spoofed " + RESERVED_PREFIX + "* headers");
    }
    return new Bounded(k, v, kept, cut.isEmpty() ? null : String.join("; ", cut));
  }

  /**
   * A key (as the scorer reads it) of at most {@value #MAX_KEY_BYTES} UTF-8 bytes: the longest
   * prefix that fits, never splitting a character.
   */
  public static String boundKey(String key) {
    if (key == null || key.length() * 3L <= MAX_KEY_BYTES) {
      return key; // fast path: 3 bytes per UTF-16 char at most
    }
    int bytes = 0;
    int end = 0;
    while (end < key.length()) {
      int cp = key.codePointAt(end);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > MAX_KEY_BYTES) {
        break;
      }
      bytes += n;
      end += Character.charCount(cp);
    }
    return end == key.length() ? key : key.substring(0, end);
  }
}
