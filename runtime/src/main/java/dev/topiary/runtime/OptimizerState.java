package dev.topiary.runtime;

/**
 * What a {@link TrainingRule} may ask of the optimizer that took the last step: its per-weight
 * state and the size of that step. Every {@link dev.topiary.runtime.optim.Optimizer} offers it.
 */
public interface OptimizerState {
  /**
   * Zeroes the optimizer's per-weight state (moments, velocity) of {@code parameter} wherever
   * {@code mask} is 0, so that pruned weights carry no momentum back: the strict pruning variant.
   * Does nothing before the first step.
   */
  void maskState(Parameter parameter, float[] mask);

  /**
   * The proximal step of L1 after the update: {@code w <- sign(w) * max(|w| - t_i, 0)} over
   * {@code parameter}'s values, with {@code t_i = lambda *} the size of the last step for weight
   * {@code i} (for SGD the learning rate; for Adam {@code lr_t / (sqrt(v_i) + eps)}).
   */
  void softThreshold(Parameter parameter, float lambda);
}
