package dev.topiary.runtime.prune;

/**
 * Checks of pruning arguments, and the one rounding rule; each failure says what was expected and
 * what was found.
 */
final class PruneArguments {
  private PruneArguments() {}

  /** Returns {@code sparsity} if it lies in [0, 1]. */
  static double sparsity(String where, double sparsity) {
    if (!(sparsity >= 0 && sparsity <= 1)) {
      throw invalid(where, "sparsity", "a number in [0, 1]", String.valueOf(sparsity));
    }
    return sparsity;
  }

  /**
   * How many of {@code n} things sparsity {@code s} removes: {@code Math.round(s * n)}, half up.
   * (tfmot keeps {@code tf.round(n * (1 - s))} and PyTorch prunes {@code round(s * n)}, both half
   * to even; the results differ only when {@code s * n} ends in exactly .5.)
   */
  static int count(double sparsity, int n) {
    return (int) Math.min(n, Math.round(sparsity * n));
  }

  /** Checks that {@code array} has {@code expected} elements. */
  static void length(String where, String name, float[] array, long expected) {
    if (array.length != expected) {
      throw invalid(
          where, name + " length", String.valueOf(expected), String.valueOf(array.length));
    }
  }

  /** Returns {@code value} if it is at least 1. */
  static int positive(String where, String name, int value) {
    if (value < 1) {
      throw invalid(where, name, "at least 1", String.valueOf(value));
    }
    return value;
  }

  static IllegalArgumentException invalid(
      String where, String name, String expected, String found) {
    return new IllegalArgumentException(
        where + ": " + name + " expected " + expected + ", found " + found);
  }
}
