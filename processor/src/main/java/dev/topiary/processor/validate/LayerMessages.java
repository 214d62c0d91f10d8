package dev.topiary.processor.validate;

/**
 * The wording of the diagnostics of Dropout, pooling and BatchNormalization layers, as
 * {@link Messages}: {@code <where>: <what is wrong>; expected <x>, found <y>; <fix>}.
 */
final class LayerMessages {
  private LayerMessages() {}

  static String invalidDropoutRate(String layer, double rate) {
    return layer + ": @Dropout(rate) is the fraction of values dropped while training; expected "
        + "a value in [0, 1), found " + rate + "; use e.g. @Dropout(0.2)";
  }

  static String invalidMomentum(String layer, double momentum) {
    return layer + ": @BatchNormalization(momentum) weighs the moving statistics against each "
        + "batch's; expected a value in [0, 1), found " + momentum + "; use e.g. momentum = 0.99, "
        + "Keras's default";
  }

  static String invalidEpsilon(String layer, double epsilon) {
    return layer + ": @BatchNormalization(epsilon) is added to the variance before its square "
        + "root; expected a finite value > 0 (as a float), found " + epsilon + "; use e.g. "
        + "epsilon = 1e-3, Keras's default";
  }

  static String batchNormalizationFirst(String layer) {
    return layer + ": @BatchNormalization first normalises the raw input with each batch's "
        + "statistics while training; expected a layer before it (it usually follows a Conv2D or "
        + "Dense, into which the inference export folds it), found it first; normalise the input "
        + "data once instead, or move it after a Conv2D or Dense";
  }
}
