package dev.topiary.runtime.optim;

import dev.topiary.runtime.OptimizerState;
import dev.topiary.runtime.Parameter;

/**
 * An update rule that moves parameters against their gradients, one training step at a time.
 *
 * <p>An optimizer belongs to one network: the first {@link #step} binds it to that parameter list
 * and allocates its state (for example Adam's moments), one array per parameter; later steps reuse
 * that state and allocate nothing. Not thread-safe: call it from the training thread.
 */
public interface Optimizer extends OptimizerState {
  /**
   * Applies one update to every parameter, using each {@link Parameter#grad} from the last
   * backward pass and writing {@link Parameter#value} in place. Gradients are read, not cleared.
   *
   * @param params the network's parameters, the same list (count, order and sizes) at every call
   * @throws IllegalStateException if {@code params} differs in count or sizes from the list of the
   *     first call
   */
  void step(Parameter[] params);

  /** The number of steps applied so far (Keras's {@code iterations}); 0 before the first. */
  int iterations();

  /** The learning rate the next step will use (its schedule's rate at {@link #iterations()}). */
  float learningRate();

  /** The learning rate at each step (a fixed rate is a constant schedule). */
  LearningRateSchedule schedule();

  /**
   * Sets a fixed learning rate from the next step on, as {@code ReduceLROnPlateau} does.
   *
   * @throws IllegalStateException if the optimizer follows a schedule (Keras refuses too)
   * @throws IllegalArgumentException unless {@code rate} is a finite number &gt; 0
   */
  void setLearningRate(double rate);

  /**
   * The optimizer's state for a training checkpoint: a copy, so later steps do not change it.
   * The built-in optimizers offer it; a custom optimizer that keeps state overrides this method
   * and {@link #restore}.
   *
   * @throws UnsupportedOperationException if this optimizer cannot be checkpointed (the default)
   */
  default OptimizerSnapshot snapshot() {
    throw new UnsupportedOperationException(getClass().getName() + " cannot be saved in a "
        + "checkpoint: expected an optimizer that overrides Optimizer.snapshot() and restore()");
  }

  /**
   * Takes the state of a checkpoint, bound to {@code params} (the network's parameters, as
   * {@link #step} will get them), as if this optimizer had taken the snapshot's steps. Checks
   * everything before it changes anything.
   *
   * @throws IllegalArgumentException if the snapshot is of another optimizer, another kind of
   *     learning rate, or does not fit {@code params}; the message says what was expected
   * @throws UnsupportedOperationException if this optimizer cannot be checkpointed (the default)
   */
  default void restore(OptimizerSnapshot state, Parameter[] params) {
    throw new UnsupportedOperationException(getClass().getName() + " cannot be restored from a "
        + "checkpoint: expected an optimizer that overrides Optimizer.snapshot() and restore()");
  }
}
