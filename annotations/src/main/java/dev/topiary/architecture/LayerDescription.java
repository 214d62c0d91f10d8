package dev.topiary.architecture;

import dev.topiary.Activation;
import dev.topiary.Padding;
import java.util.Arrays;

/**
 * One layer as the architecture text states it: name, kind, options and the shapes in and out.
 * Immutable; shapes and windows are copied in and out. Build one with the static factory of its
 * kind; each checks its options and computes the output shape from them.
 */
public final class LayerDescription {
  /** Keras's default LeakyReLU slope, used by {@code activation = LEAKY_RELU}. */
  public static final float DEFAULT_ALPHA = 0.3f;

  private final String name;
  private final LayerKind kind;
  private final int outputChannels;
  private final int[] window;
  private final int[] strides;
  private final Padding padding;
  private final Activation activation;
  private final boolean bias;
  private final float alpha;
  private final int[] inShape;
  private final int[] outShape;
  /** Dropout's rate; BatchNormalization's options. Set by their factories, copied by withChannels. */
  private float rate;
  private float momentum;
  private float epsilon;
  private boolean center;
  private boolean scale;
  /** DepthwiseConv2D's and SeparableConv2D's depth multiplier; 0 for other kinds. */
  private final int multiplier;

  private LayerDescription(String name, LayerKind kind, int outputChannels, int[] window,
      int[] strides, Padding padding, Activation activation, boolean bias, float alpha,
      int[] inShape, int[] outShape) {
    this(name, kind, outputChannels, window, strides, padding, activation, bias, alpha, inShape,
        outShape, 0);
  }

  private LayerDescription(String name, LayerKind kind, int outputChannels, int[] window,
      int[] strides, Padding padding, Activation activation, boolean bias, float alpha,
      int[] inShape, int[] outShape, int multiplier) {
    this.multiplier = multiplier;
    this.name = name;
    this.kind = kind;
    this.outputChannels = outputChannels;
    this.window = window == null ? null : window.clone();
    this.strides = strides == null ? null : strides.clone();
    this.padding = padding;
    this.activation = activation;
    this.bias = bias;
    this.alpha = alpha;
    this.inShape = inShape.clone();
    this.outShape = outShape.clone();
  }

  /** A Conv2D layer of {@code filters} over an {@code H x W x C} input. */
  public static LayerDescription conv2d(String name, int[] in, int filters, int[] kernel,
      int[] strides, Padding padding, Activation activation, boolean bias) {
    int[] out = spatial(name, in, kernel, strides, padding, filters);
    return new LayerDescription(name, LayerKind.CONV2D, filters, kernel, strides, padding,
        activation(name, activation), bias, DEFAULT_ALPHA, in, out);
  }

  /** A MaxPooling2D layer over an {@code H x W x C} input. */
  public static LayerDescription maxPooling2d(String name, int[] in, int[] pool, int[] strides,
      Padding padding) {
    int[] out = spatial(name, in, pool, strides, padding, in.length == 3 ? in[2] : 1);
    return new LayerDescription(name, LayerKind.MAX_POOLING2D, 0, pool, strides, padding, null,
        false, DEFAULT_ALPHA, in, out);
  }

  /** An AveragePooling2D layer over an {@code H x W x C} input. */
  public static LayerDescription averagePooling2d(String name, int[] in, int[] pool,
      int[] strides, Padding padding) {
    int[] out = spatial(name, in, pool, strides, padding, in.length == 3 ? in[2] : 1);
    return new LayerDescription(name, LayerKind.AVERAGE_POOLING2D, 0, pool, strides, padding,
        null, false, DEFAULT_ALPHA, in, out);
  }

  /**
   * A GlobalAveragePooling2D or GlobalMaxPooling2D layer ({@code kind}): an {@code H x W x C}
   * input pooled into {@code C} values.
   */
  public static LayerDescription globalPooling2d(String name, LayerKind kind, int[] in) {
    if (!kind.globalPooling()) {
      throw bad(name, "a global pooling kind, found " + kind);
    }
    if (in.length != 3) {
      throw bad(name, "an H x W x C input, found " + text(in));
    }
    size(name, in);
    return new LayerDescription(name, kind, 0, null, null, null, null, false, DEFAULT_ALPHA, in,
        new int[] {in[2]});
  }

