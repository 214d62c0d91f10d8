package dev.topiary.runtime.inference;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.SparseKernel;

/** A Dense layer's forward: the dense or sparse product {@code x W + b}, then the activation. */
final class DenseOp extends Op {
  private final float[] kernel;
  private final float[] bias;
  private final int in;
  private final int units;
  private final float[] scratch;
  private SparseKernel sparse;

  DenseOp(LayerDesc d, float[] kernel, float[] bias) {
    super(d);
    this.kernel = kernel;
    this.bias = bias;
    in = d.inSize();
    units = d.size;
    scratch = new float[units];
  }

  @Override
  void prepare(KernelMode mode) {
    sparse = mode == KernelMode.DENSE ? null
        : SparseKernel.prepare(kernel, in, units, mode == KernelMode.SPARSE);
  }

  boolean sparse() {
    return sparse != null;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (sparse != null) {
      sparse.mulAddBias(x, xOff, bias, y, batch);
    } else {
      MatMul.mulAddBias(x, xOff, kernel, bias, y, batch, in, units);
    }
    keep(y, batch * units);
    activate(desc.activation, LayerDesc.DEFAULT_ALPHA, y, batch, units, scratch);
  }

  @Override
  float[] kernel() {
    return kernel;
  }

  @Override
  long bytes() {
    return 4L * (kernel.length + bias.length + scratch.length)
        + (sparse == null ? 0 : sparse.bytes());
  }
}
