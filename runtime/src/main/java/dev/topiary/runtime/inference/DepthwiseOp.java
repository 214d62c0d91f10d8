package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.DepthwiseKernels;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.SparseKernel;

/**
 * A DepthwiseConv2D layer's forward (depthwise, bias, activation), or a SeparableConv2D's
 * (depthwise, then the pointwise product with the bias, sparse when the pointwise kernel is
 * sparse enough, as {@link KernelMode} chooses for Dense layers; then the activation).
 */
final class DepthwiseOp extends Op {
  private final float[] depthwise;
  private final float[] pointwise;
  private final float[] bias;
  private final ConvGeometry geometry;
  private final int multiplier;
  private final int middle;
  private final int channels;
  private final float[] scratch;
  private float[] mid = new float[0];
  /** The pointwise kernel's sparse form, or null to run dense (and for DepthwiseConv2D). */
  private SparseKernel sparse;

  DepthwiseOp(LayerDescription d, float[] depthwise, float[] pointwise, float[] bias) {
    super(d);
    this.depthwise = depthwise;
    this.pointwise = pointwise;
    this.bias = bias;
    multiplier = d.depthMultiplier();
    middle = d.inChannels() * multiplier;
    channels = d.outChannels();
    geometry = new ConvGeometry(d.in(0), d.in(1), d.inChannels(), d.window(0), d.window(1),
        d.stride(0), d.stride(1), d.padBefore(0), d.padBefore(1), d.out(0), d.out(1), middle);
    scratch = new float[channels];
  }

  /** The op of a DepthwiseConv2D or SeparableConv2D layer, its tensors from {@code tensors}. */
  static DepthwiseOp of(LayerDescription d, java.util.Map<String, float[]> tensors) {
    if (d.kind() == LayerKind.SEPARABLE_CONV2D) {
      return new DepthwiseOp(d, tensors.get(d.name() + "/depthwise_kernel"),
          tensors.get(d.name() + "/pointwise_kernel"), bias(d, tensors));
    }
    return new DepthwiseOp(d, tensors.get(d.name() + "/kernel"), null, bias(d, tensors));
  }

  @Override
  void prepare(KernelMode mode) {
    sparse = pointwise == null || mode == KernelMode.DENSE ? null
        : SparseKernel.prepare(pointwise, middle, channels, mode == KernelMode.SPARSE);
  }

  /** Whether the pointwise product runs sparse. */
  boolean sparse() {
    return sparse != null;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    int rows = batch * geometry.positions();
    if (pointwise == null) {
      DepthwiseKernels.forward(x, xOff, depthwise, bias, y, batch, geometry, multiplier);
    } else {
      if (mid.length < rows * middle) {
        mid = new float[rows * middle];
      }
      DepthwiseKernels.forward(x, xOff, depthwise, null, mid, batch, geometry, multiplier);
      if (sparse != null) {
        sparse.mulAddBias(mid, 0, bias, y, rows);
      } else {
        MatMul.mulAddBias(mid, 0, pointwise, bias, y, rows, middle, channels);
      }
    }
    keep(y, rows * channels);
    activate(desc.activation(), LayerDescription.DEFAULT_ALPHA, y, rows, channels, scratch);
  }

  @Override
  long bytes() {
    return 4L * (depthwise.length + (pointwise == null ? 0 : pointwise.length) + bias.length
        + mid.length + scratch.length) + (sparse == null ? 0 : sparse.bytes());
  }
}
