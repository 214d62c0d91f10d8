package dev.topiary.spark;

import dev.topiary.Structure;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.prune.GlobalPruning;
import dev.topiary.runtime.prune.KernelPruning;
import dev.topiary.runtime.train.History;
import dev.topiary.samples.VariantRun;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;

/**
 * One grid point on an executor: builds the variant, trains it to the point's target sparsity,
 * exports, loads back and measures it exactly as the main job does ({@link VariantRun}).
 *
 * <p>Variants with {@code @Prune} reach the target through their schedules
 * ({@link RetargetedNetwork}); the others (the original, L1) are trained as declared and pruned
 * once afterwards, globally by magnitude ({@link GlobalPruning}), without fine-tuning.
 */
final class SweepTask implements Function<GridPoint, SweepRow>, Serializable {
  private static final long serialVersionUID = 1L;

  private final MnistSource mnist;
  private final int epochs;
  private final int batch;
  private final int latencyCalls;
  private final int slotsPerExecutor;
  /** A grid point (variant:target:seed) whose first attempt throws, to exercise retries; or "". */
  private final String failOnce;

  SweepTask(MnistSource mnist, int epochs, int batch, int latencyCalls, int slotsPerExecutor,
      String failOnce) {
    this.mnist = mnist;
    this.epochs = epochs;
    this.batch = batch;
    this.latencyCalls = latencyCalls;
    this.slotsPerExecutor = slotsPerExecutor;
    this.failOnce = failOnce;
  }

  @Override
  public SweepRow call(GridPoint point) throws Exception {
    long start = System.nanoTime();
    TaskContext task = TaskContext.get();
    int attempt = task == null ? 0 : task.attemptNumber();
    if (attempt == 0 && !failOnce.isEmpty() && point.matches(failOnce)) {
      throw new IllegalStateException("injected failure of the first attempt at " + point
          + " (--fail-once); Spark retries the task");
    }
    int threads = task == null ? 1 : Math.max(1, task.cpus());
    Dataset train = mnist.train();
    Dataset test = mnist.test();
    long planned = (long) epochs * Math.max(1, train.size() / batch);
    Network net = RetargetedNetwork.of(VariantRun.build(point.variant, point.seed), point.target,
        planned);
    History history = VariantRun.train(net, train, epochs, batch, threads);
    String pruning = pruning(net);
    if (pruning.equals("one-shot")) {
      GlobalPruning.prune(net, point.target);
    }
    Path dir = Files.createTempDirectory("topiary-sweep-");
    Map<String, Object> row;
    try {
      row = VariantRun.measure(point.variant, net, history, epochs, test, dir, latencyCalls);
    } finally {
      deleteTree(dir);
    }
    String executor = task == null ? "driver" : org.apache.spark.SparkEnv.get().executorId();
    return new SweepRow(row, point, pruning,
        slotsPerExecutor > 1 ? "shared" : "exclusive", executor,
        InetAddress.getLocalHost().getHostName(), attempt, (System.nanoTime() - start) / 1e9);
  }

  /**
   * "channel schedule" if the network prunes channels by schedule, "schedule" if it prunes
   * weights by schedule only, "one-shot" if it declares no {@code @Prune}.
   */
  static String pruning(Network net) {
    String how = "one-shot";
    for (TrainingRule rule : net.trainingRules()) {
      if (rule instanceof KernelPruning) {
        how = ((KernelPruning) rule).structure() == Structure.CHANNELS ? "channel schedule"
            : how.equals("one-shot") ? "schedule" : how;
      }
    }
    return how;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
