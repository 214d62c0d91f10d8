package dev.topiary.runtime.inference;

import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.MaxPoolKernels;

/** A MaxPooling2D layer's forward. */
final class MaxPoolOp extends Op {
  private final int padTop;
  private final int padLeft;
  private int[] argmax = new int[0];

  MaxPoolOp(LayerDesc d) {
    super(d);
    padTop = Conv2DKernels.padBefore(d.inShape[0], d.window[0], d.strides[0], d.same);
    padLeft = Conv2DKernels.padBefore(d.inShape[1], d.window[1], d.strides[1], d.same);
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (argmax.length < batch * desc.outSize()) {
      argmax = new int[batch * desc.outSize()];
    }
    MaxPoolKernels.forward(x, xOff, y, argmax, batch, desc.inShape[0], desc.inShape[1],
        desc.inChannels(), desc.window[0], desc.window[1], desc.strides[0], desc.strides[1],
        padTop, padLeft, desc.outShape[0], desc.outShape[1]);
  }

  @Override
  long bytes() {
    return 4L * argmax.length;
  }
}
