package dev.hiss.ingestion;

/** Default topic names and the record header names of the dead-letter contract. */
public final class Topics {
  /** Raw sensor events; key = device id, value = {@link SensorEventCodec} JSON. */
  public static final String SENSORS = "hiss.sensors";

  /**
   * Rejected records: the original key, value and headers (bounded by {@link DeadLetter}), plus the
   * reason headers below.
   */
  public static final String DEAD_LETTER = "hiss.sensors.dlq";

  /** Ground truth of simulated devices (same contract as sensors, same device and seq). */
  public static final String TRUTH = "hiss.truth";

  /** Anomaly alerts; key = device id. */
  public static final String ALERTS = "hiss.alerts";

  /** Predictions of the streaming scorer; key = device id. */
  public static final String PREDICTIONS = "hiss.predictions";

  /** Header on every sensor record: the contract's schema version. */
  public static final String HEADER_SCHEMA = "hiss.schema";

  /** Dead-letter header: the {@link ValidationRule} that failed. */
  public static final String HEADER_RULE = "hiss.dlq.rule";

  /** Dead-letter header: the contract field that was wrong. */
  public static final String HEADER_FIELD = "hiss.dlq.field";

  /** Dead-letter header: the full reason. */
  public static final String HEADER_REASON = "hiss.dlq.reason";

  /** Dead-letter header: the component that rejected the record. */
  public static final String HEADER_SOURCE = "hiss.dlq.source";

  /**
   * Dead-letter header, present only when the rejected record was too large to repeat verbatim:
   * what {@link DeadLetter} cut, e.g. {@code value 1048000 bytes; 3 of 900 headers}.
   */
  public static final String HEADER_TRUNCATED = "hiss.dlq.truncated";

  private Topics() {}
}
