package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import dev.topiary.runtime.kernels.AveragePoolKernels;
import dev.topiary.runtime.kernels.MaxPoolKernels;
import dev.topiary.runtime.kernels.PoolGeometry;

/**
 * An AveragePooling2D, GlobalAveragePooling2D or GlobalMaxPooling2D layer's forward (a global
 * pooling is a pooling whose window is the whole image).
 */
final class PoolOp extends Op {
  private final PoolGeometry geometry;
  private final boolean max;
  private int[] argmax = new int[0];

  PoolOp(LayerDescription d) {
    super(d);
    if (d.kind() == LayerKind.AVERAGE_POOLING2D) {
      geometry = new PoolGeometry(d.in(0), d.in(1), d.inChannels(), d.window(0), d.window(1),
          d.stride(0), d.stride(1), d.padBefore(0), d.padBefore(1), d.out(0), d.out(1));
    } else {
      geometry = AveragePoolKernels.global(d.in(0), d.in(1), d.inChannels());
    }
    max = d.kind() == LayerKind.GLOBAL_MAX_POOLING2D;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (!max) {
      AveragePoolKernels.forward(x, xOff, y, batch, geometry);
      return;
    }
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
