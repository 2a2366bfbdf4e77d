package dev.hiss.ingestion.hostile.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sensor event as raw JSON members, so that any member can be replaced by hostile JSON text
 * (which an object mapper would refuse to write): starts as a valid event of one {@code x} channel.
 */
public final class JsonBody {
  private final Map<String, String> members = new LinkedHashMap<>();

  /** A valid event of {@code device} at {@code timestampNs} with sequence number {@code seq}. */
  public JsonBody(String device, long timestampNs, long seq) {
    members.put("schemaVersion", "1");
    members.put("deviceId", quote(device));
    members.put("timestampNs", Long.toString(timestampNs));
    members.put("seq", Long.toString(seq));
    members.put("channels", "{\"x\":1.5,\"y\":-2}");
  }

  /** Sets member {@code name} to the raw JSON text {@code json}; null removes it. */
  public JsonBody set(String name, String json) {
    if (json == null) {
      members.remove(name);
    } else {
      members.put(name, json);
    }
    return this;
  }

  /** The JSON text. */
  public String json() {
    StringBuilder b = new StringBuilder("{");
    members.forEach(
        (k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(v));
    return b.append('}').toString();
  }

  /** The JSON text as UTF-8. */
  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code s} as a JSON string literal: quotes, backslashes, control characters and every surrogate
   * are escaped (so lone surrogates survive UTF-8); everything else, bidi overrides included, is
   * written as is.
   */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }

  /** {@code open} nested {@code depth} times around {@code inner}, closed by {@code close}. */
  public static String nest(String open, String inner, String close, int depth) {
    StringBuilder b = new StringBuilder(depth * (open.length() + close.length()) + inner.length());
    b.append(open.repeat(depth)).append(inner).append(close.repeat(depth));
    return b.toString();
  }
}
