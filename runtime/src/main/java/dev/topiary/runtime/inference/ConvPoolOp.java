package dev.topiary.runtime.inference;

import dev.topiary.Activation;
import dev.topiary.architecture.Fusion;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.ConvPool;

/**
 * A Conv2D layer with ReLU or no activation and the MaxPooling2D after it, run fused by
 * {@link ConvPool} as the generated networks' inference does: only the pooled output is written,
 * and the conv's zero weights are skipped, so a pruned conv costs in proportion to its non-zeros.
 */
final class ConvPoolOp extends Op {
  private final LayerDescription pool;
  private final float[] kernel;
  private final float[] bias;
  private final ConvPool kernelPass;

  ConvPoolOp(LayerDescription conv, LayerDescription pool, float[] kernel, float[] bias) {
    super(conv);
    this.pool = pool;
    this.kernel = kernel;
    this.bias = bias;
    int h = conv.in(0);
    int w = conv.in(1);
    int ch = pool.in(0);
    int cw = pool.in(1);
    kernelPass = new ConvPool(h, w, conv.inChannels(), conv.window(0), conv.window(1),
        conv.stride(0), conv.stride(1),
        Conv2DKernels.padBefore(h, conv.window(0), conv.stride(0), conv.same()),
        Conv2DKernels.padBefore(w, conv.window(1), conv.stride(1), conv.same()),
        ch, cw, conv.outputChannels(), pool.window(0), pool.window(1), pool.stride(0), pool.stride(1),
        Conv2DKernels.padBefore(ch, pool.window(0), pool.stride(0), pool.same()),
        Conv2DKernels.padBefore(cw, pool.window(1), pool.stride(1), pool.same()),
        pool.out(0), pool.out(1));
  }

  /** Whether {@code conv} and {@code next} run fused: a ReLU or linear conv, then max pooling. */
  static boolean fuses(LayerDescription conv, LayerDescription next) {
    return Fusion.convPool(conv.kind(), conv.activation(), next == null ? null : next.kind());
  }

  /** The pooling layer fused into this op. */
  LayerDescription pool() {
    return pool;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    kernelPass.forward(x, xOff, kernel, bias, desc.activation() == Activation.RELU, y, batch);
  }

  @Override
  long bytes() {
    return 4L * (kernel.length + bias.length) + kernelPass.bytes();
  }
}
