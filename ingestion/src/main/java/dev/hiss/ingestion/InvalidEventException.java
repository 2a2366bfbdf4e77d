package dev.hiss.ingestion;

/**
 * A sensor record that breaks the event contract. Carries the offending field and value so that
 * dead-letter records and error messages say exactly what was wrong.
 */
public final class InvalidEventException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String value;
  private final String rule;

  /**
   * @param field the contract field, e.g. {@code deviceId} or {@code channels.ecg_mV}
   * @param value the offending value (shortened to 64 characters in the message)
   * @param rule what the value must satisfy
   */
  public InvalidEventException(String field, Object value, String rule) {
    super("Invalid " + field + " = " + shorten(String.valueOf(value)) + "; " + rule);
    this.field = field;
    this.value = shorten(String.valueOf(value));
    this.rule = rule;
  }

  /** The contract field that was wrong. */
  public String field() {
    return field;
  }

  /** The offending value, at most 64 characters. */
  public String value() {
    return value;
  }

  /** What the value must satisfy. */
  public String rule() {
    return rule;
  }

  private static String shorten(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
