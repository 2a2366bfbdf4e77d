package dev.hiss.model.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be used: corrupted, truncated, of another kind or a newer format. */
public final class InvalidModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  public InvalidModelFileException(Path file, String reason) {
    super("Refused model file " + file + ": " + reason);
  }
}
