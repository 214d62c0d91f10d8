package dev.topiary.processor.model;

import dev.topiary.Activation;
import dev.topiary.architecture.LayerKind;

/**
 * One layer of a model as declared and resolved: the method that declares it, the shapes flowing
 * in and out ({@link Shape#UNKNOWN} where inference failed), and, in each subclass, the values of
 * its kind. A spec computes its own output shape, so its values and shapes always agree. Values
 * are kept as written, valid or not: the validation rules judge them.
 */
public abstract sealed class LayerSpec
    permits WeightedLayerSpec, MaxPoolingSpec, FlattenSpec, ActivationLayerSpec,
    DropoutSpec, AveragePoolingSpec, GlobalPoolingSpec, BatchNormSpec, Pooling1DSpec,
    GlobalAveragePooling1DSpec {
  /** Keras's LeakyReLU slope, also what {@code activation = LEAKY_RELU} uses. */
  public static final double KERAS_LEAKY_ALPHA = 0.3;

  private final LayerKind kind;
  private final LayerMethod method;
  private final Shape input;
  private final Shape output;
  private final Double activityL1;

  LayerSpec(LayerKind kind, LayerMethod method, Shape input, Shape output, Double activityL1) {
    this.kind = kind;
    this.method = method;
    this.input = input;
    this.output = input.known() ? output : Shape.UNKNOWN;
    this.activityL1 = activityL1;
  }

  /** The layer annotation's kind. */
  public final LayerKind kind() {
    return kind;
  }

  /** The method that declares the layer. */
  public final LayerMethod method() {
    return method;
  }

  /** The layer's name, its method's. */
  public final String name() {
    return method.name();
  }

  /** The layer's annotations as written, for comments. */
  public final String source() {
    return method.source();
  }

  /** The layer annotation as a whole. */
  public final Origin annotation() {
    return method.annotation();
  }

  /** See {@link LayerMethod#origin(String)}. */
  public final Origin origin(String attribute) {
    return method.origin(attribute);
  }

  /** See {@link LayerMethod#origin(String, int)}. */
  public final Origin origin(String attribute, int index) {
    return method.origin(attribute, index);
  }

  /** Whether the attribute was written rather than defaulted. */
  public final boolean isExplicit(String attribute) {
    return method.isExplicit(attribute);
  }

  /** Whether the method carries more than one layer annotation, so what it declares is unclear. */
  public final boolean ambiguous() {
    return !method.extraLayerAnnotations().isEmpty();
  }

  /** The shape of one example's input. */
  public final Shape input() {
    return input;
  }

  /** The shape of one example's output, UNKNOWN when the input or the values make none. */
  public final Shape output() {
    return output;
  }

  /** The {@code @ActivityL1} factor, or null. */
  public final Double activityL1() {
    return activityL1;
  }

  /** The activation applied to the layer's output: LINEAR unless the kind or a value says so. */
  public Activation activation() {
    return Activation.LINEAR;
  }

  /**
   * The negative slope when {@link #activation()} is LEAKY_RELU: a {@code @LeakyReLU}'s alpha,
   * Keras's default for {@code activation = LEAKY_RELU}.
   */
  public double alpha() {
    return KERAS_LEAKY_ALPHA;
  }

  /** Kernel values: {@code kh*kw*cin*filters} or {@code in*units}; 0 without weights or shapes. */
  public long kernelSize() {
    return 0;
  }

  /** Conv2D's input patches per example (im2col): {@code out_h*out_w x kh*kw*cin}; 0 otherwise. */
  public long patchesSize() {
    return 0;
  }

  /** Bias values: one per filter or unit when the layer has a bias. */
  public long biasSize() {
    return 0;
  }

  /** Trainable values besides a kernel and bias: BatchNormalization's gamma and beta. */
  public long otherParameters() {
    return 0;
  }

  /** Trainable parameters: kernel plus bias (plus {@link #otherParameters()}). */
  public final long parameterCount() {
    return kernelSize() + biasSize() + otherParameters();
  }

  /** Multiply-accumulates per example in the forward pass (the kernel product only). */
  public long macsPerExample() {
    return 0;
  }
}
