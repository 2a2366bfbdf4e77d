package dev.hiss.ingestion;

/**
 * The rules of the sensor event contract. Every rejected record names exactly one, in the
 * dead-letter header {@link Topics#HEADER_RULE} and in {@link InvalidEventException#rule()}.
 */
public enum ValidationRule {
  /** The record value is null or larger than the policy's payload limit. */
  PAYLOAD_SIZE,
  /** The value is not a JSON object (syntax error, wrong top-level type, nesting too deep). */
  JSON_SYNTAX,
  /** {@code schemaVersion} is missing or unknown. */
  SCHEMA_VERSION,
  /**
   * {@code deviceId} is missing, empty, too long or has characters outside {@code [A-Za-z0-9._:-]}.
   */
  DEVICE_ID,
  /** The timestamp is missing, malformed, or outside the policy's sane range. */
  TIMESTAMP,
  /** {@code seq} is not a non-negative integer. */
  SEQUENCE,
  /** {@code channels} is missing, empty, has too many entries or a bad channel name. */
  CHANNELS,
  /** A channel value is not a finite number (string, null, NaN, ±Inf, object). */
  CHANNEL_VALUE,
  /** A channel value lies outside the range the policy declares for that channel. */
  CHANNEL_RANGE,
  /** The Kafka record key differs from the event's {@code deviceId}. */
  KEY_MISMATCH,
  /**
   * The device already sent this or a later sequence number (a duplicate or out-of-order record).
   */
  DUPLICATE_SEQUENCE,
  /** The event lacks a channel the consumer (e.g. the scorer's model) needs. */
  MISSING_CHANNEL
}