  /**
   * A DepthwiseConv2D layer over an {@code H x W x C} input: {@code C * multiplier} output
   * channels, which are also its bias's size ({@link #outputChannels()}).
   */
  public static LayerDescription depthwiseConv2d(String name, int[] in, int[] kernel,
      int[] strides, Padding padding, int multiplier, Activation activation, boolean bias) {
    positive(name, "depth multiplier", multiplier);
    int channels = in.length == 3 ? in[2] * multiplier : 1;
    int[] out = spatial(name, in, kernel, strides, padding, channels);
    return new LayerDescription(name, LayerKind.DEPTHWISE_CONV2D, channels, kernel, strides,
        padding, activation(name, activation), bias, DEFAULT_ALPHA, in, out, multiplier);
  }

  /**
   * A SeparableConv2D layer over an {@code H x W x C} input: a depthwise convolution to
   * {@code C * multiplier} channels, then a pointwise one to {@code filters}.
   */
  public static LayerDescription separableConv2d(String name, int[] in, int filters,
      int[] kernel, int[] strides, Padding padding, int multiplier, Activation activation,
      boolean bias) {
    positive(name, "depth multiplier", multiplier);
    int[] out = spatial(name, in, kernel, strides, padding, filters);
    return new LayerDescription(name, LayerKind.SEPARABLE_CONV2D, filters, kernel, strides,
        padding, activation(name, activation), bias, DEFAULT_ALPHA, in, out, multiplier);
  }

  /** A Conv1D layer of {@code filters} over a {@code steps x C} input. */
  public static LayerDescription conv1d(String name, int[] in, int filters, int kernel,
      int stride, Padding padding, Activation activation, boolean bias) {
    int[] out = sequence(name, in, kernel, stride, padding, filters);
    return new LayerDescription(name, LayerKind.CONV1D, filters, new int[] {kernel},
        new int[] {stride}, padding, activation(name, activation), bias, DEFAULT_ALPHA, in, out);
  }

  /** A MaxPooling1D or AveragePooling1D layer over a {@code steps x C} input. */
  public static LayerDescription pooling1d(String name, LayerKind kind, int[] in, int pool,
      int stride, Padding padding) {
    if (kind != LayerKind.MAX_POOLING1D && kind != LayerKind.AVERAGE_POOLING1D) {
      throw bad(name, "MaxPooling1D or AveragePooling1D, found " + kind);
    }
    int[] out = sequence(name, in, pool, stride, padding, in.length == 2 ? in[1] : 1);
    return new LayerDescription(name, kind, 0, new int[] {pool}, new int[] {stride}, padding,
        null, false, DEFAULT_ALPHA, in, out);
  }

  /** A GlobalAveragePooling1D layer: the mean over the steps of a {@code steps x C} input. */
  public static LayerDescription globalAveragePooling1d(String name, int[] in) {
    if (in.length != 2) {
      throw bad(name, "a steps x channels input, found " + text(in));
    }
    size(name, in);
    return new LayerDescription(name, LayerKind.GLOBAL_AVERAGE_POOLING1D, 0, null, null, null,
        null, false, DEFAULT_ALPHA, in, new int[] {in[1]});
  }

  private static int[] sequence(String name, int[] in, int window, int stride, Padding padding,
      int channels) {
    if (in.length != 2) {
      throw bad(name, "a steps x channels input, found " + text(in));
    }
    positive(name, "window", window);
    positive(name, "stride", stride);
    positive(name, "channels", channels);
    if (padding == null) {
      throw bad(name, "padding SAME or VALID, found none");
    }
    int steps = Geometry.outputSize(in[0], window, stride, padding);
    if (steps <= 0) {
      throw bad(name, "a window of at most " + in[0] + " under " + padding + ", found " + window);
    }
    int[] out = {steps, channels};
    size(name, out);
    return out;
  }

  /** A Flatten layer: the input's values as one vector. */
  public static LayerDescription flatten(String name, int[] in) {
    return new LayerDescription(name, LayerKind.FLATTEN, 0, null, null, null, null, false,
        DEFAULT_ALPHA, in, new int[] {size(name, in)});
  }

