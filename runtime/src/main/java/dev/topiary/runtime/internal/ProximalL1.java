package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;

/** A kernel under {@code @L1(proximal = true)}: soft-thresholded after every optimizer step. */
public final class ProximalL1 {
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
}
