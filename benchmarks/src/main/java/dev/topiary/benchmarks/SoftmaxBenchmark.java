package dev.topiary.benchmarks;

import static dev.topiary.benchmarks.SeedActivations.BATCH;
import static dev.topiary.benchmarks.SeedActivations.CLASSES;

import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Losses;
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

/** The seed CNN's output: softmax over 32 x 10 logits, and the fused cross-entropy gradient. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class SoftmaxBenchmark {
  private float[] logits;
  private float[] p;
  private float[] dz;
  private int[] labels;

  @Setup
  public void setUp() {
    logits = SeedActivations.random(BATCH * CLASSES, 5f, 10);
    p = new float[BATCH * CLASSES];
    dz = new float[BATCH * CLASSES];
    labels = MnistData.labels(0, BATCH);
    softmax();
  }

  @Benchmark
  public float[] softmax() {
    System.arraycopy(logits, 0, p, 0, p.length);
    Activations.softmax(p, BATCH, CLASSES);
    return p;
  }

  @Benchmark
  public float crossEntropyGradient() {
    return Losses.softmaxCrossEntropy(logits, p, labels, 0, dz, BATCH, CLASSES);
  }
}