  /** A Dense layer of {@code units} over a vector input. */
  public static LayerDescription dense(String name, int[] in, int units, Activation activation,
      boolean bias) {
    if (in.length != 1) {
      throw bad(name, "a vector input to Dense, found " + text(in));
    }
    positive(name, "units", units);
    return new LayerDescription(name, LayerKind.DENSE, units, null, null, null,
        activation(name, activation), bias, DEFAULT_ALPHA, in, new int[] {units});
  }

  /** A standalone activation layer of {@code kind}; {@code alpha} is LeakyReLU's slope. */
  public static LayerDescription activationLayer(String name, LayerKind kind, int[] in,
      float alpha) {
    if (!kind.activationLayer()) {
      throw bad(name, "an activation layer kind, found " + kind);
    }
    if (kind == LayerKind.LEAKY_RELU && !(alpha >= 0f && alpha < Float.POSITIVE_INFINITY)) {
      throw bad(name, "a finite slope of at least 0, found " + alpha);
    }
    size(name, in);
    return new LayerDescription(name, kind, 0, null, null, null, null, false, alpha, in, in);
  }

  /** A Dropout layer dropping {@code rate} of its input's values while training. */
  public static LayerDescription dropout(String name, int[] in, float rate) {
    if (!(rate >= 0f && rate < 1f)) {
      throw bad(name, "a dropout rate in [0, 1), found " + rate);
    }
    size(name, in);
    LayerDescription d = new LayerDescription(name, LayerKind.DROPOUT, 0, null, null, null, null,
        false, DEFAULT_ALPHA, in, in);
    d.rate = rate;
    return d;
  }

  /**
   * A BatchNormalization layer over the last axis of {@code in}: {@code momentum} in
   * {@code [0, 1)}, {@code epsilon > 0}; {@code center} and {@code scale} say whether it has
   * {@code beta} and {@code gamma}.
   */
  public static LayerDescription batchNormalization(String name, int[] in, float momentum,
      float epsilon, boolean center, boolean scale) {
    if (!(momentum >= 0f && momentum < 1f)) {
      throw bad(name, "a momentum in [0, 1), found " + momentum);
    }
    if (!(epsilon > 0f && epsilon < Float.POSITIVE_INFINITY)) {
      throw bad(name, "a finite epsilon > 0, found " + epsilon);
    }
    size(name, in);
    LayerDescription d = new LayerDescription(name, LayerKind.BATCH_NORMALIZATION, 0, null, null,
        null, null, false, DEFAULT_ALPHA, in, in);
    d.momentum = momentum;
    d.epsilon = epsilon;
    d.center = center;
    d.scale = scale;
    return d;
  }

  /**
   * The tensors a layer stores, by name ({@code layer/kernel}, ...) with their sizes, in file
   * order; empty for a layer without any. BatchNormalization's moving statistics are among them:
   * not trained, but saved.
   */
  public java.util.Map<String, Integer> tensors() {
    java.util.Map<String, Integer> t = new java.util.LinkedHashMap<>();
    if (kind.weighted()) {
      if (kind == LayerKind.SEPARABLE_CONV2D) {
        t.put(name + "/depthwise_kernel", depthwiseKernelSize());
        t.put(name + "/pointwise_kernel", pointwiseKernelSize());
      } else {
        t.put(name + "/kernel", kernelSize());
      }
      if (bias) {
        t.put(name + "/bias", outputChannels);
      }
    } else if (kind == LayerKind.BATCH_NORMALIZATION) {
      int c = inChannels();
      if (scale) {
        t.put(name + "/gamma", c);
      }
      if (center) {
        t.put(name + "/beta", c);
      }
      t.put(name + "/moving_mean", c);
      t.put(name + "/moving_variance", c);
    }
    return t;
  }

  /**
   * This layer with {@code channelsIn} input and {@code channelsOut} output channels (units), as
   * the inference export compacts it; shapes follow.
   */
  public LayerDescription withChannels(int channelsIn, int channelsOut) {
    int[] in = inShape.clone();
    in[in.length - 1] = channelsIn;
    int[] out = outShape.clone();
    out[out.length - 1] = channelsOut;
    if (kind == LayerKind.FLATTEN) {
      out = new int[] {size(name, in)};
    }
    LayerDescription d = new LayerDescription(name, kind, kind.weighted() ? channelsOut : 0,
        window, strides, padding, activation, bias, alpha, in, out, multiplier);
    d.copyOptions(this);
    return d;
  }

