package dev.topiary.benchmarks;


import static dev.topiary.benchmarks.SeedActivations.BATCH;
import static dev.topiary.benchmarks.SeedActivations.CONV_FILTERS;
import static dev.topiary.benchmarks.SeedActivations.CONV_PATCH;
import static dev.topiary.benchmarks.SeedActivations.CONV_POSITIONS;
import static dev.topiary.benchmarks.SeedActivations.IMAGE;

import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.MatMul;
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
 * The seed CNN's convolution, 32 images of 28x28x1, 3x3, 32 filters, as the generated code runs
 * it: im2col, the product {@code (32*676) x 9 x 32} (2 * 6.2 MFLOP), ReLU; backward the weight
 * gradient {@code cols^T dY} and bias sum; and the input gradient ({@code dY K^T}, col2im) that a
 * convolution after the first layer would need.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ConvBenchmark {
  private static final int ROWS = BATCH * CONV_POSITIONS;

  /** {@code mnist}: real images (about 80% zero pixels); {@code random}: no zeros. */
  @Param({"random", "mnist"})
  public String input;

  private float[] x;
  private float[] cols;
  private float[] kernel;
  private float[] bias;
  private float[] out;
  private float[] dy;
  private float[] dKernel;
  private float[] dBias;
  private float[] dCols;
  private float[] dx;

  @Setup
  public void setUp() {
    x = input.equals("random") ? SeedActivations.random(BATCH * IMAGE, 1f, 5)
        : MnistData.images(0, BATCH);
    cols = new float[ROWS * CONV_PATCH];
    Conv2DKernels.im2col(x, 0, cols, BATCH, SeedGeometry.CONV);
    kernel = SeedActivations.random(CONV_PATCH * CONV_FILTERS, 0.3f, 6);
    bias = SeedActivations.random(CONV_FILTERS, 0.1f, 7);
    out = new float[ROWS * CONV_FILTERS];
    dy = SeedActivations.random(ROWS * CONV_FILTERS, 0.01f, 8);
    dKernel = new float[CONV_PATCH * CONV_FILTERS];
    dBias = new float[CONV_FILTERS];
    dCols = new float[ROWS * CONV_PATCH];
    dx = new float[BATCH * IMAGE];
  }

  @Benchmark
  public float[] im2col() {
    Conv2DKernels.im2col(x, 0, cols, BATCH, SeedGeometry.CONV);
    return cols;
  }

  @Benchmark
  public float[] forwardProduct() {
    MatMul.mulAddBias(cols, 0, kernel, bias, out, ROWS, CONV_PATCH, CONV_FILTERS);
    return out;
  }

  /** What the generated {@code convForward} runs: im2col, product with bias, ReLU. */
  @Benchmark
  public float[] forward() {
    Conv2DKernels.im2col(x, 0, cols, BATCH, SeedGeometry.CONV);
    MatMul.mulAddBias(cols, 0, kernel, bias, out, ROWS, CONV_PATCH, CONV_FILTERS);
    Activations.relu(out, ROWS * CONV_FILTERS);
    return out;
  }

  /** What the generated {@code convBackward} of a first layer runs (after the ReLU mask). */
  @Benchmark
  public float[] weightGradient() {
    MatMul.mulTransA(cols, 0, dy, dKernel, ROWS, CONV_PATCH, CONV_FILTERS);
    Activations.sumRows(dy, dBias, ROWS, CONV_FILTERS);
    return dKernel;
  }

  @Benchmark
  public float[] inputGradient() {
    MatMul.mulTransB(dy, kernel, dCols, ROWS, CONV_FILTERS, CONV_PATCH);
    Conv2DKernels.col2im(dCols, dx, BATCH, SeedGeometry.CONV);
    return dx;
  }
}
