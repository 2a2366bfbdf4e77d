package dev.hiss.ingestion.hostile;

/** The kinds of hostile sensor record {@link HostileRecords} generates. */
public enum HostileCategory {
  /** Truncated, garbage, trailing data, repeated keys, comments, bad UTF-8, wrong top level. */
  MALFORMED_JSON,
  /** Arrays and objects nested far beyond the contract's two levels. */
  DEEP_NESTING,
  /** Oversized values, thousands of channels, giant strings and number literals. */
  HUGE_PAYLOAD,
  /** NaN and Infinity as tokens, strings and overflowing literals. */
  NON_FINITE,
  /** Every field given a value of the wrong JSON type. */
  WRONG_TYPES,
  /** Timestamps at and beyond the epoch-nanosecond range, before 2000, far in the future. */
  EXTREME_TIMESTAMP,
  /** Device ids from 129 characters to 10 MB. */
  HUGE_DEVICE_ID,
  /** Bidi overrides, zero-width and NUL characters, homoglyphs, markup in ids and names. */
  UNICODE_TRICKS,
  /** Huge, duplicate, binary, null and spoofed dead-letter Kafka headers on a bad record. */
  HEADER_ABUSE,
  /** A valid event under a Kafka key that is not its device id (lookalike, binary, huge). */
  KEY_ABUSE
}
