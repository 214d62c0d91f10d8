package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.kernels.MaxPoolKernels;
import dev.topiary.runtime.kernels.PoolGeometry;

/** A MaxPooling2D layer's forward. */
final class MaxPoolOp extends Op {
  private final PoolGeometry geometry;
  private int[] argmax = new int[0];

  MaxPoolOp(LayerDescription d) {
    super(d);
    geometry = PoolGeometry.of(d);
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (argmax.length < batch * desc.outSize()) {
      argmax = new int[batch * desc.outSize()];
    }
    MaxPoolKernels.forward(x, xOff, y, argmax, batch, geometry);
  }

  @Override
  long bytes() {
    return 4L * argmax.length;
  }
}
