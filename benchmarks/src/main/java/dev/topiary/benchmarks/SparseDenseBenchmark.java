package dev.topiary.benchmarks;

import static dev.topiary.benchmarks.SeedActivations.HIDDEN;
import static dev.topiary.benchmarks.SeedActivations.POOL_OUT;

import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.BlockedCscMatrix;
import dev.topiary.runtime.sparse.CsrMatrix;
import dev.topiary.runtime.sparse.SortedCsrMatrix;
import dev.topiary.runtime.sparse.SparseKernel;
import dev.topiary.runtime.sparse.SparseKernels;
import dev.topiary.runtime.sparse.SparseWorkspace;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The seed CNN's Dense 5408 -> 64 layer with its trained kernel pruned by magnitude to
 * {@code sparsity} percent: the dense product the generated code runs ({@link MatMul#mulAddBias},
 * which skips zero inputs too) against the sparse one it runs when the layer is prepared for
 * sparse inference ({@link SparseKernel#mulAddBias}, which picks a variant per call), and each
 * sparse variant on its own (what {@code KernelChoice}'s thresholds are read from).
 *
 * <p>Inputs: {@code mnist}, the real post-ReLU pooled activations of the briefly trained seed
 * CNN for 64 MNIST images (about 2/3 exact zeros; printed at setup), or {@code random}, dense
 * values without zeros. Calls cycle through the 64 examples (batch 1) or two batches of 32, so
 * branch predictors cannot learn one input, while the inputs stay in cache as a layer's input
 * does in a forward pass. Speed-up = {@code dense} / {@code sparse} from one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SparseDenseBenchmark {
  private static final int EXAMPLES = 64;

  /** Percent of the kernel's weights pruned (smallest magnitudes first). */
  @Param({"0", "50", "80", "90", "95"})
  public int sparsity;

  @Param({"1", "32"})
  public int batch;

  /** {@code mnist}: real pooled activations (many zeros); {@code random}: no zeros. */
  @Param({"mnist", "random"})
  public String input;

  private float[] x;
  private float[] kernel;
  private float[] bias;
  private float[] y;
  private SparseKernel sparseKernel;
  private CsrMatrix csr;
  private BlockedCscMatrix byColumns;
  private CsrMatrix csrT;
  private SortedCsrMatrix sorted;
  private SparseWorkspace workspace;
  private int next;

  @Setup
  public void setUp() {
    TopiarySeedCnn net = Trained.seedCnn();
    WeightedLayer hidden = (WeightedLayer) net.hidden();
    kernel = Pruned.byMagnitude(hidden.kernel(), sparsity / 100.0);
    bias = hidden.bias().clone();
    if (input.equals("random")) {
      x = SeedActivations.random(EXAMPLES * POOL_OUT, 1f, 21);
    } else {
      x = new float[EXAMPLES * POOL_OUT];
      for (int b = 0; b < EXAMPLES; b += 32) {
        net.forward(MnistData.images(50_000 + b, 32), 0, 32);
        System.arraycopy(net.activations(1), 0, x, b * POOL_OUT, 32 * POOL_OUT);
      }
    }
    y = new float[batch * HIDDEN];
    sparseKernel = SparseKernel.prepare(kernel, POOL_OUT, HIDDEN, true);
    csr = CsrMatrix.fromDense(kernel, POOL_OUT, HIDDEN);
    csrT = csr.transpose();
    sorted = SortedCsrMatrix.of(csr);
    byColumns = BlockedCscMatrix.fromDense(kernel, POOL_OUT, HIDDEN);
    workspace = new SparseWorkspace(POOL_OUT, HIDDEN);
    System.out.printf("%ninputs: %.1f%% zeros; kernel: %.1f%% zeros%n", 100 * Pruned.zeros(x),
        100 * Pruned.zeros(kernel));
  }

  private int nextOffset() {
    next = (next + 1) % (EXAMPLES / batch);
    return next * batch * POOL_OUT;
  }

  /** The dense path of the generated code. */
  @Benchmark
  public float[] dense() {
    MatMul.mulAddBias(x, nextOffset(), kernel, bias, y, batch, POOL_OUT, HIDDEN);
    return y;
  }

  /** The sparse path of the generated code (the variant {@code KernelChoice} picks). */
  @Benchmark
  public float[] sparse() {
    sparseKernel.mulAddBias(x, nextOffset(), bias, y, batch);
    return y;
  }

  /** {@link SparseKernels#mulAddBiasGather}, example by example. */
  @Benchmark
  public float[] gather() {
    int off = nextOffset();
    for (int i = 0; i < batch; i++) {
      SparseKernels.mulAddBiasGather(x, off + i * POOL_OUT, csrT, bias, y, i * HIDDEN);
    }
    return y;
  }

  /** {@link SparseKernels#mulAddBiasSkipZeros}, example by example. */
  @Benchmark
  public float[] skipZeros() {
    int off = nextOffset();
    for (int i = 0; i < batch; i++) {
      SparseKernels.mulAddBiasSkipZeros(x, off + i * POOL_OUT, sorted, bias, y, i * HIDDEN,
          workspace);
    }
    return y;
  }

  /** {@link SparseKernels#mulAddBiasByColumns}, the batched product by columns. */
  @Benchmark
  public float[] byColumns() {
    SparseKernels.mulAddBiasByColumns(x, nextOffset(), byColumns, bias, y, 0, batch, workspace);
    return y;
  }

  /** {@link SparseKernels#mulAddBias}, the batched product over CSR (what convolutions run). */
  @Benchmark
  public float[] batched() {
    SparseKernels.mulAddBias(x, nextOffset(), csr, bias, y, 0, batch, workspace);
    return y;
  }
}
