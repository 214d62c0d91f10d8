package dev.topiary.runtime.inference;

import java.util.Arrays;

/**
 * One layer of an exported network as its architecture description states it: kind, options and
 * the shapes in and out (immutable; {@link #withSize} gives a compacted copy).
 */
final class LayerDesc {
  /** The layer kinds, named by their DSL annotations. */
  enum Kind {
    CONV2D("Conv2D"), MAX_POOLING2D("MaxPooling2D"), FLATTEN("Flatten"), DENSE("Dense"),
    RELU("ReLU"), LEAKY_RELU("LeakyReLU"), SOFTMAX("Softmax"), SPARSEMAX("Sparsemax");

    final String annotation;

    Kind(String annotation) {
      this.annotation = annotation;
    }

    boolean weighted() {
      return this == CONV2D || this == DENSE;
    }

    static Kind of(String annotation) {
      for (Kind k : values()) {
        if (k.annotation.equals(annotation)) {
          return k;
        }
      }
      return null;
    }
  }

  /** Keras's default LeakyReLU slope, used by {@code activation = LEAKY_RELU}. */
  static final float DEFAULT_ALPHA = 0.3f;

  final String name;
  final Kind kind;
  /** Dense units or Conv2D filters; 0 for other kinds. */
  final int size;
  /** Conv2D kernel or pooling window, {@code {h, w}}; null for other kinds. */
  final int[] window;
  final int[] strides;
  final boolean same;
  /** LINEAR, RELU, LEAKY_RELU, SOFTMAX or SPARSEMAX for weighted layers; null otherwise. */
  final String activation;
  final boolean bias;
  /** The LeakyReLU layer's slope. */
  final float alpha;
  final int[] inShape;
  final int[] outShape;

  LayerDesc(String name, Kind kind, int size, int[] window, int[] strides, boolean same,
      String activation, boolean bias, float alpha, int[] inShape, int[] outShape) {
    this.name = name;
    this.kind = kind;
    this.size = size;
    this.window = window;
    this.strides = strides;
    this.same = same;
    this.activation = activation;
    this.bias = bias;
    this.alpha = alpha;
    this.inShape = inShape.clone();
    this.outShape = outShape.clone();
  }

  /** This layer with {@code channelsIn} input and {@code channelsOut} output channels (units). */
  LayerDesc withChannels(int channelsIn, int channelsOut) {
    int[] in = inShape.clone();
    in[in.length - 1] = channelsIn;
    int[] out = outShape.clone();
    out[out.length - 1] = channelsOut;
    if (kind == Kind.FLATTEN) {
      out = new int[] {size(in)};
    }
    return new LayerDesc(name, kind, kind.weighted() ? channelsOut : 0, window, strides, same,
        activation, bias, alpha, in, out);
  }

  int inSize() {
    return size(inShape);
  }

  int outSize() {
    return size(outShape);
  }

  int inChannels() {
    return inShape[inShape.length - 1];
  }

  int outChannels() {
    return outShape[outShape.length - 1];
  }

  /** Values in the kernel: {@code kh*kw*cin*filters} or {@code in*units}; 0 without one. */
  int kernelSize() {
    if (kind == Kind.CONV2D) {
      return window[0] * window[1] * inChannels() * size;
    }
    return kind == Kind.DENSE ? inSize() * size : 0;
  }

  /** Whether the layer's output is zero wherever its pre-activation is. */
  boolean activationKeepsZero() {
    return "LINEAR".equals(activation) || "RELU".equals(activation)
        || "LEAKY_RELU".equals(activation);
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  static String shapeText(int[] shape) {
    return dev.topiary.runtime.data.ExampleShape.text(shape);
  }

  @Override
  public String toString() {
    return name + " " + kind.annotation + " " + Arrays.toString(inShape) + " -> "
        + Arrays.toString(outShape);
  }
}
