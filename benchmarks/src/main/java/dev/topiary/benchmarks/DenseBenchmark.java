package dev.topiary.benchmarks;

import static dev.topiary.benchmarks.SeedActivations.BATCH;
import static dev.topiary.benchmarks.SeedActivations.HIDDEN;
import static dev.topiary.benchmarks.SeedActivations.POOL_OUT;

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
 * The seed CNN's hidden layer, 32 x 5408 x 64 (2 * 11.1 MFLOP per product): forward
 * ({@code C = A W + b}), weight gradient ({@code A^T dY}) and input gradient ({@code dY W^T}).
 * GFLOP/s = {@code 2 * 32 * 5408 * 64 / (us/op) / 1000}; with {@code input = random} no term is
 * skipped, so that figure compares with a BLAS.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class DenseBenchmark {
  /** {@code mnist}: pooled activations of real images (many zeros); {@code random}: none. */
  @Param({"random", "mnist"})
  public String input;

  private float[] a;
  private float[] w;
  private float[] bias;
  private float[] dy;
  private float[] c;
  private float[] dw;
  private float[] dx;

  @Setup
  public void setUp() {
    a = SeedActivations.of(input, 1, BATCH, POOL_OUT);
    w = SeedActivations.random(POOL_OUT * HIDDEN, 0.03f, 1);
    bias = SeedActivations.random(HIDDEN, 0.1f, 2);
    dy = SeedActivations.random(BATCH * HIDDEN, 0.01f, 3);
    c = new float[BATCH * HIDDEN];
    dw = new float[POOL_OUT * HIDDEN];
    dx = new float[BATCH * POOL_OUT];
  }

  @Benchmark
  public float[] forward() {
    MatMul.mulAddBias(a, 0, w, bias, c, BATCH, POOL_OUT, HIDDEN);
    return c;
  }

  @Benchmark
  public float[] weightGradient() {
    MatMul.mulTransA(a, 0, dy, dw, BATCH, POOL_OUT, HIDDEN);
    return dw;
  }

  @Benchmark
  public float[] inputGradient() {
    MatMul.mulTransB(dy, w, dx, BATCH, HIDDEN, POOL_OUT);
    return dx;
  }
}
