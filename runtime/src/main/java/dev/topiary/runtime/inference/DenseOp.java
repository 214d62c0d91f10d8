package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.ConvPoolList;
import dev.topiary.runtime.sparse.CsrMatrix;
import dev.topiary.runtime.sparse.InputList;
import dev.topiary.runtime.sparse.KernelChoice;
import dev.topiary.runtime.sparse.SparseKernel;

/**
 * A Dense layer's forward: the dense or sparse product {@code x W + b}, then the activation.
 * After a fused conv and pool (through a Flatten), one example at a time reads its non-zero
 * inputs from the list the conv op fills ({@link #listInput}), so no pass over the inputs looks
 * for them: with a sparse kernel (as {@link KernelChoice} picks it, or {@link KernelMode#SPARSE})
 * the listed rows are visited shortest first and their stored weights scattered into the
 * outputs; with a dense kernel the listed rows are added four at a time in vector loops.
 */
final class DenseOp extends Op {
  private final float[] kernel;
  private final float[] bias;
  private final int in;
  private final int units;
  private final float[] scratch;
  private SparseKernel sparse;
  private InputList list;
  private ConvPoolList producer;
  /** The kernel rows in the list's order: dense rows, or sparse rows sorted by length. */
  private float[][] rows;
  private CsrMatrix sortedRows;
  private int[] order;

  DenseOp(LayerDescription d, float[] kernel, float[] bias) {
    super(d);
    this.kernel = kernel;
    this.bias = bias;
    in = d.inSize();
    units = d.outputChannels();
    scratch = new float[units];
  }

  @Override
  void prepare(KernelMode mode) {
    sparse = mode == KernelMode.DENSE ? null
        : SparseKernel.prepare(kernel, in, units, mode == KernelMode.SPARSE);
    if (producer != null) {
      boolean sparseRows = sparse != null;
      order = sparseRows ? producer.rowsByLength(kernel, units) : null;
      sortedRows = sparseRows ? producer.sparseRows(kernel, units, order) : null;
      rows = sparseRows ? null : producer.listRows(kernel, units);
    }
  }

  /**
   * From now on, at batch 1, the non-zero inputs come from {@code input}, which {@code conv}
   * fills (see {@link ConvPoolOp}); call before {@link #prepare}.
   */
  void listInput(InputList input, ConvPoolList conv) {
    list = input;
    producer = conv;
  }

  InputList list() {
    return list;
  }

  /** The order in which the producer lists the inputs, or null for its own (channel-major). */
  int[] listOrder() {
    return order;
  }

  boolean sparse() {
    return sparse != null;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    if (batch == 1 && list != null) {
      if (sortedRows != null) {
        list.mulAddBias(sortedRows, bias, y, 0, units);
      } else {
        list.mulAddBias(rows, bias, y, 0, units);
      }
    } else if (sparse != null) {
      sparse.mulAddBias(x, xOff, bias, y, batch);
    } else {
      MatMul.mulAddBias(x, xOff, kernel, bias, y, batch, in, units);
    }
    keep(y, batch * units);
    activate(desc.activation(), LayerDescription.DEFAULT_ALPHA, y, batch, units, scratch);
  }

  @Override
  float[] kernel() {
    return kernel;
  }

  @Override
  long bytes() {
    return 4L * (kernel.length + bias.length + scratch.length)
        + (sparse == null ? 0 : sparse.bytes())
        + (list == null ? 0 : 8L * in) + (rows == null ? 0 : 4L * in * units)
        + (sortedRows == null ? 0 : sortedRows.bytes() + 4L * order.length);
  }
}
