package dev.topiary.runtime.inference;

import dev.topiary.Activation;
import dev.topiary.architecture.Fusion;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.ConvPool;
import dev.topiary.runtime.kernels.PoolGeometry;
import dev.topiary.runtime.sparse.ConvPoolList;
import dev.topiary.runtime.sparse.InputList;

/**
 * A Conv2D layer with ReLU or no activation and the MaxPooling2D after it, run fused by
 * {@link ConvPool} as the generated networks' inference does: only the pooled output is written,
 * and the conv's zero weights are skipped, so a pruned conv costs in proportion to its non-zeros.
 * One example at a time runs {@link ConvPoolList} instead (its kernel prepared once, no padded
 * taps), and when a Dense layer follows the Flatten ({@link #feeds}), the pooled output is not
 * written at all: only the list of its non-zero values, which the Dense layer reads.
 */
final class ConvPoolOp extends Op {
  private final LayerDescription pool;
  private final float[] kernel;
  private final float[] bias;
  private final ConvPool kernelPass;
  private final ConvPoolList single;
  /** The Dense layer after the Flatten, when there is one, or null. */
  private DenseOp next;

  ConvPoolOp(LayerDescription conv, LayerDescription pool, float[] kernel, float[] bias) {
    super(conv);
    this.pool = pool;
    this.kernel = kernel;
    this.bias = bias;
    ConvGeometry convGeometry = ConvGeometry.of(conv);
    PoolGeometry poolGeometry = PoolGeometry.of(pool);
    kernelPass = new ConvPool(convGeometry, poolGeometry);
    single = new ConvPoolList(convGeometry, poolGeometry, kernel, bias, conv.activation() == Activation.RELU);
  }

  /**
   * Links the Dense layer that takes this op's flattened output: at batch 1 it then reads the
   * non-zero pooled values from a list this op fills, and the pooled output is not written.
   */
  void feeds(DenseOp dense) {
    next = dense;
    dense.listInput(new InputList(pool.outSize()), single);
  }

  /** Whether {@code conv} and {@code next} run fused: a ReLU or linear conv, then max pooling. */
  static boolean fuses(LayerDescription conv, LayerDescription next) {
    return Fusion.convPool(conv.kind(), conv.activation(), next == null ? null : next.kind());
  }

  /** Whether the fused pass runs on the Vector API kernels (then no Dense reads a list). */
  boolean vectorized() {
    return kernelPass.vectorized();
  }

  /** The pooling layer fused into this op. */
  LayerDescription pool() {
    return pool;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (batch > 1 || kernelPass.vectorized()) {
      kernelPass.forward(x, xOff, kernel, bias, desc.activation() == Activation.RELU, y, batch);
    } else if (next != null) {
      int[] order = next.listOrder();
      if (order != null) {
        single.forward(x, xOff, next.list(), order);
      } else {
        single.forward(x, xOff, next.list());
      }
    } else {
      single.forward(x, xOff, y, 0);
    }
  }

  @Override
  float[] kernel() {
    return kernel;
  }

  @Override
  long bytes() {
    return 4L * (kernel.length + bias.length) + kernelPass.bytes() + single.bytes();
  }
}
