package dev.topiary.runtime.optim;

/** The tolerances of the optimizer tests, in one place. */
final class Tolerances {
  /**
   * Float updates against a double-precision reference over a few dozen steps: each step rounds
   * at about 6e-8 relative and the weights stay of order 1.
   */
  static final double TRAJECTORY = 2e-5;

  /** A single float step against its exact value. */
  static final double ONE_STEP = 1e-6;

  private Tolerances() {}
}
