package dev.topiary.runtime.sparse;

import dev.topiary.runtime.KernelMode;

/**
 * Which product a layer runs: the dense {@link dev.topiary.runtime.kernels.MatMul#mulAddBias} or
 * one of {@link SparseKernels}, from the kernel's density, the batch size and the density of the
 * layer's inputs. The one place with these thresholds.
 *
 * <p>Measured with {@code SparseDenseBenchmark} (benchmarks/, JMH 1.37, one run, 2 warm-up and
 * 3 measured 1 s iterations per fork) on JDK 17, 2 vCPUs of an AMD EPYC (Zen 5, AVX-512) that
 * other builds shared (load average 4.5-5 during the run), on the seed CNN's Dense 5408 -&gt; 64
 * layer: its trained kernel pruned by magnitude; inputs the real post-ReLU pooled activations of
 * MNIST images (55% zeros) or dense random values. Microseconds per call, dense =
 * {@link dev.topiary.runtime.kernels.MatMul#mulAddBias} (the blocked product, which skips zero
 * inputs), sparse = {@link SparseKernel#mulAddBias} (the variant chosen here), speed-up:
 *
 * <pre>
 * sparsity                 0%            50%            80%            90%            95%
 * real,   batch 1    48/174 0.28x  66/122 0.54x   47/42 1.13x  146/27  5.3x*  304/16  19x*
 * real,   batch 32  1263/2347 0.54x 969/2115 0.46x 935/806 1.16x 868/421 2.1x  719/171 4.2x
 * random, batch 1   237/270 0.88x  312/154  2.0x  200/103  1.9x   88/25  3.6x    81/14  5.9x
 * random, batch 32  905/1452 0.62x 1787/896 2.0x 2016/413  4.9x 1628/251  6.5x 1419/159  8.9x
 * (* the dense figure of that fork was inflated by the machine's load: the dense product does
 *    the same work at every sparsity, 47-66 us in the quieter forks)
 * </pre>
 *
 * Noise between forks was up to 6x for the same work, so only the sign of each comparison is
 * read from it: with real inputs the sparse products lose at 50% sparsity and win from 80%, at
 * batch 1 and 32 alike; in the table, batch 32 ran {@code mulAddBiasByColumns} (with dense inputs they win from 50%, but a layer's inputs after a ReLU
 * are not dense). Hence a sparse product from 80% sparsity on ({@link
 * #SPARSE_MAX_WEIGHT_DENSITY} = 0.2; it was 0.5 when the dense product was 2x slower and did not
 * skip zero inputs); for a batch of {@link #BATCHED_MIN_ROWS} rows or more the batched product
 * ({@link SparseKernels#mulAddBias}; {@link SparseKernels#mulAddBiasByColumns} ran 1.3x faster
 * in thread-CPU timing but 1.5-2.3x slower in the JMH run, so it is not chosen until measured
 * on a quiet machine); for fewer, one example at a
 * time, skipping zero inputs when the fraction of non-zero inputs is at most {@link
 * #SKIP_ZEROS_MAX_INPUT_DENSITY} and at most {@link #SKIP_ZEROS_INPUT_PER_WEIGHT} times the
 * weight density, else gathering (the gather's cost follows the kernel's non-zeros, the
 * skipping product's the non-zero inputs; these two rules are from the earlier measurement with
 * {@code SparseKernelsTiming} and were not contradicted). The rows between 50% and 80% were not
 * measured: the threshold may lie lower.
 */
public final class KernelChoice {

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
  public static final double SPARSE_MAX_WEIGHT_DENSITY = 0.2;

  /**
   * The same threshold on the Vector API path, where the dense product is about 2x faster: there
   * the 80%-pruned seed CNN's export (20% density) predicted one image in 22.7 us with its Dense
   * layers dense and 34.8 us sparse (batch 1, {@code KernelModeProbe} in benchmarks/, JDK 17, quiet
   * machine), so dense wins at 20%. Where sparse wins again was not measured; 5% is a guess on the
   * safe side of it.
   */
  public static final double VECTOR_SPARSE_MAX_WEIGHT_DENSITY = 0.05;

