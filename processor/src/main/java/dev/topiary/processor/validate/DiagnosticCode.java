package dev.topiary.processor.validate;

import javax.tools.Diagnostic;

/**
 * Every diagnostic the processor reports: a closed set, each with its kind and its label in
 * messages ({@code [Topiary/KernelTooLarge]}). Each has a test.
 */
public enum DiagnosticCode {
  NOT_AN_INTERFACE(Diagnostic.Kind.ERROR),
  GENERIC_MODEL(Diagnostic.Kind.ERROR),
  PRIVATE_MODEL(Diagnostic.Kind.ERROR),
  NOT_A_NETWORK(Diagnostic.Kind.ERROR),
  INVALID_INPUT(Diagnostic.Kind.ERROR),
  NO_LAYERS(Diagnostic.Kind.ERROR),
  MISSING_LAYER_ANNOTATION(Diagnostic.Kind.ERROR),
  LAYER_WITHOUT_WEIGHTS(Diagnostic.Kind.ERROR),
  TWO_LAYER_ANNOTATIONS(Diagnostic.Kind.ERROR),
  LAYER_METHOD_PARAMETERS(Diagnostic.Kind.ERROR),
  LAYER_METHOD_NOT_ABSTRACT(Diagnostic.Kind.ERROR),
  WRONG_RETURN_TYPE(Diagnostic.Kind.ERROR),
  NEEDS_IMAGE_INPUT(Diagnostic.Kind.ERROR),
  NEEDS_FLAT_INPUT(Diagnostic.Kind.ERROR),
  KERNEL_TOO_LARGE(Diagnostic.Kind.ERROR),
  NOT_POSITIVE(Diagnostic.Kind.ERROR),
  WRONG_ARITY(Diagnostic.Kind.ERROR),
  INVALID_L1(Diagnostic.Kind.ERROR),
  INEFFECTIVE_L1(Diagnostic.Kind.WARNING),
  PRUNE_SPARSITY_RANGE(Diagnostic.Kind.ERROR),
  PRUNE_TARGET_BELOW_INITIAL(Diagnostic.Kind.ERROR),
  PRUNE_STEPS(Diagnostic.Kind.ERROR),
  PRUNE_FREQUENCY(Diagnostic.Kind.ERROR),
  PRUNE_POWER(Diagnostic.Kind.ERROR),
  N_OF_M_GROUPS(Diagnostic.Kind.ERROR),
  LOSS_NEEDS_SOFTMAX(Diagnostic.Kind.ERROR),
  LOSS_NEEDS_SPARSEMAX(Diagnostic.Kind.ERROR),
  INVALID_ACTIVITY_L1(Diagnostic.Kind.ERROR),
  HIDDEN_SOFTMAX(Diagnostic.Kind.WARNING),
  UNKNOWN_OPTION(Diagnostic.Kind.WARNING),
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
