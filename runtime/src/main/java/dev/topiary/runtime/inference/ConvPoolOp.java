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
import dev.topiary.runtime.sparse.KernelChoice;
import dev.topiary.runtime.sparse.LaneConvPool;
import dev.topiary.runtime.sparse.LaneDense;

/**
 * A Conv2D layer with ReLU or no activation and the MaxPooling2D after it, run fused by
 * {@link ConvPool} as the generated networks' inference does: only the pooled output is written,
 * and the conv's zero weights are skipped, so a pruned conv costs in proportion to its non-zeros.
 * One example at a time runs {@link ConvPoolList} instead (its kernel prepared once, no padded
 * taps), and when a Dense layer follows the Flatten ({@link #feeds}), the pooled output is not
 * written at all: only the list of its non-zero values, which the Dense layer reads (on the
 * Vector API kernels, {@link ConvPool#forwardListed}'s list of differences from the
 * background, when the Dense layer multiplies dense rows). Batches
 * whose Dense layer runs in lane layout ({@link KernelChoice#lanes}) run {@link LaneConvPool}
 * and that layer's product ({@link LaneDense}) here, sixteen images a tile, and write the
 * product for the Dense op.
 */
final class ConvPoolOp extends Op {
  private final LayerDescription pool;
  private final float[] kernel;
  private final float[] bias;
  private final ConvPool kernelPass;
  private final ConvPoolList single;
  private final ConvGeometry convGeometry;
  private final PoolGeometry poolGeometry;
  /** The lane-layout pass, made when a Dense layer in lane layout follows; else null. */
  private LaneConvPool lanes;
  private final boolean laneable;
  private float[] tile = new float[0];
  /** The Dense layer after the Flatten, when there is one, or null. */
  private DenseOp next;

  ConvPoolOp(LayerDescription conv, LayerDescription pool, float[] kernel, float[] bias) {
    super(conv);
    this.pool = pool;
    this.kernel = kernel;
    this.bias = bias;
    convGeometry = ConvGeometry.of(conv);
    poolGeometry = PoolGeometry.of(pool);
    kernelPass = new ConvPool(convGeometry, poolGeometry);
    laneable = LaneConvPool.accepts(poolGeometry);
    single = new ConvPoolList(convGeometry, poolGeometry, kernel, bias, conv.activation() == Activation.RELU);
  }

  /**
   * Links the Dense layer that takes this op's flattened output: at batch 1 it then reads the
   * non-zero pooled values from a list this op fills, and the pooled output is not written. On
   * the Vector API kernels the conv's listed pass fills it ({@link ConvPool#vectorListed}: 2x2
   * pooling at any filter count, so also a channel-pruned conv's 14).
   */
  void feeds(DenseOp dense) {
    next = dense;
    float[] background = new float[pool.outSize()];
    kernelPass.forward(new float[convGeometry.h * convGeometry.w * convGeometry.c], 0, kernel,
        bias, desc.activation() == Activation.RELU, background, 1);
    dense.listInput(new InputList(pool.outSize()), single, !vectorized(),
        kernelPass.vectorListed(), background);
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
    LaneDense dense = next == null ? null : next.lanes();
    if (dense != null && laneable && batch >= KernelChoice.LANE_MIN_BATCH) {
      forwardLanes(x, xOff, y, batch, dense);
      next.input(DenseOp.Input.PRODUCT);
      return;
    }
    if (batch == 1 && next != null && next.listedIndex() != null) {
      int count = kernelPass.forwardListed(x, xOff, kernel, bias,
          desc.activation() == Activation.RELU, next.listedValues(), next.listedIndex());
      if (count >= 0) {
        next.listed(count);
        return;
      }
    }
    if (next != null) {
      next.input(batch == 1 && !kernelPass.vectorized() ? DenseOp.Input.LIST
          : DenseOp.Input.TENSOR);
    }
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

  /** This op and the Dense layer's product, a tile of images at a time, into {@code y}. */
  private void forwardLanes(float[] x, int xOff, float[] y, int batch, LaneDense dense) {
    int lanesPerTile = LaneConvPool.LANES;
    if (lanes == null) {
      lanes = new LaneConvPool(convGeometry, poolGeometry, kernel, bias,
          desc.activation() == Activation.RELU);
    }
    if (tile.length < lanes.outputSize() * lanesPerTile) {
      tile = new float[lanes.outputSize() * lanesPerTile];
    }
    int image = convGeometry.h * convGeometry.w * convGeometry.c;
    int units = next.desc.outputChannels();
    float[] b = next.bias();
    for (int n0 = 0; n0 < batch; n0 += lanesPerTile) {
      int images = Math.min(lanesPerTile, batch - n0);
      lanes.forward(x, xOff + n0 * image, images, tile);
      dense.mulAddBias(tile, images, b, y, n0 * units);
    }
  }

  @Override
  float[] kernel() {
    return kernel;
  }

  @Override
  long bytes() {
    return 4L * (kernel.length + bias.length + tile.length) + kernelPass.bytes() + single.bytes()
        + (lanes == null ? 0 : lanes.bytes());
  }
}
