package dev.topiary.runtime.io;

import dev.topiary.runtime.internal.Parameter;
import java.io.File;
import java.io.IOException;

/** TEMPORARY stand-in until the model-file branch merges. */
public final class ModelFile {
  private ModelFile() {}

  public static void write(File file, String modelName, String fingerprint, Parameter[] params)
      throws IOException {
    throw new IOException("not yet");
  }

  public static void read(File file, String modelName, String fingerprint, Parameter[] params)
      throws IOException {
    throw new IOException("not yet");
  }
}
