package dev.topiary.processor.validate;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports: a closed set, each with its kind and its label in
 * messages ({@code [Topiary/KernelTooLarge]}). Each has a test.
 */
public enum DiagnosticCode {
  // The model type
  /** {@code @Model} on a class, abstract class, enum, annotation type or record. */
  NOT_AN_INTERFACE(Diagnostic.Kind.ERROR),
  /** A model interface with type parameters. */
  GENERIC_MODEL(Diagnostic.Kind.ERROR),
  /** A private model interface, or one inside a private type. */
  PRIVATE_MODEL(Diagnostic.Kind.ERROR),
  /** A model interface that does not extend {@code Network}. */
  NOT_A_NETWORK(Diagnostic.Kind.ERROR),
  /** The generated class's name is taken by an existing type or another model's class. */
  GENERATED_NAME_TAKEN(Diagnostic.Kind.ERROR),
  /** {@code @Model(input)} of rank other than 1, 2 or 3, or with a dimension {@code <= 0}. */
  INVALID_INPUT(Diagnostic.Kind.ERROR),
  /** A model without layer methods. */
  NO_LAYERS(Diagnostic.Kind.ERROR),
  /** An abstract method inherited from an interface other than Network: nothing implements it. */
  INHERITED_ABSTRACT_METHOD(Diagnostic.Kind.ERROR),

  // Layer methods
  /** An abstract method of the model without a layer annotation. */
  MISSING_LAYER_ANNOTATION(Diagnostic.Kind.ERROR),
  /** {@code @L1} or {@code @Prune} on a method with a body and no layer annotation. */
  ANNOTATION_WITHOUT_LAYER(Diagnostic.Kind.ERROR),
  /** {@code @L1} or {@code @Prune} on a layer without weights (pooling, flatten). */
  LAYER_WITHOUT_WEIGHTS(Diagnostic.Kind.ERROR),
  /** Two layer annotations on one method. */
  TWO_LAYER_ANNOTATIONS(Diagnostic.Kind.ERROR),
  /** A layer method with parameters. */
  LAYER_METHOD_PARAMETERS(Diagnostic.Kind.ERROR),
  /** A layer method with a body (default, static or private). */
  LAYER_METHOD_NOT_ABSTRACT(Diagnostic.Kind.ERROR),
  /** A layer method whose return type is not the layer kind's handle. */
  WRONG_RETURN_TYPE(Diagnostic.Kind.ERROR),
  /** A layer name that makes two members of the generated class clash. */
  LAYER_NAME_CLASH(Diagnostic.Kind.ERROR),

  // Shapes and sizes
  /**
   * Conv2D, DepthwiseConv2D, SeparableConv2D or MaxPooling2D on a tensor that is not an image;
   * Flatten on a rank-1 tensor.
   */
  NEEDS_IMAGE_INPUT(Diagnostic.Kind.ERROR),
  /**
   * Conv1D, MaxPooling1D, AveragePooling1D or GlobalAveragePooling1D on a tensor that is not
   * {@code steps x channels} (an image or a vector).
   */
  NEEDS_SEQUENCE_INPUT(Diagnostic.Kind.ERROR),
  /** Dense on a rank-3 tensor without Flatten before it. */
  NEEDS_FLAT_INPUT(Diagnostic.Kind.ERROR),
  /** A kernel or pool window larger than its input under VALID padding. */
  KERNEL_TOO_LARGE(Diagnostic.Kind.ERROR),
  /**
   * {@code filters}, {@code units}, {@code depthMultiplier}, a kernel, stride or pool size
   * {@code <= 0}.
   */
  NOT_POSITIVE(Diagnostic.Kind.ERROR),
  /** A kernel, stride or pool size with other than two values. */
  WRONG_ARITY(Diagnostic.Kind.ERROR),
  /** A tensor, kernel or buffer with more values than a Java array holds. */
  TENSOR_TOO_LARGE(Diagnostic.Kind.ERROR),

