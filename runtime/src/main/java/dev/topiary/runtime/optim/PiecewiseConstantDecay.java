package dev.topiary.runtime.optim;

import java.util.Arrays;

/**
 * Keras's {@code PiecewiseConstantDecay}: {@code values[0]} up to and including step
 * {@code boundaries[0]}, {@code values[i]} for steps in {@code (boundaries[i-1], boundaries[i]]},
 * and the last value after the last boundary.
 */
public final class PiecewiseConstantDecay implements LearningRateSchedule {
  private final long[] boundaries;
  private final double[] values;

  /**
   * @param boundaries increasing steps, at least one
   * @param values one more than {@code boundaries}, each a finite number &gt; 0
   * @throws IllegalArgumentException if the lengths or values are out of range
   */
  public PiecewiseConstantDecay(long[] boundaries, double[] values) {
    if (boundaries.length == 0 || values.length != boundaries.length + 1) {
      throw new IllegalArgumentException("PiecewiseConstantDecay: expected at least one boundary"
          + " and one value more than boundaries, found " + boundaries.length + " boundaries and "
          + values.length + " values");
    }
    for (int i = 1; i < boundaries.length; i++) {
      if (boundaries[i] <= boundaries[i - 1]) {
        throw new IllegalArgumentException("PiecewiseConstantDecay: expected increasing "
            + "boundaries, found " + Arrays.toString(boundaries));
      }
    }
    for (double v : values) {
      Hyperparameters.learningRate("PiecewiseConstantDecay", v);
    }
    this.boundaries = boundaries.clone();
    this.values = values.clone();
  }

  @Override
  public double rateAt(long step) {
    for (int i = 0; i < boundaries.length; i++) {
      if (step <= boundaries[i]) {
        return values[i];
      }
    }
    return values[values.length - 1];
  }

  @Override
  public String toString() {
    return "PiecewiseConstantDecay(" + Arrays.toString(boundaries) + ", "
        + Arrays.toString(values) + ")";
  }
}
