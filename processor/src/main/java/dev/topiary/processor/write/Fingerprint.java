package dev.topiary.processor.write;

import dev.topiary.processor.model.Conv2DSpec;
import dev.topiary.processor.model.DenseSpec;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.LeakyReLUSpec;
import dev.topiary.processor.model.MaxPoolingSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.SlidingWindow;
import dev.topiary.processor.model.WeightedLayerSpec;
import dev.topiary.processor.model.Window;

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
      if (l instanceof Conv2DSpec conv) {
        s.append(' ').append(conv.filters()).append(" k").append(pair(conv.kernel()));
      } else if (l instanceof MaxPoolingSpec pool) {
        s.append(" p").append(pair(pool.poolSize()));
      } else if (l instanceof DenseSpec dense) {
        s.append(' ').append(dense.units());
      } else if (l instanceof LeakyReLUSpec leaky) {
        // The slope changes what the layer computes, so files and exports must carry it.
        s.append(" a").append((float) leaky.alpha());
      }
      if (l instanceof SlidingWindow sliding) {
        Window w = sliding.window();
        s.append(" s").append(pair(w.strides())).append(' ').append(w.padding());
      }
      if (l instanceof WeightedLayerSpec w) {
        s.append(' ').append(w.activation()).append(w.useBias() ? " bias" : " no-bias");
      }
      s.append(" -> ").append(l.output());
    }
    return s.toString();
  }

  private static String pair(int[] v) {
    return v[0] + "x" + v[1];
  }
}
