package dev.topiary.processor.write;

import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;

/**
 * The architecture description a model file must match: every layer's kind, options and shapes,
 * readable so that a mismatch message can show both.
 */
final class Fingerprint {
  private Fingerprint() {}

  /** e.g. {@code input 28x28x1; conv Conv2D 32 k3x3 s1x1 VALID RELU bias -> 26x26x32; ...} */
  static String of(ModelSpec model) {
    StringBuilder s = new StringBuilder("input ").append(model.inputShape());
    for (LayerSpec l : model.layers()) {
      s.append("; ").append(l.name()).append(' ').append(l.kind().annotation());
      switch (l.kind()) {
        case CONV2D -> s.append(' ').append(l.size()).append(" k").append(pair(l.window()))
            .append(" s").append(pair(l.strides())).append(' ').append(l.padding());
        case MAX_POOLING2D -> s.append(" p").append(pair(l.window())).append(" s")
            .append(pair(l.strides())).append(' ').append(l.padding());
        case DENSE -> s.append(' ').append(l.size());
        // The slope changes what the layer computes, so files and exports must carry it.
        case LEAKY_RELU -> s.append(" a").append((float) l.alpha());
        default -> { }
      }
      if (l.kind().weighted()) {
        s.append(' ').append(l.activation()).append(l.useBias() ? " bias" : " no-bias");
      }
      s.append(" -> ").append(l.output());
    }
    return s.toString();
  }

  private static String pair(int[] v) {
    return v[0] + "x" + v[1];
  }
}
