package dev.topiary.benchmarks;


import static dev.topiary.benchmarks.SeedActivations.BATCH;
import static dev.topiary.benchmarks.SeedActivations.CONV_OUT;
import static dev.topiary.benchmarks.SeedActivations.POOL_OUT;

import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.MaxPoolKernels;
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
 * The seed CNN's 2x2 max pooling over 32 x 26x26x32 conv activations of real MNIST images
 * (forward with argmax, backward routing), and the ReLU backward mask that precedes the conv
 * weight gradient.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PoolBenchmark {
  private float[] conv;
  private float[] pooled;
  private int[] argmax;
  private float[] dPooled;
  private float[] dConv;

  @Setup
  public void setUp() {
    conv = SeedActivations.of("mnist", 0, BATCH, CONV_OUT);
    pooled = new float[BATCH * POOL_OUT];
    argmax = new int[BATCH * POOL_OUT];
    dPooled = SeedActivations.random(BATCH * POOL_OUT, 0.01f, 9);
    dConv = new float[BATCH * CONV_OUT];
    forward();
  }

  @Benchmark
  public float[] forward() {
    MaxPoolKernels.forward(conv, 0, pooled, argmax, BATCH, SeedGeometry.POOL);
    return pooled;
  }

  @Benchmark
  public float[] backward() {
    MaxPoolKernels.backward(dPooled, argmax, dConv, BATCH * POOL_OUT, BATCH * CONV_OUT);
    return dConv;
  }

  @Benchmark
  public float[] reluBackward() {
    Activations.reluBackward(conv, dConv, BATCH * CONV_OUT);
    return dConv;
  }
}
