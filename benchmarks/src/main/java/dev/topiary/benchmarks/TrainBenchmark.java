package dev.topiary.benchmarks;

import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Training the seed CNN on MNIST as a user does ({@code Trainer.fit}, Adam 1e-3, batch 32,
 * shuffled, no progress output): each invocation trains on the next 6,400 training images (200
 * steps), so the score is images per second. The same network and optimizer continue from one
 * invocation to the next, as in a long epoch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class TrainBenchmark {
  static final int IMAGES_PER_INVOCATION = 6400;

  @Param({"32"})
  public int batch;

  /** Threads of {@code Trainer.threads}; the weights are the same for both. */
  @Param({"1", "2"})
  public int threads;

  private Trainer trainer;
  private Dataset data;
  private Dataset slice;
  private int next;

  @Setup
  public void setUp() {
    data = MnistData.train();
    trainer = Trainer.of(new TopiarySeedCnn(42)).adam(1e-3).batchSize(batch).progress(false)
        .threads(threads);
  }

  @Setup(Level.Invocation)
  public void nextSlice() {
    if (next + IMAGES_PER_INVOCATION > data.size()) {
      next = 0;
    }
    slice = data.slice(next, next + IMAGES_PER_INVOCATION);
    next += IMAGES_PER_INVOCATION;
  }

  @Benchmark
  @OperationsPerInvocation(IMAGES_PER_INVOCATION)
  public Object fit() {
    return trainer.fit(slice);
  }
}