  /** The threshold for the kernels this JVM runs ({@link dev.topiary.runtime.kernels.Kernels}). */
  public static double sparseMaxWeightDensity() {
    return VECTORIZED ? VECTOR_SPARSE_MAX_WEIGHT_DENSITY : SPARSE_MAX_WEIGHT_DENSITY;
  }

  private static final boolean VECTORIZED =
      "vector".equals(dev.topiary.runtime.kernels.Kernels.implementation());
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
  public static Kernel dense(KernelMode mode, double weightDensity, int batch,
      double inputDensity) {
    check(mode, weightDensity, batch, inputDensity);
    if (!sparse(mode, weightDensity)) {
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
   * The AUTO rule, the one place it is written: whether a layer whose kernel keeps
   * {@code weightDensity} of its weights runs a sparse product under {@code mode}.
   */
  public static boolean sparse(KernelMode mode, double weightDensity) {
    return mode == KernelMode.SPARSE
        || mode == KernelMode.AUTO && weightDensity <= sparseMaxWeightDensity();
  }

  /**
   * Batches of a conv + pool and the Dense layer after it run in lane layout ({@link
   * LaneConvPool}, {@link LaneDense}) when the Dense kernel keeps at most this fraction of its
   * weights: each kept weight is then one vector multiply-add over a tile of images. Measured on
   * the main job's exports at batch 256 ({@code LaneAB} in benchmarks/, see its README): lane
   * layout 1.7x the vector kernels' throughput at 20% ({@code pruned}), 0.3x at 100%
   * ({@code original}).
   */
  public static final double LANE_MAX_WEIGHT_DENSITY = 0.3;

  /** Images per call from which the lane layout runs: a full tile (at 8 it measured 0.86-0.96x). */
  public static final int LANE_MIN_BATCH = 16;

  /**
   * Whether a Dense layer whose kernel keeps {@code weightDensity} of its weights, after a fused
   * conv + pool, runs in lane layout under {@code mode}: on the Vector API kernels only (the plain
   * loops over sixteen lanes measured 7x slower than their vector form, and slower than the plain
   * path's own products); never for {@link KernelMode#DENSE}, always for
   * {@link KernelMode#SPARSE}; for {@link KernelMode#AUTO} up to {@link #LANE_MAX_WEIGHT_DENSITY},
   * or at any density when the conv's filters leave the vector conv to plain loops ({@code
   * convVectorized} false: the channel-pruned export's 14 filters and 29 units ran 1.4x faster in
   * lane layout with a dense kernel).
   */
  public static boolean lanes(KernelMode mode, double weightDensity, boolean convVectorized) {
    return VECTORIZED && (mode == KernelMode.SPARSE || mode == KernelMode.AUTO
        && (weightDensity <= LANE_MAX_WEIGHT_DENSITY || !convVectorized));
  }

  /** The fraction of {@code x[off..off+n)} that is not zero ({@code 0} when {@code n == 0}). */
  public static double density(float[] x, int off, int n) {
    int nonZero = 0;
    for (int i = off; i < off + n; i++) {
      nonZero += x[i] != 0f ? 1 : 0;
    }
    return n == 0 ? 0 : (double) nonZero / n;
  }

  private static void check(KernelMode mode, double weightDensity, int batch, double inputDensity) {
    if (mode == null || !(weightDensity >= 0 && weightDensity <= 1) || batch < 1
        || !(inputDensity >= 0 && inputDensity <= 1)) {
      throw new IllegalArgumentException("expected a mode, densities in [0, 1] and a batch of at "
          + "least 1, found mode " + mode + ", weight density " + weightDensity + ", batch "
          + batch + ", input density " + inputDensity);
    }
  }
}
