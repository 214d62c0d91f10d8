package dev.topiary.processor;

import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/** The NOTE printed per model with {@code -Atopiary.verbose=true}: layers, shapes, parameters, FLOPs, size. */
final class ModelNote {
  private ModelNote() {}

  static String of(ModelSpec model) {
    StringBuilder s = new StringBuilder("[Topiary] ").append(model.interfaceName())
        .append(" -> ").append(model.generatedName()).append(": input ")
        .append(model.inputShape()).append('\n');
    for (LayerSpec l : model.layers()) {
      s.append(String.format("  %-12s %-14s %-12s %,10d params%n", l.name(), l.kind().annotation(),
          l.output(), l.parameterCount()));
    }
    return s.append(String.format("  total %,d parameters, %,d FLOPs per example (forward), "
        + "%,d bytes dense float32", model.parameterCount(), 2 * model.macsPerExample(),
        4 * model.parameterCount())).toString();
  }
}
