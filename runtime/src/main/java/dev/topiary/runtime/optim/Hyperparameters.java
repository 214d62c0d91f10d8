package dev.topiary.runtime.optim;

/** Checks of optimizer arguments; each failure says what was expected and what was found. */
final class Hyperparameters {
  private Hyperparameters() {}

  /** Returns {@code value} if it is a finite number greater than 0. */
  static double learningRate(String optimizer, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(optimizer, "learningRate", "a finite number > 0", value);
    }
    return value;
  }

  /** Returns {@code value} if it lies in [0, 1): a decay rate (beta, momentum) that forgets. */
  static double decay(String optimizer, String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw invalid(optimizer, name, "a number in [0, 1)", value);
    }
    return value;
  }

  /** Returns {@code value} if it is a finite number greater than 0, so divisions stay finite. */
  static double epsilon(String optimizer, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw invalid(optimizer, "epsilon", "a finite number > 0", value);
    }
    return value;
  }

  private static IllegalArgumentException invalid(
      String optimizer, String name, String expected, double found) {
    return new IllegalArgumentException(
        optimizer + ": " + name + " expected " + expected + ", found " + found);
  }
}
