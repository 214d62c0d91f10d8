package dev.topiary.benchmarks;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.PoolGeometry;

/** The seed CNN's conv and pooling geometry, as the generated class declares them. */
final class SeedGeometry {
  /** Conv2D 32 filters of 3x3 over 28x28x1, VALID: 26x26x32. */
  static final ConvGeometry CONV = new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, 32);
  /** MaxPooling2D 2x2 over 26x26x32: 13x13x32. */
  static final PoolGeometry POOL = new PoolGeometry(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13);

  private SeedGeometry() {}
}
