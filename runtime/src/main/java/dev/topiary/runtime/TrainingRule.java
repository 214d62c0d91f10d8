package dev.topiary.runtime;

/**
 * What a layer's training annotation asks of its weights around every optimizer step:
 * {@code @Prune}'s masks ({@link dev.topiary.runtime.prune.KernelPruning}) and
 * {@code @L1(proximal = true)}'s soft-thresholding ({@link dev.topiary.runtime.optim.ProximalL1}).
 *
 * <p>A generated network lists its rules in layer order ({@link Network#trainingRules()}); the
 * trainer calls every rule, in that order, at these points of each step:
 * {@link #beforeStep}, forward and backward passes, {@link #maskGradients} (strict pruning only),
 * the optimizer's update, {@link #afterUpdate}; and {@link #finishTraining} when {@code fit} ends.
 * Rules live in the network object, so their state (masks, step counts) carries over from one
 * {@code fit} call to the next, as tfmot's pruning wrappers do.
 */
public interface TrainingRule {
  /** A training step is about to run, before its forward pass. */
  default void beforeStep() {}

  /** Strict pruning only: between the backward pass and the optimizer's update. */
  default void maskGradients() {}

  /**
   * After the optimizer's update.
   *
   * @param optimizer the optimizer that took the step: its per-weight state and step sizes
   * @param strict whether the trainer runs the strict pruning variant
   */
  default void afterUpdate(OptimizerState optimizer, boolean strict) {}

  /** Training ended: make the weights final (tfmot's {@code strip_pruning}). */
  default void finishTraining() {}

  /** The network's weights were replaced by those of a model file. */
  default void weightsLoaded() {}
}
