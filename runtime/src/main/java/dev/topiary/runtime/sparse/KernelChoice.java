package dev.topiary.runtime.sparse;

/**
 * Which product a layer runs: the dense {@link dev.topiary.runtime.kernels.MatMul#mulAddBias} or
 * one of {@link SparseKernels}, from the kernel's density, the batch size and the density of the
 * layer's inputs. The one place with these thresholds.
 *
 * <p>Measured with {@code SparseKernelsTiming} (runtime tests; thread CPU time, medians of 5
 * interleaved rounds, one JVM per configuration) on JDK 17, 2 shared cores of an AMD EPYC with
 * AVX-512, on the seed CNN's Dense 5408 -&gt; 64 layer: its trained kernel pruned by magnitude,
 * and either its real inputs (the post-ReLU, pooled conv outputs of MNIST test images, 67% zeros)
 * or dense ones, or random ones with 75% zeros ("relu75"). Speed-up of the best sparse product
 * over {@code MatMul.mulAddBias}:
 *
 * <pre>
 * sparsity            50%    60%    70%    80%    90%    95%
 * real,  batch 1      1.1    1.3    1.2    2.0    3.3    7.1    skipZeros to 80%, then gather
 * real,  batch 8      1.4    1.5    1.9    2.4    3.5    6.3    skipZeros to 80%, then gather
 * real,  batch 32     1.9    2.6    2.6    3.9    4.9    7.5    batched (gather at 95%)
 * real,  batch 256    3.3    4.0    4.8    5.7    8.2   10.3    batched
 * relu75, batch 1     1.5     -      -     2.7    4.0    6.9    skipZeros to 90%, then gather
 * relu75, batch 32    1.4     -      -     2.7    3.9    5.8    batched (gather at 95%)
 * dense, batch 1      2.2    2.4    2.8    5.8    7.9   14.7    gather
 * dense, batch 8      1.3    1.6    4.2    5.9   10.4   19.2    gather (batched: 2.1, 2.5, 3.3)
 * dense, batch 32     4.7    5.7    7.2    9.1   14.8   20.0    batched (gather at 95%)
 * conv 28x28x1, 3x3x32 filters, batch 1:   1.4 at 50%, 1.6 at 80%, 1.7 at 90%
 * conv 13x13x32, 3x3x32 filters, batch 1:  3.0 at 50%, 4.9 at 80%, 5.8 at 90%
 * </pre>
 *
 * Noise between runs was about 20%. So: a sparse product from 50% sparsity on; for a batch of
 * {@link #BATCHED_MIN_ROWS} rows or more (examples, or patches of a convolution) the batched one;
 * for fewer, one example at a time, skipping zero inputs when the fraction of non-zero inputs is
 * at most {@link #SKIP_ZEROS_MAX_INPUT_DENSITY} and at most {@link #SKIP_ZEROS_INPUT_PER_WEIGHT}
 * times the weight density, else gathering. (The gather's cost follows the kernel's non-zeros,
 * the skipping product's the non-zero inputs: at 90% sparsity it won with 25% non-zero inputs
 * and lost with 33%; at 95% it lost with 25%.) Known corners: at 95% sparsity and batch 32 the
 * gather was up to 25% faster than the batched product chosen, and with dense inputs at batch 8
 * and 50-60% sparsity the batched product 1.6x faster than the gather chosen.
 *
 * <p>The batched product also beats {@code MatMul} on dense kernels (2.5x with the real inputs,
 * 5.5x with dense ones at batch 256), because its inner loop vectorises and {@code MatMul}'s
 * does not (issue 6). The dense product with kernel rows as separate arrays, which C2 does
 * vectorise ({@code denseRows*} in the timing, not in the runtime), ran 2.0-2.4x faster than
 * {@code MatMul} with real inputs: against it the sparse products gain about 1x at 80% sparsity
 * and batch 1, 1.5x at 90%, 1.6x at 80% and batch 32. Once the dense kernel is vectorised, these
 * thresholds move up and must be measured again.
 */
