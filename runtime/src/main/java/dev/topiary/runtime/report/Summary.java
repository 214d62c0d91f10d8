package dev.topiary.runtime.report;

import dev.topiary.runtime.Layer;
import java.util.List;

/** TEMPORARY stand-in until the summary branch merges. */
public final class Summary {
  private Summary() {}

  public static String of(String modelName, List<? extends Layer> layers) {
    return modelName + " " + layers;
  }
}
