package dev.topiary.benchmarks;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.prune.GlobalPruning;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The seed CNN end to end at batch 1 ({@code predict(example, out)}, one thread): trained
 * briefly, then either left unpruned (dense kernels, the {@code dense} method) or pruned once to
 * 80% of all its kernel weights by global magnitude ({@link GlobalPruning}) and run on sparse
 * kernels ({@code prunedSparse}: {@link KernelMode#SPARSE}; {@code prunedAuto}: what
 * {@link KernelMode#AUTO} chooses) or on its dense kernels ({@code prunedDense}: the same
 * zeros, dense products). Both networks see the same images; the top-1 agreement of the pruned
 * with the unpruned network on them is printed at setup. {@code unprunedExport} and
 * {@code prunedExport} run the same two networks as inference exports ({@link InferenceModel},
 * what an app ships), loaded back from their files.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class PrunedPredictBenchmark {
  private static final int IMAGES = 256;

  private TopiarySeedCnn unpruned;
  private TopiarySeedCnn pruned;
  private InferenceModel unprunedExport;
  private InferenceModel prunedExport;
  private float[][] single;
  private final float[] out = new float[10];
  private int next;

  /** Sets the pruned network's kernel mode for the benchmark method this fork runs. */
  @Setup
  public void setUp(BenchmarkParams params) {
    unpruned = Trained.seedCnn();
    unpruned.kernelMode(KernelMode.DENSE);
    pruned = Trained.seedCnn();
    GlobalPruning.prune(pruned, 0.8);
    float[] x = MnistData.images(50_000, IMAGES);
    single = new float[IMAGES][];
    int agree = 0;
    for (int i = 0; i < IMAGES; i++) {
      single[i] = java.util.Arrays.copyOfRange(x, i * 28 * 28, (i + 1) * 28 * 28);
      agree += argmax(unpruned.predict(single[i])) == argmax(pruned.predict(single[i])) ? 1 : 0;
    }
    unprunedExport = exported(unpruned);
    prunedExport = exported(pruned);
    String method = params.getBenchmark();
    pruned.kernelMode(method.endsWith("prunedSparse") ? KernelMode.SPARSE
        : method.endsWith("prunedDense") ? KernelMode.DENSE : KernelMode.AUTO);
    System.out.printf("%npruned 80%% agrees with unpruned on %d of %d images%n", agree, IMAGES);
  }

  private static InferenceModel exported(TopiarySeedCnn net) {
    try {
      File file = File.createTempFile("topiary-export", ".topiary");
      file.deleteOnExit();
      InferenceModel.of(net).save(file);
      return InferenceModel.load(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int argmax(float[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      best = p[i] > p[best] ? i : best;
    }
    return best;
  }

  private float[] nextImage() {
    next = (next + 1) % IMAGES;
    return single[next];
  }

  /** The unpruned network, dense kernels. */
  @Benchmark
  public float[] dense() {
    unpruned.predict(nextImage(), out);
    return out;
  }

  /** The pruned network, every layer on its sparse kernel. */
  @Benchmark
  public float[] prunedSparse() {
    pruned.predict(nextImage(), out);
    return out;
  }

  /** The pruned network, kernels as {@link KernelMode#AUTO} chooses. */
  @Benchmark
  public float[] prunedAuto() {
    pruned.predict(nextImage(), out);
    return out;
  }

  /** The pruned network on dense kernels: what pruning alone buys (zero inputs skipped). */
  @Benchmark
  public float[] prunedDense() {
    pruned.predict(nextImage(), out);
    return out;
  }

  /** The unpruned network's inference export. */
  @Benchmark
  public float[] unprunedExport() {
    unprunedExport.predict(nextImage(), out);
    return out;
  }

  /** The pruned network's inference export (AUTO kernels). */
  @Benchmark
  public float[] prunedExport() {
    prunedExport.predict(nextImage(), out);
    return out;
  }
}
