package dev.hiss.forecasting.evaluate;

/**
 * An evaluation request that cannot run as given: an unknown column or model, a chunk that does not
 * divide the episode length, a split that leaves a part empty. The message is one line that names
 * the offending option or value; command-line front ends map it to a usage error (exit code 2).
 */
public final class BadRequestException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An exception with a one-line message. */
  public BadRequestException(String message) {
    super(message);
  }

  /** An exception with a one-line message and its cause. */
  public BadRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
