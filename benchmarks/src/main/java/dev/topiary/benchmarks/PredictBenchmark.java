package dev.topiary.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Inference with the seed CNN (trained for 200 steps first, so activations are as sparse as in
 * use) on one thread: one image at a time (latency) and 256 at a time (images per second).
 */
@State(Scope.Thread)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PredictBenchmark {
  private static final int IMAGES = 1024;
  private static final int BATCH = 256;

  private TopiarySeedCnn net;
  private float[][] single;
  private float[] batch;
  private float[] out;
  private int next;

  @Setup
  public void setUp() {
    net = Trained.seedCnn();
    float[] x = MnistData.images(50_000, IMAGES);
    single = new float[IMAGES][];
    for (int i = 0; i < IMAGES; i++) {
      single[i] = new float[28 * 28];
      System.arraycopy(x, i * 28 * 28, single[i], 0, 28 * 28);
    }
    batch = new float[BATCH * 28 * 28];
    System.arraycopy(x, 0, batch, 0, batch.length);
    out = new float[BATCH * 10];
  }

  /** {@code predict(float[])}, which returns a new array by contract. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float[] batch1() {
    next = (next + 1) & (IMAGES - 1);
    return net.predict(single[next]);
  }

  /** {@code predict(float[], float[])}: the same without allocating a result. */
  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public float[] batch1IntoArray() {
    next = (next + 1) & (IMAGES - 1);
    net.predict(single[next], out);
    return out;
  }

  /** 256 images per call into a reused output array. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public float[] batch256() {
    net.predict(batch, BATCH, out);
    return out;
  }
}
