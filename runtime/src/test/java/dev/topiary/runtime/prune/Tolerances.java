package dev.topiary.runtime.prune;

/** The tolerances of the pruning tests, in one place. */
final class Tolerances {
  /**
   * A schedule's sparsity in double precision against an exact decimal reference: a few roundings
   * of about 1e-16 relative on values of order 1.
   */
  static final double SCHEDULE = 1e-12;

  /** {@code Math.pow} with a non-integer power against {@code exp(power * log(x))}. */
  static final double SCHEDULE_FRACTIONAL_POWER = 1e-12;

  private Tolerances() {}
}
