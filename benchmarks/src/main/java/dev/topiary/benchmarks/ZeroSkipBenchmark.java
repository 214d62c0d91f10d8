package dev.topiary.benchmarks;

import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.kernels.MatMul;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Issue 5's measurement: the seed CNN's Dense(64) layer at batch 1 on its real post-ReLU input
 * (the pooled activations of a briefly trained network for one MNIST image, with their exact
 * zeros, which the kernel skips) against the same product on the same input with every zero
 * replaced by 1e-30 (nothing to skip: the dense path). Same kernel, same weights; the ratio of
 * the two is what skipping zero inputs buys.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ZeroSkipBenchmark {
  private float[] kernel;
  private float[] bias;
  private float[] relu;
  private float[] noZeros;
  private final float[] out = new float[SeedActivations.HIDDEN];
  /** The share of exact zeros in the real input, printed at setup. */
  double zeroShare;

  @Setup
  public void setUp() {
    TopiarySeedCnn net = Trained.seedCnn();
    kernel = ((WeightedLayer) net.hidden()).kernel();
    bias = ((WeightedLayer) net.hidden()).bias();
    net.forward(MnistData.images(100, 1), 0, 1);
    relu = java.util.Arrays.copyOf(net.activations(1), SeedActivations.POOL_OUT);
    noZeros = relu.clone();
    int zeros = 0;
    for (int i = 0; i < noZeros.length; i++) {
      if (noZeros[i] == 0f) {
        noZeros[i] = 1e-30f;
        zeros++;
      }
    }
    zeroShare = (double) zeros / relu.length;
    System.out.printf("%nreal input: %.1f%% exact zeros%n", 100 * zeroShare);
  }

  @Benchmark
  public float[] realPostReluInput() {
    MatMul.mulAddBias(relu, 0, kernel, bias, out, 1, SeedActivations.POOL_OUT,
        SeedActivations.HIDDEN);
    return out;
  }

  @Benchmark
  public float[] densePathNoZeros() {
    MatMul.mulAddBias(noZeros, 0, kernel, bias, out, 1, SeedActivations.POOL_OUT,
        SeedActivations.HIDDEN);
    return out;
  }
}
