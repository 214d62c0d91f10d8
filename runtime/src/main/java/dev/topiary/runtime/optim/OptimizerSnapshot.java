package dev.topiary.runtime.optim;

/**
 * An optimizer's state as a training checkpoint stores it: its name, the number of steps taken,
 * its learning rate, and its per-weight state ("slots": Adam's two moments, SGD's velocity, ...),
 * {@code [slot kind][parameter][value]} in the order of the network's parameters.
 *
 * <p>A custom {@link Optimizer} that keeps state offers it by overriding
 * {@link Optimizer#snapshot()} and {@link Optimizer#restore}; the arrays are taken as they are,
 * not copied.
 */
public final class OptimizerSnapshot {
  private final String name;
  private final int iterations;
  private final double learningRate;
  private final boolean fixedRate;
  private final float[][][] slots;

  /**
   * @param name the optimizer's name, checked on restore (e.g. {@code "Adam"})
   * @param iterations the steps taken, 0 or more
   * @param learningRate the rate of the next step
   * @param fixedRate whether that rate is a fixed one (which {@code ReduceLROnPlateau} may have
   *     changed) rather than a schedule's
   * @param slots the per-weight state, {@code [kind][parameter][value]}; no kinds before the
   *     first step
   * @throws IllegalArgumentException if {@code name} or {@code slots} is null or a count negative
   */
  public OptimizerSnapshot(String name, int iterations, double learningRate, boolean fixedRate,
      float[][][] slots) {
    if (name == null || slots == null) {
      throw new IllegalArgumentException("OptimizerSnapshot: expected a name and slots, found "
          + (name == null ? "no name" : "no slots"));
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("OptimizerSnapshot: iterations expected 0 or more, found "
          + iterations);
    }
    this.name = name;
    this.iterations = iterations;
    this.learningRate = learningRate;
    this.fixedRate = fixedRate;
    this.slots = slots;
  }

  /** The optimizer's name. */
  public String name() {
    return name;
  }

  /** The steps taken. */
  public int iterations() {
    return iterations;
  }

  /** The learning rate of the next step. */
  public double learningRate() {
    return learningRate;
  }

  /** Whether the rate is fixed rather than a schedule's. */
  public boolean fixedRate() {
    return fixedRate;
  }

  /** The per-weight state, {@code [kind][parameter][value]}; not a copy. */
  public float[][][] slots() {
    return slots;
  }
}
