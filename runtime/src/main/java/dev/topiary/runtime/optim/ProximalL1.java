package dev.topiary.runtime.optim;

import dev.topiary.runtime.OptimizerState;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;

/**
 * A kernel under {@code @L1(proximal = true)}: soft-thresholded after every optimizer step by that
 * step's own per-weight size (proximal gradient), which gives exact zeros.
 */
public final class ProximalL1 implements TrainingRule {
  private final Parameter kernel;
  private final float lambda;

  /** The kernel and its factor lambda. */
  public ProximalL1(Parameter kernel, float lambda) {
    this.kernel = kernel;
    this.lambda = lambda;
  }

  /** The kernel. */
  public Parameter kernel() {
    return kernel;
  }

  /** The factor lambda. */
  public float lambda() {
    return lambda;
  }

  @Override
  public void afterUpdate(OptimizerState optimizer, boolean strict) {
    optimizer.softThreshold(kernel, lambda);
  }
}
