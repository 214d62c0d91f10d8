package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import dev.topiary.runtime.kernels.PoolGeometry;
import dev.topiary.runtime.kernels.SequencePoolKernels;
import java.util.Map;

/**
 * The ops of the 1D layers. Conv1D and MaxPooling1D run as a Conv2D and a MaxPooling2D over a
 * {@code 1 x steps x channels} image (the same values in the same order), so they share those
 * ops and their kernels; the average poolings have ops of their own.
 */
final class SequenceOps {
  private SequenceOps() {}

  /** The op of a 1D layer. */
  static Op of(LayerDescription d, Map<String, float[]> tensors) {
    switch (d.kind()) {
      case CONV1D:
        return new Conv2DOp(asImage(d), tensors.get(d.name() + "/kernel"), Op.bias(d, tensors));
      case MAX_POOLING1D:
        return new MaxPoolOp(asImage(d));
      case AVERAGE_POOLING1D:
        return new AveragePool(d);
      default:
        return new GlobalAverage(d);
    }
  }

  /** A Conv1D or MaxPooling1D as the 2D layer over a one-row image that computes the same. */
  static LayerDescription asImage(LayerDescription d) {
    int[] in = {1, d.in(0), d.inChannels()};
    int[] window = {1, d.window(0)};
    int[] strides = {1, d.stride(0)};
    if (d.kind() == LayerKind.CONV1D) {
      return LayerDescription.conv2d(d.name(), in, d.outputChannels(), window, strides,
          d.padding(), d.activation(), d.bias());
    }
    return LayerDescription.maxPooling2d(d.name(), in, window, strides, d.padding());
  }

  /** The one-row pooling geometry of a 1D pooling layer. */
  static PoolGeometry geometry(LayerDescription d) {
    return new PoolGeometry(1, d.in(0), d.inChannels(), 1, d.window(0), 1, d.stride(0), 0,
        d.padBefore(0), 1, d.out(0));
  }

  /** AveragePooling1D. */
  static final class AveragePool extends Op {
    private final PoolGeometry geometry;

    AveragePool(LayerDescription d) {
      super(d);
      geometry = geometry(d);
    }

    @Override
    void forward(float[] x, int xOff, float[] y, int batch) {
      SequencePoolKernels.averageForward(x, xOff, y, batch, geometry);
    }
  }

  /** GlobalAveragePooling1D. */
  static final class GlobalAverage extends Op {
    GlobalAverage(LayerDescription d) {
      super(d);
    }

    @Override
    void forward(float[] x, int xOff, float[] y, int batch) {
      SequencePoolKernels.globalAverageForward(x, xOff, y, batch, desc.in(0), desc.inChannels());
    }
  }
}