public final class KernelChoice {
  /** What the user asks for. */
  public enum Mode {
    /** The fastest product for the layer by the thresholds of {@link KernelChoice}. */
    AUTO,
    /** Always the dense product. */
    DENSE,
    /** Always a sparse product, the fastest one for the batch and inputs. */
    SPARSE
  }

  /** A product to run. */
  public enum Kernel {
    /** {@link dev.topiary.runtime.kernels.MatMul#mulAddBias} over the dense kernel. */
    DENSE,
    /** {@link SparseKernels#mulAddBiasGather}, one example at a time. */
    SPARSE_GATHER,
    /** {@link SparseKernels#mulAddBiasSkipZeros}, one example at a time. */
    SPARSE_SKIP_ZEROS,
    /** {@link SparseKernels#mulAddBias} (and {@link SparseConvKernels#forward}). */
    SPARSE_BATCHED
  }

  /** A sparse product runs when at most this fraction of the weights is non-zero. */
  public static final double SPARSE_MAX_WEIGHT_DENSITY = 0.5;
  /** Rows per call from which the batched product runs. */
  public static final int BATCHED_MIN_ROWS = 32;
  /** One example at a time, zero inputs are skipped when at most this fraction is non-zero... */
  public static final double SKIP_ZEROS_MAX_INPUT_DENSITY = 0.5;
  /** ... and at most this many times the fraction of non-zero weights (else the gather wins). */
  public static final double SKIP_ZEROS_INPUT_PER_WEIGHT = 3;

  private KernelChoice() {}

  /**
   * The product for a Dense layer.
   *
   * @param weightDensity the fraction of non-zero weights, e.g. {@link CsrMatrix#density()}
   * @param batch the examples per call
   * @param inputDensity the fraction of non-zero inputs observed (see {@link #density}), or 1 if
   *     unknown
   * @throws IllegalArgumentException if a density is outside [0, 1] or {@code batch < 1}
   */
  public static Kernel dense(Mode mode, double weightDensity, int batch, double inputDensity) {
    check(mode, weightDensity, batch, inputDensity);
    if (mode == Mode.DENSE || mode == Mode.AUTO && weightDensity > SPARSE_MAX_WEIGHT_DENSITY) {
      return Kernel.DENSE;
    }
    if (batch >= BATCHED_MIN_ROWS) {
      return Kernel.SPARSE_BATCHED;
    }
    return inputDensity <= SKIP_ZEROS_MAX_INPUT_DENSITY
        && inputDensity <= SKIP_ZEROS_INPUT_PER_WEIGHT * weightDensity
        ? Kernel.SPARSE_SKIP_ZEROS : Kernel.SPARSE_GATHER;
  }

  /**
   * The product for a Conv2D layer: {@link Kernel#DENSE} or {@link Kernel#SPARSE_BATCHED} over
   * the im2col patches (every convolution has many: one per output position).
   *
   * @param weightDensity the fraction of non-zero weights of the kernel
   * @throws IllegalArgumentException if the density is outside [0, 1]
   */
  public static Kernel conv(Mode mode, double weightDensity) {
    check(mode, weightDensity, 1, 1);
    return mode == Mode.DENSE || mode == Mode.AUTO && weightDensity > SPARSE_MAX_WEIGHT_DENSITY
        ? Kernel.DENSE : Kernel.SPARSE_BATCHED;
  }

  /** The fraction of {@code x[off..off+n)} that is not zero ({@code 0} when {@code n == 0}). */
  public static double density(float[] x, int off, int n) {
    int nonZero = 0;
    for (int i = off; i < off + n; i++) {
      nonZero += x[i] != 0f ? 1 : 0;
    }
    return n == 0 ? 0 : (double) nonZero / n;
  }

  private static void check(Mode mode, double weightDensity, int batch, double inputDensity) {
    if (mode == null || !(weightDensity >= 0 && weightDensity <= 1) || batch < 1
        || !(inputDensity >= 0 && inputDensity <= 1)) {
      throw new IllegalArgumentException("expected a mode, densities in [0, 1] and a batch of at "
          + "least 1, found mode " + mode + ", weight density " + weightDensity + ", batch "
          + batch + ", input density " + inputDensity);
    }
  }
}
