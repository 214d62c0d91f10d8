package dev.topiary.runtime.data;

import java.io.IOException;

/**
 * Thrown when a file is not a valid IDX file of the kind expected (wrong magic number, truncated
 * data, or images and labels that do not match). The message says what was expected and what was
 * found.
 */
public final class IdxFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message saying what was expected and what was found. */
  public IdxFormatException(String message) {
    super(message);
  }
}
