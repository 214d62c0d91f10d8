package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.MaxPoolKernels;

/** A MaxPooling2D layer's forward. */
final class MaxPoolOp extends Op {
  private final int padTop;
  private final int padLeft;
  private int[] argmax = new int[0];

  MaxPoolOp(LayerDescription d) {
    super(d);
    padTop = Conv2DKernels.padBefore(d.in(0), d.window(0), d.stride(0), d.same());
    padLeft = Conv2DKernels.padBefore(d.in(1), d.window(1), d.stride(1), d.same());
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (argmax.length < batch * desc.outSize()) {
      argmax = new int[batch * desc.outSize()];
    }
    MaxPoolKernels.forward(x, xOff, y, argmax, batch, desc.in(0), desc.in(1),
        desc.inChannels(), desc.window(0), desc.window(1), desc.stride(0), desc.stride(1),
        padTop, padLeft, desc.out(0), desc.out(1));
  }

  @Override
  long bytes() {
    return 4L * argmax.length;
  }
}
