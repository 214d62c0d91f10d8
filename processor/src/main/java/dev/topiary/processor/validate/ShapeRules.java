package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.KERNEL_TOO_LARGE;
import static dev.topiary.processor.validate.DiagnosticCode.NEEDS_FLAT_INPUT;
import static dev.topiary.processor.validate.DiagnosticCode.NEEDS_IMAGE_INPUT;
import static dev.topiary.processor.validate.DiagnosticCode.NOT_POSITIVE;
import static dev.topiary.processor.validate.DiagnosticCode.WRONG_ARITY;

import dev.topiary.Padding;
import dev.topiary.processor.model.LayerKind;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.Shape;
import java.util.Arrays;

/**
 * Checks that sizes are positive and of the right arity and that shapes flow: images into
 * Conv2D, pooling and Flatten, vectors into Dense, windows that fit. A layer after an invalid
 * one has an unknown input and is not judged on it, so one mistake gives one error.
 */
final class ShapeRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      switch (layer.kind()) {
        case CONV2D, MAX_POOLING2D -> checkSpatial(layer, report);
        case FLATTEN -> checkImageInput(layer, report);
        case DENSE -> checkDense(layer, report);
        case RELU, LEAKY_RELU, SOFTMAX, SPARSEMAX -> { } // any shape
        default -> throw new IllegalStateException("unhandled " + layer.kind());
      }
    }
  }

  private static void checkSpatial(LayerSpec layer, Report report) {
    boolean conv = layer.kind() == LayerKind.CONV2D;
    String windowName = conv ? "kernel" : "value";
    if (conv && layer.size() <= 0) {
      report.add(NOT_POSITIVE, layer.origin("filters"),
          Messages.notPositive(layer.name(), "filters", String.valueOf(layer.size())));
    }
    boolean windowOk = checkPair(layer, windowName, conv ? "kernel" : "pool size",
        layer.window(), report);
    boolean stridesOk = checkPair(layer, "strides", "strides", layer.strides(), report);
    if (!checkImageInput(layer, report) || !windowOk || !stridesOk) {
      return;
    }
    Shape in = layer.input();
    int[] w = layer.window();
    if (layer.padding() == Padding.VALID && (w[0] > in.dim(0) || w[1] > in.dim(1))) {
      report.add(KERNEL_TOO_LARGE, layer.origin(windowName), Messages.kernelTooLarge(layer.name(),
          conv ? "kernel" : "pool size", w, in.toString(), in.dim(0), in.dim(1)));
    }
  }

  /** Checks a {height, width} pair; true when it is usable. */
  private static boolean checkPair(LayerSpec layer, String attribute, String label, int[] v,
      Report report) {
    if (v.length != 2) {
      report.add(WRONG_ARITY, layer.origin(attribute), Messages.wrongArity(layer.name(), label, v));
      return false;
    }
    if (v[0] <= 0 || v[1] <= 0) {
      report.add(NOT_POSITIVE, layer.origin(attribute),
          Messages.notPositive(layer.name(), label, Arrays.toString(v)));
      return false;
    }
    return true;
  }

  /** Reports a known input that is not an image; true when the input is a known image. */
  private static boolean checkImageInput(LayerSpec layer, Report report) {
    Shape in = layer.input();
    if (in.known() && in.rank() != 3) {
      report.add(NEEDS_IMAGE_INPUT, layer.annotation(), Messages.needsImageInput(layer.name(),
          layer.kind().annotation(), "a vector of " + in));
      return false;
    }
    return in.known();
  }

  private static void checkDense(LayerSpec layer, Report report) {
    if (layer.size() <= 0) {
      report.add(NOT_POSITIVE, layer.origin("units"),
          Messages.notPositive(layer.name(), "units", String.valueOf(layer.size())));
    }
    Shape in = layer.input();
    if (in.known() && in.rank() != 1) {
      report.add(NEEDS_FLAT_INPUT, layer.annotation(), Messages.needsFlatInput(layer.name(),
          in.toString()));
    }
  }
}
