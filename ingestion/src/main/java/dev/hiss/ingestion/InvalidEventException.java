package dev.hiss.ingestion;

/**
 * A sensor record that breaks the event contract. Carries the {@link ValidationRule}, the offending
 * field and value, so that dead-letter records and error messages say exactly what was wrong:
 * {@code Invalid deviceId = a b; character 1 is not one of [A-Za-z0-9._:-]}.
 */
public final class InvalidEventException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;
  private static final int MAX_VALUE_CHARS = 64;

  private final ValidationRule rule;
  private final String field;
  private final String value;
  private final String requirement;

  /**
   * @param rule the contract rule that failed
   * @param field the contract field, e.g. {@code deviceId} or {@code channels.ecg_mV}
   * @param value the offending value (shortened to 64 characters, control characters escaped)
   * @param requirement what the value must satisfy
   */
  public InvalidEventException(
      ValidationRule rule, String field, Object value, String requirement) {
    super("Invalid " + field + " = " + printable(value) + "; " + requirement);
    this.rule = rule;
    this.field = field;
    this.value = printable(value);
    this.requirement = requirement;
  }

  /** The rule that failed. */
  public ValidationRule rule() {
    return rule;
  }

  /** The contract field that was wrong. */
  public String field() {
    return field;
  }

  /** The offending value, at most 64 characters, control characters escaped. */
  public String value() {
    return value;
  }

  /** What the value must satisfy. */
  public String requirement() {
    return requirement;
  }

  /** A bounded, single-line rendering of a hostile value for messages and headers. */
  static String printable(Object v) {
    String s = String.valueOf(v);
    StringBuilder b = new StringBuilder(Math.min(s.length(), MAX_VALUE_CHARS + 3));
    for (int i = 0; i < s.length() && b.length() < MAX_VALUE_CHARS; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    if (b.length() >= MAX_VALUE_CHARS && s.length() > MAX_VALUE_CHARS) {
      b.setLength(MAX_VALUE_CHARS - 3);
      b.append("...");
    }
    return b.toString();
  }
}