  private void copyOptions(LayerDescription from) {
    rate = from.rate;
    momentum = from.momentum;
    epsilon = from.epsilon;
    center = from.center;
    scale = from.scale;
  }

  private static int[] spatial(String name, int[] in, int[] window, int[] strides,
      Padding padding, int channels) {
    if (in.length != 3) {
      throw bad(name, "an H x W x C input, found " + text(in));
    }
    if (window == null || window.length != 2 || strides == null || strides.length != 2) {
      throw bad(name, "a window and strides of two values each");
    }
    for (int i = 0; i < 2; i++) {
      positive(name, "window", window[i]);
      positive(name, "stride", strides[i]);
    }
    positive(name, "channels", channels);
    if (padding == null) {
      throw bad(name, "padding SAME or VALID, found none");
    }
    int oh = Geometry.outputSize(in[0], window[0], strides[0], padding);
    int ow = Geometry.outputSize(in[1], window[1], strides[1], padding);
    if (oh <= 0 || ow <= 0) {
      throw bad(name, "a window of at most " + in[0] + "x" + in[1] + " under " + padding
          + ", found " + window[0] + "x" + window[1]);
    }
    int[] out = {oh, ow, channels};
    size(name, out);
    return out;
  }

  private static Activation activation(String name, Activation a) {
    if (a == null) {
      throw bad(name, "an activation, found none");
    }
    return a;
  }

  private static void positive(String name, String what, int v) {
    if (v <= 0) {
      throw bad(name, "a positive " + what + ", found " + v);
    }
  }

