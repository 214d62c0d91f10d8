package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.KERNEL_TOO_LARGE;
import static dev.topiary.processor.validate.DiagnosticCode.NEEDS_FLAT_INPUT;
import static dev.topiary.processor.validate.DiagnosticCode.NEEDS_IMAGE_INPUT;
import static dev.topiary.processor.validate.DiagnosticCode.NOT_POSITIVE;
import static dev.topiary.processor.validate.DiagnosticCode.TENSOR_TOO_LARGE;
import static dev.topiary.processor.validate.DiagnosticCode.WRONG_ARITY;

import dev.topiary.Padding;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.Conv2DSpec;
import dev.topiary.processor.model.DenseSpec;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.SeparableConv2DSpec;
import dev.topiary.processor.model.Shape;
import dev.topiary.processor.model.ShapeInference;
import dev.topiary.processor.model.SlidingWindow;

/**
 * Checks that sizes are positive and of the right arity and that shapes flow: images into
 * Conv2D, pooling and Flatten, vectors into Dense, windows that fit, tensors that fit an array.
 * A layer after an invalid one has an unknown input and is not judged on it, so one mistake
 * gives one error; so does a layer with two layer annotations, whose kind is unclear.
 */
final class ShapeRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      boolean valuesOk = switch (layer.kind()) {
        case CONV2D, MAX_POOLING2D, AVERAGE_POOLING2D -> checkWindowValues(layer, report);
        case DENSE -> checkSize(layer, "units", ((DenseSpec) layer).units(), report);
        case FLATTEN, RELU, LEAKY_RELU, SOFTMAX, SPARSEMAX, DROPOUT, GLOBAL_AVERAGE_POOLING2D,
            GLOBAL_MAX_POOLING2D, BATCH_NORMALIZATION, GLOBAL_AVERAGE_POOLING1D -> true;
        case DEPTHWISE_CONV2D, SEPARABLE_CONV2D -> checkWindowValues(layer, report)
            & checkSize(layer, "depthMultiplier", ConvShapeRules.multiplier(layer), report);
        case CONV1D, MAX_POOLING1D, AVERAGE_POOLING1D ->
            ConvShapeRules.checkSequenceValues(layer, report);
      };
      if (layer.ambiguous() || !layer.input().known()) {
        continue;
      }
      boolean shapeOk = switch (layer.kind()) {
        case CONV2D, MAX_POOLING2D, AVERAGE_POOLING2D -> checkImageInput(layer, report)
            && (!valuesOk || checkWindowFits(layer, (SlidingWindow) layer, report));
        case DEPTHWISE_CONV2D, SEPARABLE_CONV2D -> checkImageInput(layer, report)
            && (!valuesOk || checkWindowFits(layer, (SlidingWindow) layer, report));
        case FLATTEN -> layer.input().rank() == 2 || checkImageInput(layer, report);
        case GLOBAL_AVERAGE_POOLING2D, GLOBAL_MAX_POOLING2D -> checkImageInput(layer, report);
        case DENSE -> checkFlatInput(layer, report);
        case RELU, LEAKY_RELU, SOFTMAX, SPARSEMAX, DROPOUT, BATCH_NORMALIZATION -> true; // any shape
        case CONV1D, MAX_POOLING1D, AVERAGE_POOLING1D, GLOBAL_AVERAGE_POOLING1D ->
            ConvShapeRules.checkSequenceInput(layer, report)
            && (!valuesOk || ConvShapeRules.checkSequenceWindowFits(layer, report));
      };
      if (valuesOk && shapeOk) {
        checkArraySizes(layer, report);
      }
    }
  }

  /** Conv2D's filters, kernel and strides, pooling's size and strides; true when all are usable. */
  private static boolean checkWindowValues(LayerSpec layer, Report report) {
    SlidingWindow sliding = (SlidingWindow) layer;
    boolean ok = !(layer instanceof Conv2DSpec conv)
        || checkSize(layer, "filters", conv.filters(), report);
    if (layer instanceof SeparableConv2DSpec separable) {
      ok &= checkSize(layer, "filters", separable.filters(), report);
    }
    ok &= checkPair(layer, windowAttribute(layer), sliding.window().size(), report);
    // Pooling's strides default to its size: checked once, as the size.
    if (layer.kind().convolution() || layer.isExplicit("strides")) {
      ok &= checkPair(layer, "strides", sliding.window().strides(), report);
    }
    return ok;
  }

  static boolean checkSize(LayerSpec layer, String attribute, int size, Report report) {
    if (size > 0) {
      return true;
    }
    report.add(NOT_POSITIVE, layer.origin(attribute), Messages.notPositive(layer.name(),
        attribute, String.valueOf(size)));
    return false;
  }

  /** Checks a {height, width} pair; true when it is usable. */
  private static boolean checkPair(LayerSpec layer, String attribute, int[] v, Report report) {
    if (v.length != 2) {
      report.add(WRONG_ARITY, layer.origin(attribute),
          Messages.wrongArity(layer.name(), attribute, v));
      return false;
    }
    for (int i = 0; i < 2; i++) {
      if (v[i] <= 0) {
        report.add(NOT_POSITIVE, layer.origin(attribute, i),
            Messages.notPositive(layer.name(), attribute, Messages.braces(v)));
        return false;
      }
    }
    return true;
  }

  /** The attribute that declares a window's size: Conv2D's {@code kernel}, pooling's {@code value}. */
  private static String windowAttribute(LayerSpec layer) {
    return layer.kind().convolution() ? "kernel" : "value";
  }

  /** Reports an input that is not an image; true when it is one. */
  private static boolean checkImageInput(LayerSpec layer, Report report) {
    Shape in = layer.input();
    if (in.rank() == 3) {
      return true;
    }
    report.add(NEEDS_IMAGE_INPUT, layer.annotation(), layer.kind() == LayerKind.FLATTEN
        ? Messages.flattenOfVector(layer.name(), in.toString())
        : Messages.needsImageInput(layer.name(), layer.kind().annotation(), in.rank() == 2
            ? "a sequence of " + in : "a vector of " + in));
    return false;
  }

  private static boolean checkFlatInput(LayerSpec layer, Report report) {
    Shape in = layer.input();
    if (in.rank() == 1) {
      return true;
    }
    report.add(NEEDS_FLAT_INPUT, layer.annotation(), Messages.needsFlatInput(layer.name(),
        in.toString()));
    return false;
  }

  private static boolean checkWindowFits(LayerSpec layer, SlidingWindow sliding,
      Report report) {
    Shape in = layer.input();
    int[] w = sliding.window().size();
    if (sliding.window().padding() == Padding.VALID && (w[0] > in.dim(0) || w[1] > in.dim(1))) {
      String attribute = windowAttribute(layer);
      report.add(KERNEL_TOO_LARGE, layer.origin(attribute), Messages.kernelTooLarge(layer.name(),
          attribute, w, in.toString(), in.dim(0), in.dim(1)));
      return false;
    }
    return true;
  }

  /** Output, kernel and im2col patches: each is one float[] in the generated class. */
  private static void checkArraySizes(LayerSpec layer, Report report) {
    String size = layer.kind() == LayerKind.DEPTHWISE_CONV2D ? "depthMultiplier"
        : layer.kind().convolution() ? "filters" : "units";
    if (!ShapeInference.fits(layer.output()) && layer.output().known()) {
      report.add(TENSOR_TOO_LARGE, layer.origin(size), Messages.outputTooLarge(layer.name(),
          size, layer.output().toString(), layer.output().size()));
    } else if (layer.kernelSize() > ShapeInference.MAX_VALUES) {
      report.add(TENSOR_TOO_LARGE, layer.origin(size),
          Messages.kernelArrayTooLarge(layer.name(), size, layer.kernelSize()));
    } else if (layer.patchesSize() > ShapeInference.MAX_VALUES) {
      report.add(TENSOR_TOO_LARGE, layer.origin("kernel"),
          Messages.patchesTooLarge(layer.name(), layer.patchesSize()));
    }
  }
}
