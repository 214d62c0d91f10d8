package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.KERNEL_TOO_LARGE;
import static dev.topiary.processor.validate.DiagnosticCode.NEEDS_SEQUENCE_INPUT;

import dev.topiary.Padding;
import dev.topiary.processor.model.Conv1DSpec;
import dev.topiary.processor.model.DepthwiseConv2DSpec;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.Pooling1DSpec;
import dev.topiary.processor.model.SeparableConv2DSpec;
import dev.topiary.processor.model.Shape;

/**
 * {@link ShapeRules}' checks of the depthwise, separable and 1D layers: a depth multiplier, the
 * single-int kernel, stride and pool of the 1D layers, a {@code steps x channels} input, and a
 * window that fits it.
 */
final class ConvShapeRules {
  private ConvShapeRules() {}

  /** DepthwiseConv2D's or SeparableConv2D's depth multiplier. */
  static int multiplier(LayerSpec layer) {
    return layer instanceof DepthwiseConv2DSpec d ? d.depthMultiplier()
        : ((SeparableConv2DSpec) layer).depthMultiplier();
  }

  /** Conv1D's filters, kernel and strides, a 1D pooling's size and strides; true when usable. */
  static boolean checkSequenceValues(LayerSpec layer, Report report) {
    if (layer instanceof Conv1DSpec conv) {
      return ShapeRules.checkSize(layer, "filters", conv.filters(), report)
          & ShapeRules.checkSize(layer, "kernel", conv.kernel(), report)
          & ShapeRules.checkSize(layer, "strides", conv.stride(), report);
    }
    Pooling1DSpec pool = (Pooling1DSpec) layer;
    boolean ok = ShapeRules.checkSize(layer, "value", pool.poolSize(), report);
    // strides default to the size: checked once, as the size
    return layer.isExplicit("strides") ? ok & ShapeRules.checkSize(layer, "strides",
        pool.stride(), report) : ok;
  }

  /** Reports an input that is not {@code steps x channels}; true when it is one. */
  static boolean checkSequenceInput(LayerSpec layer, Report report) {
    Shape in = layer.input();
    if (in.rank() == 2) {
      return true;
    }
    report.add(NEEDS_SEQUENCE_INPUT, layer.annotation(), Messages.needsSequenceInput(
        layer.name(), layer.kind().annotation(), (in.rank() == 3 ? "an image of " : "a vector of ")
            + in));
    return false;
  }

  /** A 1D window longer than its input under VALID padding; true when it fits. */
  static boolean checkSequenceWindowFits(LayerSpec layer, Report report) {
    int window;
    Padding padding;
    String attribute;
    if (layer instanceof Conv1DSpec conv) {
      window = conv.kernel();
      padding = conv.window().padding();
      attribute = "kernel";
    } else if (layer instanceof Pooling1DSpec pool) {
      window = pool.poolSize();
      padding = pool.window().padding();
      attribute = "value";
    } else {
      return true; // global pooling has no window
    }
    int steps = layer.input().dim(0);
    if (padding == Padding.VALID && window > steps) {
      report.add(KERNEL_TOO_LARGE, layer.origin(attribute), Messages.sequenceWindowTooLarge(
          layer.name(), attribute, window, layer.input().toString(), steps));
      return false;
    }
    return true;
  }
}
