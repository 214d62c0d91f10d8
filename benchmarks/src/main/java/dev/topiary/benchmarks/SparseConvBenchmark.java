package dev.topiary.benchmarks;


import static dev.topiary.benchmarks.SeedActivations.CONV_FILTERS;
import static dev.topiary.benchmarks.SeedActivations.CONV_PATCH;
import static dev.topiary.benchmarks.SeedActivations.CONV_POSITIONS;
import static dev.topiary.benchmarks.SeedActivations.IMAGE;

import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.ConvPool;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.SparseKernel;
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
 * The seed CNN's Conv2D (28x28x1, 3x3, 32 filters, VALID) on MNIST images, its trained kernel
 * pruned by magnitude to {@code sparsity} percent: what the generated {@code convForward} runs
 * dense (im2col, then {@link MatMul#mulAddBias}) against its sparse path
 * ({@link SparseKernel#conv}: im2col, then the batched sparse product over the patches). The
 * ReLU that follows either is left out: it is the same for both. {@link #fusedConvPool} is what
 * inference runs since the fused kernel: conv, ReLU and the 2x2 max pooling in one
 * {@link ConvPool} pass that skips zero weights; compare it across {@code sparsity} values.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SparseConvBenchmark {
  private static final int IMAGES = 64;

  /** Percent of the conv kernel's 288 weights pruned (smallest magnitudes first). */
  @Param({"0", "80"})
  public int sparsity;

  @Param({"1", "32"})
  public int batch;

  private float[] x;
  private float[] kernel;
  private float[] bias;
  private float[] cols;
  private float[] out;
  private SparseKernel sparseKernel;
  private ConvPool convPool;
  private float[] pooled;
  private int next;

  @Setup
  public void setUp() {
    WeightedLayer conv = (WeightedLayer) Trained.seedCnn().conv();
    kernel = Pruned.byMagnitude(conv.kernel(), sparsity / 100.0);
    bias = conv.bias().clone();
    x = MnistData.images(50_000, IMAGES);
    cols = new float[batch * CONV_POSITIONS * CONV_PATCH];
    out = new float[batch * CONV_POSITIONS * CONV_FILTERS];
    sparseKernel = SparseKernel.prepare(kernel, CONV_PATCH, CONV_FILTERS, true);
    convPool = new ConvPool(SeedGeometry.CONV, SeedGeometry.POOL);
    pooled = new float[batch * 13 * 13 * CONV_FILTERS];
  }

  private int nextOffset() {
    next = (next + 1) % (IMAGES / batch);
    return next * batch * IMAGE;
  }

  /** The generated dense path: im2col and the blocked product. */
  @Benchmark
  public float[] dense() {
    Conv2DKernels.im2col(x, nextOffset(), cols, batch, SeedGeometry.CONV);
    MatMul.mulAddBias(cols, 0, kernel, bias, out, batch * CONV_POSITIONS, CONV_PATCH,
        CONV_FILTERS);
    return out;
  }

  /** The generated sparse path. */
  @Benchmark
  public float[] sparse() {
    sparseKernel.conv(x, nextOffset(), bias, out, cols, batch, SeedGeometry.CONV);
    return out;
  }

  /** Inference's fused conv + ReLU + max pooling, skipping the kernel's zero weights. */
  @Benchmark
  public float[] fusedConvPool() {
    convPool.forward(x, nextOffset(), kernel, bias, true, pooled, batch);
    return pooled;
  }
}
