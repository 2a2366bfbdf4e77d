package dev.hiss.ingestion.hostile;

import dev.hiss.ingestion.ValidationRule;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;

/**
 * One generated hostile Kafka record with the label of what it is and what must catch it.
 *
 * @param index position in the generated sequence
 * @param category what kind of hostility
 * @param variant the specific trick, e.g. {@code "trailing-garbage"}
 * @param key record key bytes (may be null)
 * @param value record value bytes (may be null: a tombstone)
 * @param headers record headers
 * @param expectedRule the validation rule that must reject the record
 */
public record HostileRecord(
    long index,
    HostileCategory category,
    String variant,
    byte[] key,
    byte[] value,
    List<Header> headers,
    ValidationRule expectedRule) {
  /** Bytes of key, value and headers (names and values): what the record costs on the wire. */
  public long sizeBytes() {
    long n = (key == null ? 0 : key.length) + (value == null ? 0 : value.length);
    for (Header h : headers) {
      n += h.key().getBytes(StandardCharsets.UTF_8).length;
      n += h.value() == null ? 0 : h.value().length;
    }
    return n;
  }

  /** {@code category/variant}. */
  public String label() {
    return category + "/" + variant;
  }

  @Override
  public String toString() {
    return "#"
        + index
        + " "
        + label()
        + " ("
        + sizeBytes()
        + " bytes, expect "
        + expectedRule
        + ")";
  }
}