  // Values
  /** {@code @L1} negative, NaN or infinite. */
  INVALID_L1(Diagnostic.Kind.ERROR),
  /** {@code @L1} of 0 (does nothing) or >= 1 (zeroes every weight in practice). */
  INEFFECTIVE_L1(Diagnostic.Kind.WARNING),
  /** {@code @LeakyReLU(alpha)} negative, NaN or infinite. */
  INVALID_LEAKY_ALPHA(Diagnostic.Kind.ERROR),
  /** {@code @Dropout(rate)} outside [0, 1), or NaN. */
  INVALID_DROPOUT_RATE(Diagnostic.Kind.ERROR),
  /** {@code @BatchNormalization(momentum)} outside [0, 1), or NaN. */
  INVALID_BATCH_NORM_MOMENTUM(Diagnostic.Kind.ERROR),
  /** {@code @BatchNormalization(epsilon)} not a finite value {@code > 0} (as a float). */
  INVALID_BATCH_NORM_EPSILON(Diagnostic.Kind.ERROR),
  /**
   * {@code @BatchNormalization} as the first layer: it normalises the raw input with batch
   * statistics, where normalising the data once is what is usually meant.
   */
  BATCH_NORMALIZATION_FIRST(Diagnostic.Kind.WARNING),
  /** {@code @Prune(initial|target)} outside [0, 1). */
  PRUNE_SPARSITY_RANGE(Diagnostic.Kind.ERROR),
  /** {@code @Prune(target)} below {@code initial}. */
  PRUNE_TARGET_BELOW_INITIAL(Diagnostic.Kind.ERROR),
  /** {@code @Prune(beginStep) < 0} or {@code endStep <= beginStep}. */
  PRUNE_STEPS(Diagnostic.Kind.ERROR),
  /** {@code @Prune(frequency) <= 0}. */
  PRUNE_FREQUENCY(Diagnostic.Kind.ERROR),
  /**
   * {@code @Prune} whose schedule never updates the mask: training steps count from 1, so with
   * {@code beginStep = 0} the first update is at step {@code frequency}, which is after
   * {@code endStep}.
   */
  PRUNE_NEVER_UPDATES(Diagnostic.Kind.ERROR),
  /** {@code @Prune(power) <= 0}, NaN or infinite. */
  PRUNE_POWER(Diagnostic.Kind.ERROR),
  /** {@code @Prune(structure = N_OF_M)}: invalid n or m, or groups that do not divide the kernel. */
  N_OF_M_GROUPS(Diagnostic.Kind.ERROR),

  // Loss and output
  /** The loss needs a SOFTMAX output layer and the last layer has none. */
  LOSS_NEEDS_SOFTMAX(Diagnostic.Kind.ERROR),
  /** A SPARSEMAX loss without a SPARSEMAX output over a flat vector. */
  LOSS_NEEDS_SPARSEMAX(Diagnostic.Kind.ERROR),
  /** {@code @ActivityL1} negative, NaN or infinite, or on a Flatten layer. */
  INVALID_ACTIVITY_L1(Diagnostic.Kind.ERROR),
  /** SOFTMAX on a hidden layer. */
  HIDDEN_SOFTMAX(Diagnostic.Kind.WARNING),
  /** BINARY_CROSSENTROPY without a SIGMOID output (it reads the sigmoid's logits). */
  BINARY_CROSSENTROPY_NEEDS_SIGMOID(Diagnostic.Kind.ERROR),
  /**
   * MEAN_SQUARED_ERROR over a SOFTMAX or SPARSEMAX output: Keras allows it and it trains, but it
   * fits values that must sum to 1 with a gradient that fades as the softmax saturates; almost
   * always a slip for a classifier's loss, hence a warning.
   */
  MEAN_SQUARED_ERROR_ON_PROBABILITIES(Diagnostic.Kind.WARNING),
  /**
   * A class-label loss (SPARSE_CATEGORICAL_CROSSENTROPY, SPARSEMAX) over a SIGMOID output: the
   * sigmoid's outputs are independent yes/no probabilities, not one distribution over classes.
   */
  CLASS_LOSS_ON_SIGMOID(Diagnostic.Kind.ERROR),

  // The processor
  /** An unknown {@code -Atopiary.*} option. */
  UNKNOWN_OPTION(Diagnostic.Kind.WARNING),
  /** An unexpected exception while reading, validating or writing a model. */
  INTERNAL_ERROR(Diagnostic.Kind.ERROR);

  private final Diagnostic.Kind kind;

  DiagnosticCode(Diagnostic.Kind kind) {
    this.kind = kind;
  }

  /** Whether the diagnostic stops generation (ERROR) or only informs (WARNING). */
  public Diagnostic.Kind kind() {
    return kind;
  }

  /** The label in messages: the constant in UpperCamelCase, e.g. {@code KernelTooLarge}. */
  public String label() {
    StringBuilder s = new StringBuilder();
    for (String part : name().split("_")) {
      s.append(part.charAt(0)).append(part.substring(1).toLowerCase(java.util.Locale.ROOT));
    }
    return s.toString();
  }
}
