package dev.topiary.runtime.io;

import java.io.IOException;

/**
 * Thrown when a model file cannot be loaded into a network: it is not a Topiary model file, has an
 * unsupported version or encoding, holds another network or architecture, is truncated or is
 * corrupted. The message names the file and says what was expected and what was found.
 */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message saying what was expected and what was found. */
  public ModelFileException(String message) {
    super(message);
  }
}
