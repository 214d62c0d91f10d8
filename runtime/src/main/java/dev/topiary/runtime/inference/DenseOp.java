package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.kernels.ConvPool;
import dev.topiary.runtime.kernels.Kernels;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.ConvPoolList;
import dev.topiary.runtime.sparse.CsrMatrix;
import dev.topiary.runtime.sparse.InputList;
import dev.topiary.runtime.sparse.KernelChoice;
import dev.topiary.runtime.sparse.LaneDense;
import dev.topiary.runtime.sparse.SparseKernel;

/**
 * A Dense layer's forward: the dense or sparse product {@code x W + b}, then the activation.
 * After a fused conv and pool (through a Flatten), one example at a time reads its non-zero
 * inputs from the list the conv op fills ({@link #listInput}), so no pass over the inputs looks
 * for them: with a sparse kernel (as {@link KernelChoice} picks it, or {@link KernelMode#SPARSE})
 * the listed rows are visited shortest first and their stored weights scattered into the
 * outputs; with a dense kernel the listed rows are added four at a time in vector loops.
 * Batches after a fused conv and pool whose Dense kernel is pruned ({@link KernelChoice#lanes})
 * run in lane layout: the conv op computes this layer's product too ({@link #lanes}), tile by
 * tile, and this op then only applies the activation.
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
  /** Whether the producer fills the list at batch 1 (it does unless it runs vector kernels). */
  private boolean listed;
  /** Whether the conv's vector pass lists its output for this layer at batch 1. */
  private boolean vectorLists;
  private LaneDense lanes;
  /**
   * The producer's output for an all-zero input (its "background": ReLU(bias) of filters with a
   * positive bias, away from padded borders), or null when it is all zero; then
   * {@link #backgroundBias}, this layer's output before the activation for that input.
   */
  private float[] background;
  private float[] backgroundBias;
  /** One example's difference from the background (scratch). */
  private float[] delta = new float[0];
  /**
   * On the Vector API kernels, a layer whose units are not a multiple of {@link #PADDED} (fewer
   * than that, or reading the conv's list) keeps its kernel and bias padded with zero columns to
   * the next multiple ({@link #paddedWidth}): its products take whole vectors, into
   * {@link #paddedOut} {@link #PADDED_ROWS} rows at a time, and each row's units are copied
   * out. A 64 x 10 output layer, one example: about 61 against 230 ns
   * ({@code SmallOutputFigures} in the benchmarks); the channel-pruned seed's 2366 x 29 hidden
   * layer: 7.6 us listed at batch 1 on the plain loops the odd width left it to, 5.6 against 2.2
   * us an image at batch 256. Else null. The copy costs memory in proportion ({@link #bytes}).
   */
  private float[] paddedKernel;
  private float[] paddedBias;
  /** {@link #backgroundBias} padded so, or null. */
  private float[] paddedBackgroundBias;
  private float[] paddedOut;
  private int paddedWidth;
  static final int PADDED = 16;
  /** Rows of a batch the padded product computes at a time ({@link #paddedOut}'s size). */
  private static final int PADDED_ROWS = 32;
  /**
   * The indices the vector conv lists at batch 1 ({@code ConvPool.forwardListed}), their values
   * in {@link #delta}, and how many the last call listed; null when the producer lists its own
   * way or this layer's kernel is sparse.
   */
  private int[] listedIndex;
  private int listedCount;
  /** What the producer wrote for the current call: the list, the product, or neither. */
  private Input input = Input.TENSOR;

  /** What this op reads in a call: the previous op's output, the producer's list, or its product. */
  enum Input {
    TENSOR,
    LIST,
    PRODUCT,
    /** The conv's differences from the background and their list ({@link #listedIndex}). */
    LISTED
  }

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
    listedIndex = producer != null && (!listed || vectorLists) && sparse == null
        ? new int[in + ConvPool.LIST_SLACK] : null;
    if (listedIndex != null && delta.length < in + ConvPool.LIST_SLACK) {
      delta = new float[in + ConvPool.LIST_SLACK];
    }
    // padded where it was measured to pay: small outputs, and the rows the conv lists
    boolean pad = sparse == null && units % PADDED != 0
        && (units < PADDED || listedIndex != null) && Kernels.implementation().equals("vector");
    paddedWidth = (units + PADDED - 1) / PADDED * PADDED;
    paddedKernel = pad ? padded(kernel, in, units, paddedWidth) : null;
    paddedBias = pad ? padded(bias, 1, units, paddedWidth) : null;
    paddedBackgroundBias = pad && backgroundBias != null
        ? padded(backgroundBias, 1, units, paddedWidth) : null;
    paddedOut = pad ? new float[PADDED_ROWS * paddedWidth] : null;
    lanes = producer != null && KernelChoice.lanes(mode, density(kernel), !listed)
        ? new LaneDense(kernel, in, units) : null;
    if (producer != null && listed && listedIndex == null) {
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
  void listInput(InputList input, ConvPoolList conv, boolean listed, boolean vectorLists,
      float[] background) {
    list = input;
    producer = conv;
    this.listed = listed;
    this.vectorLists = vectorLists;
    boolean any = false;
    for (float v : background) {
      any |= v != 0f;
    }
    this.background = any ? background : null;
    conv.background(this.background);
    if (any) { // the background's product does not depend on the kernel mode: once
      backgroundBias = new float[units];
      MatMul.mulAddBias(background, 0, kernel, bias, backgroundBias, 1, in, units);
      delta = new float[in + ConvPool.LIST_SLACK];
    }
  }

  /** The kept weights in lane layout, when batches run that way (see {@link KernelChoice#lanes}). */
  LaneDense lanes() {
    return lanes;
  }

  /**
   * Where the producer lists one example's differences from the background (the indices, then
   * {@link #listedValues}), or null when this layer reads no such list (a sparse kernel, or a
   * producer on the plain kernels, which fills {@link #list}).
   */
  int[] listedIndex() {
    return listedIndex;
  }

  float[] listedValues() {
    return delta;
  }

  /** The producer listed {@code count} entries of {@link #listedIndex} for the next call. */
  void listed(int count) {
    listedCount = count;
    input = Input.LISTED;
  }

  /** What the producer wrote for the last (or next) {@link #forward}. */
  Input input() {
    return input;
  }

  /** Says what the producer wrote for the next {@link #forward}. */
  void input(Input what) {
    input = what;
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
    if (input == Input.PRODUCT) { // the conv op ran the product: x holds it
      System.arraycopy(x, xOff, y, 0, batch * units);
    } else if (input == Input.LISTED && paddedKernel != null) { // listed, padded columns
      MatMul.mulAddBiasListed(delta, listedIndex, listedCount, paddedKernel,
          background == null ? paddedBias : paddedBackgroundBias, paddedOut, paddedWidth);
      System.arraycopy(paddedOut, 0, y, 0, units);
    } else if (input == Input.LISTED) { // differences from the background, listed
      MatMul.mulAddBiasListed(delta, listedIndex, listedCount, kernel,
          background == null ? bias : backgroundBias, y, units);
    } else if (input == Input.LIST) { // differences from the background when there is one
      float[] b = background == null ? bias : backgroundBias;
      if (sortedRows != null) {
        list.mulAddBias(sortedRows, b, y, 0, units);
      } else {
        list.mulAddBias(rows, b, y, 0, units);
      }
    } else if (batch == 1 && background != null) {
      // one example after the conv: the product of its difference from the background (zero
      // wherever the image is background, so skipped), plus the background's product
      float[] d = delta;
      float[] bg = background;
      for (int i = 0; i < in; i++) {
        d[i] = x[xOff + i] - bg[i];
      }
      if (sparse != null) {
        sparse.mulAddBias(d, 0, backgroundBias, y, 1);
      } else {
        MatMul.mulAddBias(d, 0, kernel, backgroundBias, y, 1, in, units);
      }
    } else if (sparse != null) {
      sparse.mulAddBias(x, xOff, bias, y, batch);
    } else if (paddedKernel != null) { // whole vectors a row, then each row's units copied out
      for (int r0 = 0; r0 < batch; r0 += PADDED_ROWS) {
        int rows = Math.min(PADDED_ROWS, batch - r0);
        MatMul.mulAddBias(x, xOff + r0 * in, paddedKernel, paddedBias, paddedOut, rows, in,
            paddedWidth);
        for (int i = 0; i < rows; i++) {
          System.arraycopy(paddedOut, i * paddedWidth, y, (r0 + i) * units, units);
        }
      }
    } else {
      MatMul.mulAddBias(x, xOff, kernel, bias, y, batch, in, units);
    }
    keep(y, batch * units);
    activate(desc.activation(), LayerDescription.DEFAULT_ALPHA, y, batch, units, scratch);
  }

  /** {@code rows x units} values as {@code rows x width}, the new columns zero. */
  private static float[] padded(float[] values, int rows, int units, int width) {
    float[] p = new float[rows * width];
    for (int r = 0; values != null && r < rows; r++) {
      System.arraycopy(values, r * units, p, r * width, units);
    }
    return p;
  }

  private static double density(float[] kernel) {
    return KernelChoice.density(kernel, 0, kernel.length);
  }

  float[] bias() {
    return bias;
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
        + (sortedRows == null ? 0 : sortedRows.bytes() + 4L * order.length)
        + (lanes == null ? 0 : lanes.bytes())
        + (paddedKernel == null ? 0 : 4L * (paddedKernel.length + 2 * paddedWidth
            + paddedOut.length))
        + 4L * (delta.length + (background == null ? 0 : in + units))
        + (listedIndex == null ? 0 : 4L * listedIndex.length);
  }
}
