package dev.topiary.samples;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.report.ActivationSparsity;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One variant of the main job built, trained and measured exactly as {@code compare} does it:
 * the entry point for other modules (the Spark sweep in {@code topiary-spark}), which run the
 * same steps one grid point at a time.
 */
@DesktopOnly
public final class VariantRun {
  private VariantRun() {}

  /** The variants' names, in the comparison's order. */
  public static List<String> names() {
    return new ArrayList<>(CompareCommand.Variant.ALL.keySet());
  }

  /** What variant {@code name} is, as report.md says it. */
  public static String description(String name) {
    return variant(name).description;
  }

  /** A new, untrained network of variant {@code name}, its weights drawn from {@code seed}. */
  public static Network build(String name, long seed) {
    return variant(name).factory.apply(seed);
  }

  /** Trains as {@code compare} does: Adam 1e-3, shuffled by the network's seed. */
  public static History train(Network net, Dataset train, int epochs, int batch, int threads) {
    return Trainer.of(net).adam(1e-3).batchSize(batch).epochs(epochs).threads(threads)
        .progress(false).fit(train);
  }

  /**
   * Evaluates the trained {@code net}, exports it to {@code dir/<name>.topiary}, loads that back
   * (refusing an export that classifies differently) and measures it: the row report.json holds,
   * with exactly its keys in its order.
   */
  public static Map<String, Object> measure(String name, Network net, History history,
      int epochs, Dataset test, Path dir, int latencyCalls) throws IOException {
    VariantResult r = result(name, description(name), net, history, epochs, test, dir,
        latencyCalls);
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("name", r.name);
    row.put("accuracy", r.accuracy);
    row.put("params", r.params);
    row.put("nonzeroParams", r.nonzeroParams);
    row.put("sparsity", r.sparsity);
    row.put("activationSparsity", r.activationSparsity);
    row.put("fileBytes", r.fileBytes);
    row.put("gzipBytes", r.gzipBytes);
    row.put("denseBytes", r.denseBytes);
    row.put("latencyP50Micros", r.latencyP50Micros);
    row.put("latencyP99Micros", r.latencyP99Micros);
    row.put("throughputPerSec", r.throughputPerSec);
    row.put("trainImagesPerSec", r.trainImagesPerSec);
    row.put("epochs", r.epochs);
    return row;
  }

  /** The measuring half of {@code compare}'s run of one variant. */
  static VariantResult result(String name, String description, Network net, History h,
      int epochs, Dataset test, Path dir, int latencyCalls) throws IOException {
    Evaluation eval = net.evaluate(test);
    // What a user ships: the inference export (channel-pruned layers compacted), stored, loaded
    // back and run on the kernels chosen for its density.
    Path file = dir.resolve(name + ".topiary");
    InferenceModel export = InferenceModel.of(net);
    export.save(file);
    InferenceModel model = InferenceModel.load(file);
    Evaluation loaded = model.evaluate(test);
    if (loaded.correct() != eval.correct()) {
      throw new IllegalStateException(name + ": the loaded export classifies "
          + loaded.correct() + " test images right, expected the network's " + eval.correct());
    }
    double[] micros = Measure.latencyMicros(model, test, Measure.WARMUP_CALLS, latencyCalls);
    VariantResult r = new VariantResult();
    r.name = name;
    r.description = description;
    r.accuracy = eval.accuracy();
    r.evaluation = eval;
    r.params = net.parameterCount();
    r.nonzeroParams = model.nonZeroParameters();
    r.compaction = compaction(export);
    r.sparsity = 1.0 - (double) r.nonzeroParams / r.params;
    r.activationSparsity = ActivationSparsity.measure(net, test).overall();
    r.fileBytes = Files.size(file);
    r.gzipBytes = Measure.gzipBytes(file);
    r.denseBytes = 4L * r.params;
    r.latencyP50Micros = Measure.quantile(micros, 0.5);
    r.latencyP99Micros = Measure.quantile(micros, 0.99);
    r.throughputPerSec = Measure.throughput(model, test, 256, 2);
    r.trainImagesPerSec = h.imagesPerSecond();
    r.epochs = epochs;
    return r;
  }

  /** e.g. "conv 26 of 32 filters, hidden 51 of 64 units removed", or "" if none were. */
  private static String compaction(InferenceModel model) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, Integer> e : model.unitsRemoved().entrySet()) {
      if (e.getValue() > 0) {
        s.append(s.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
      }
    }
    return s.length() == 0 ? "" : "compacted: " + s + " units removed";
  }

  private static CompareCommand.Variant variant(String name) {
    CompareCommand.Variant v = CompareCommand.Variant.ALL.get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown variant '" + name + "'; expected one of "
          + CompareCommand.Variant.ALL.keySet());
    }
    return v;
  }
}
