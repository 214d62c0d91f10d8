package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.SparseKernel;

/** A Conv2D layer's forward: im2col, then the dense or sparse product, bias and activation. */
final class Conv2DOp extends Op {
  private final float[] kernel;
  private final float[] bias;
  private final int kh;
  private final int kw;
  private final int h;
  private final int w;
  private final int c;
  private final int oh;
  private final int ow;
  private final int filters;
  private final int patch;
  private final ConvGeometry geometry;
  private SparseKernel sparse;
  private float[] cols = new float[0];
  private final float[] scratch;

  Conv2DOp(LayerDescription d, float[] kernel, float[] bias) {
    super(d);
    this.kernel = kernel;
    this.bias = bias;
    kh = d.window(0);
    kw = d.window(1);
    h = d.in(0);
    w = d.in(1);
    c = d.in(2);
    oh = d.out(0);
    ow = d.out(1);
    filters = d.outputChannels();
    patch = kh * kw * c;
    geometry = ConvGeometry.of(d);
    scratch = new float[filters];
  }

  @Override
  void prepare(KernelMode mode) {
    sparse = mode == KernelMode.DENSE ? null
        : SparseKernel.prepare(kernel, patch, filters, mode == KernelMode.SPARSE);
  }

  boolean sparse() {
    return sparse != null;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    int rows = batch * oh * ow;
    if (cols.length < rows * patch) {
      cols = new float[rows * patch];
    }
    if (sparse != null) {
      sparse.conv(x, xOff, bias, y, cols, batch, geometry);
    } else {
      Conv2DKernels.im2col(x, xOff, cols, batch, geometry);
      MatMul.mulAddBias(cols, 0, kernel, bias, y, rows, patch, filters);
    }
    keep(y, rows * filters);
    activate(desc.activation(), LayerDescription.DEFAULT_ALPHA, y, rows, filters, scratch);
  }

  @Override
  long bytes() {
    return 4L * (kernel.length + bias.length + cols.length + scratch.length)
        + (sparse == null ? 0 : sparse.bytes());
  }
}