  /**
   * The number of values in {@code shape}, for a layer named {@code name}.
   *
   * @throws IllegalArgumentException if a size is not positive or the product passes
   *     {@link Integer#MAX_VALUE}
   */
  static int size(String name, int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d <= 0) {
        throw bad(name, "positive sizes, found " + text(shape));
      }
      n *= d;
      if (n > Integer.MAX_VALUE) {
        throw bad(name, "at most " + Integer.MAX_VALUE + " values, found " + text(shape));
      }
    }
    return (int) n;
  }

  /** The number of values in {@code shape} (positive sizes, at most Integer.MAX_VALUE values). */
  public static int size(int[] shape) {
    return size("shape", shape);
  }

  /** A shape as text, e.g. {@code 28x28x1}. */
  public static String text(int[] shape) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < shape.length; i++) {
      s.append(i == 0 ? "" : "x").append(shape[i]);
    }
    return s.toString();
  }

  private static IllegalArgumentException bad(String name, String expected) {
    return new IllegalArgumentException(name + ": expected " + expected);
  }

  /** The layer's name, e.g. {@code conv}. */
  public String name() {
    return name;
  }

  /** The layer's kind. */
  public LayerKind kind() {
    return kind;
  }

  /** DepthwiseConv2D's and SeparableConv2D's depth multiplier; 0 for other kinds. */
  public int depthMultiplier() {
    return multiplier;
  }

  /**
   * Conv2D, Conv1D and SeparableConv2D filters, Dense units, DepthwiseConv2D's output channels
   * ({@code C * depthMultiplier}): the bias's size; 0 for other kinds.
   */
  public int outputChannels() {
    return outputChannels;
  }

  /** The Conv2D kernel's or the pooling window's size along {@code axis} (0 height, 1 width). */
  public int window(int axis) {
    return window[axis];
  }

  /** The stride along {@code axis} (0 height, 1 width) of a Conv2D or pooling layer. */
  public int stride(int axis) {
    return strides[axis];
  }

  /** SAME or VALID for Conv2D and pooling layers; null for others. */
  public Padding padding() {
    return padding;
  }

  /** Whether the padding is SAME. */
  public boolean same() {
    return padding == Padding.SAME;
  }

  /** Padding before the first row ({@code axis} 0) or column (1), as {@link Geometry} gives. */
  public int padBefore(int axis) {
    return Geometry.padBefore(inShape[axis], window[axis], strides[axis], padding);
  }

  /** A weighted layer's activation; for an activation layer, the one it applies; else null. */
  public Activation activation() {
    return kind.weighted() ? activation : kind.activation();
  }

  /** Whether a weighted layer has a bias. */
  public boolean bias() {
    return bias;
  }

  /** A LeakyReLU layer's slope. */
  public float alpha() {
    return alpha;
  }

  /** A BatchNormalization layer's momentum. */
  public float momentum() {
    return momentum;
  }

  /** A BatchNormalization layer's epsilon. */
  public float epsilon() {
    return epsilon;
  }

  /** Whether a BatchNormalization layer adds {@code beta}. */
  public boolean center() {
    return center;
  }

  /** Whether a BatchNormalization layer multiplies by {@code gamma}. */
  public boolean scale() {
    return scale;
  }

  /** A Dropout layer's rate. */
  public float rate() {
    return rate;
  }

  /** The input shape (a copy). */
  public int[] inShape() {
    return inShape.clone();
  }

  /** The output shape (a copy). */
  public int[] outShape() {
    return outShape.clone();
  }

  /** The input's size along {@code axis}. */
  public int in(int axis) {
    return inShape[axis];
  }

  /** The output's size along {@code axis}. */
  public int out(int axis) {
    return outShape[axis];
  }

  /** Values in one input example. */
  public int inSize() {
    return size(name, inShape);
  }

  /** Values in one output example. */
  public int outSize() {
    return size(name, outShape);
  }

  /** The input's last dimension: channels, or the vector's length. */
  public int inChannels() {
    return inShape[inShape.length - 1];
  }

  /** The output's last dimension. */
  public int outChannels() {
    return outShape[outShape.length - 1];
  }

  /**
   * Values in the kernel: {@code kh*kw*cin*filters} or {@code in*units}, DepthwiseConv2D's
   * {@code kh*kw*cin*multiplier}, Conv1D's {@code k*cin*filters}, SeparableConv2D's two kernels
   * together ({@link #depthwiseKernelSize()} plus {@link #pointwiseKernelSize()}); 0 without one.
   */
  public int kernelSize() {
    long n;
    if (kind == LayerKind.CONV2D) {
      n = (long) window[0] * window[1] * inChannels() * outputChannels;
    } else if (kind == LayerKind.DEPTHWISE_CONV2D) {
      n = (long) window[0] * window[1] * outputChannels;
    } else if (kind == LayerKind.SEPARABLE_CONV2D) {
      n = (long) depthwiseKernelSize() + pointwiseKernelSize();
    } else if (kind == LayerKind.CONV1D) {
      n = (long) window[0] * inChannels() * outputChannels;
    } else if (kind == LayerKind.DENSE) {
      n = (long) inSize() * outputChannels;
    } else {
      return 0;
    }
    if (n > Integer.MAX_VALUE) {
      throw bad(name, "a kernel of at most " + Integer.MAX_VALUE + " values, found " + n);
    }
    return (int) n;
  }

  /** A SeparableConv2D's depthwise kernel: {@code kh*kw*cin*multiplier} values; else 0. */
  public int depthwiseKernelSize() {
    return kind == LayerKind.SEPARABLE_CONV2D
        ? checked((long) window[0] * window[1] * inChannels() * multiplier) : 0;
  }

  /** A SeparableConv2D's pointwise kernel: {@code cin*multiplier*filters} values; else 0. */
  public int pointwiseKernelSize() {
    return kind == LayerKind.SEPARABLE_CONV2D
        ? checked((long) inChannels() * multiplier * outputChannels) : 0;
  }

  private int checked(long n) {
    if (n > Integer.MAX_VALUE) {
      throw bad(name, "a kernel of at most " + Integer.MAX_VALUE + " values, found " + n);
    }
    return (int) n;
  }

  /** Whether the layer's output is zero wherever its pre-activation is. */
  public boolean activationKeepsZero() {
    return activation == Activation.LINEAR || activation == Activation.RELU
        || activation == Activation.LEAKY_RELU || activation == Activation.TANH;
  }

  @Override
  public String toString() {
    return name + " " + kind.annotation() + " " + Arrays.toString(inShape) + " -> "
        + Arrays.toString(outShape);
  }
}
