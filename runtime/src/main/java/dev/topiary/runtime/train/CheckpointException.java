package dev.topiary.runtime.train;

import java.io.IOException;

/**
 * Thrown when a training checkpoint cannot be resumed: it is not a Topiary checkpoint, has an
 * unsupported version, is truncated, corrupted or too long, or was saved from another network or
 * with another optimizer. The message names the file and says what was expected and found.
 */
public final class CheckpointException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message saying what was expected and what was found. */
  public CheckpointException(String message) {
    super(message);
  }
}
