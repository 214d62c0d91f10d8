package dev.topiary.runtime.kernels;

import java.util.SplittableRandom;
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
 * The dense products at the seed's hidden layer (32 x 5408 x 64), the blocked kernels against
 * the plain loops they replaced ({@code MatMul.plain*}, kept for short rows), in the same JMH
 * run so that their ratio holds on a loaded machine. In the kernels' package to reach the plain
 * loops; inputs are dense random values, or 70% zeros like the seed's pooled activations.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class BaselineBenchmark {
  private static final int M = 32;
  private static final int K = 5408;
  private static final int N = 64;

  /** The fraction of exact zeros in {@code A} and in the output gradient. */
  @Param({"0", "0.7"})
  public double zeros;

  private float[] a;
  private float[] w;
  private float[] bias;
  private float[] dy;
  private float[] c;
  private float[] dw;
  private float[] dx;

  @Setup
  public void setUp() {
    SplittableRandom rng = new SplittableRandom(1);
    a = values(rng, M * K, zeros);
    w = values(rng, K * N, 0);
    bias = values(rng, N, 0);
    dy = values(rng, M * N, zeros / 2);
    c = new float[M * N];
    dw = new float[K * N];
    dx = new float[M * K];
  }

  private static float[] values(SplittableRandom rng, int n, double zeros) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = rng.nextDouble() < zeros ? 0f : (float) rng.nextDouble(-1, 1);
    }
    return v;
  }

  @Benchmark
  public float[] forwardBlocked() {
    MatMul.mulAddBias(a, 0, w, bias, c, M, K, N);
    return c;
  }

  @Benchmark
  public float[] forwardPlain() {
    MatMul.plainMulAddBias(a, 0, w, bias, c, M, K, N);
    return c;
  }

  @Benchmark
  public float[] weightGradientBlocked() {
    MatMul.mulTransA(a, 0, dy, dw, M, K, N);
    return dw;
  }

  @Benchmark
  public float[] weightGradientPlain() {
    MatMul.plainMulTransA(a, 0, dy, dw, M, K, N);
    return dw;
  }

  @Benchmark
  public float[] inputGradientBlocked() {
    MatMul.mulTransB(dy, w, dx, M, N, K);
    return dx;
  }

  @Benchmark
  public float[] inputGradientPlain() {
    MatMul.plainMulTransB(dy, w, dx, M, N, K);
    return dx;
  }
}
