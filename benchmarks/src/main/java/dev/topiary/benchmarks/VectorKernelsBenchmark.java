package dev.topiary.benchmarks;


import static dev.topiary.benchmarks.SeedActivations.HIDDEN;
import static dev.topiary.benchmarks.SeedActivations.POOL_OUT;

import dev.topiary.runtime.kernels.ConvPool;
import dev.topiary.runtime.kernels.ConvPoolTraining;
import dev.topiary.runtime.kernels.Kernels;
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
 * The plain-Java and the Vector API kernels in one run, at the seed CNN's shapes: the hidden
 * layer's three products (5408 -> 64 on {@code batch} pooled MNIST activations of the untrained
 * seed CNN, as {@link DenseBenchmark}) and the fused conv + pool of inference. Every fork runs
 * with {@code --add-modules jdk.incubator.vector}; {@code kernels = plain} sets
 * {@code -Dtopiary.kernels=plain} before the runtime's kernels are first used (JMH forks a JVM
 * per parameter combination), and the setup fails if another implementation runs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class VectorKernelsBenchmark {
  @Param({"plain", "vector"})
  public String kernels;

  @Param({"1", "32", "256"})
  public int batch;

  private float[] a;
  private float[] w;
  private float[] bias;
  private float[] dy;
  private float[] c;
  private float[] dw;
  private float[] dx;
  private float[] images;
  private float[] convKernel;
  private float[] convBias;
  private float[] pooled;
  private ConvPool convPool;
  private ConvPoolTraining convTraining;
  private float[] cols;
  private float[] convOut;
  private int[] argmax;
  private float[] poolGrad;
  private float[] convGrad;
  private float[] convKernelGrad;
  private float[] convBiasGrad;

  @Setup
  public void setUp() {
    System.setProperty(Kernels.PROPERTY, kernels);
    if (!Kernels.implementation().equals(kernels)) {
      throw new IllegalStateException("asked for the " + kernels + " kernels, running "
          + Kernels.implementation());
    }
    a = SeedActivations.of("mnist", 1, batch, POOL_OUT);
    w = SeedActivations.random(POOL_OUT * HIDDEN, 0.03f, 1);
    bias = SeedActivations.random(HIDDEN, 0.1f, 2);
    dy = SeedActivations.random(batch * HIDDEN, 0.01f, 3);
    c = new float[batch * HIDDEN];
    dw = new float[POOL_OUT * HIDDEN];
    dx = new float[batch * POOL_OUT];
    images = MnistData.images(0, batch);
    convKernel = SeedActivations.random(9 * 32, 0.3f, 4);
    convBias = SeedActivations.random(32, 0.1f, 5);
    pooled = new float[batch * POOL_OUT];
    convPool = new ConvPool(SeedGeometry.CONV, SeedGeometry.POOL);
    convTraining = new ConvPoolTraining(SeedGeometry.CONV, SeedGeometry.POOL);
    cols = new float[batch * 676 * 9];
    convOut = new float[batch * 676 * 32];
    argmax = new int[batch * POOL_OUT];
    poolGrad = SeedActivations.random(batch * POOL_OUT, 0.01f, 6);
    convGrad = new float[batch * 676 * 32];
    convKernelGrad = new float[9 * 32];
    convBiasGrad = new float[32];
    convTraining.forward(images, 0, convKernel, convBias, cols, convOut, pooled, argmax, batch);
  }

  @Benchmark
  public float[] hiddenForward() {
    MatMul.mulAddBias(a, 0, w, bias, c, batch, POOL_OUT, HIDDEN);
    return c;
  }

  @Benchmark
  public float[] hiddenWeightGradient() {
    MatMul.mulTransA(a, 0, dy, dw, batch, POOL_OUT, HIDDEN);
    return dw;
  }

  @Benchmark
  public float[] hiddenInputGradient() {
    MatMul.mulTransB(dy, w, dx, batch, HIDDEN, POOL_OUT);
    return dx;
  }

  @Benchmark
  public float[] convPoolInference() {
    convPool.forward(images, 0, convKernel, convBias, true, pooled, batch);
    return pooled;
  }

  /** The conv + pool forward of training (im2col, product, ReLU, pooling with argmax). */
  @Benchmark
  public float[] convPoolTrainingForward() {
    convTraining.forward(images, 0, convKernel, convBias, cols, convOut, pooled, argmax, batch);
    return pooled;
  }

  /** The conv + pool backward of training (pool and ReLU backward, kernel and bias gradients). */
  @Benchmark
  public float[] convPoolTrainingBackward() {
    convTraining.backward(poolGrad, pooled, argmax, cols, convGrad, convKernelGrad, convBiasGrad,
        batch);
    return convKernelGrad;
  }
}
