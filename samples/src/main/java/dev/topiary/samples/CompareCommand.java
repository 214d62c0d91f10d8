package dev.topiary.samples;

import dev.topiary.runtime.train.History;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@code compare}, the main job: the seed's table of an original model, L1 regularization,
 * pruning and Sparsemax, measured for real on MNIST: accuracy, sizes, latency, throughput.
 */
@DesktopOnly
final class CompareCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("epochs", "2", "passes over the training set, the same for every "
          + "variant"),
      new CommandLine.Option("batch", "32", "examples per training step"),
      new CommandLine.Option("seed", "42", "seed of weights and shuffling"),
      new CommandLine.Option("train", "60000", "training images to use (the first N)"),
      new CommandLine.Option("test", "10000", "test images to evaluate and time on (the first N)"),
      new CommandLine.Option("variants", String.join(",", Variant.ALL.keySet()),
          "which variants to run, comma-separated"),
      new CommandLine.Option("latency-calls", "2000", "timed single-image predictions per variant"),
      new CommandLine.Option("progress", "true", "show a progress bar per training run"),
      new CommandLine.Option("data", "", "directory with the MNIST IDX files "
          + "(default $TOPIARY_DATA/mnist or ./data/mnist, fetched if absent)"),
      new CommandLine.Option("out", "target/topiary-report", "directory for report.md, "
          + "report.json, the charts and the model files"),
  };

  /** A variant of the comparison: how to build it and what it is. */
  static final class Variant {
    static final Map<String, Variant> ALL = new LinkedHashMap<>();

    static {
      add("original", "the seed CNN, no regularization", TopiarySeedCnn::new);
      add("l1", "@L1(0.01) on the conv and Dense(64) kernels, Keras semantics",
          TopiaryL1Variants_Keras01::new);
      add("l1-proximal", "@L1(value = 0.00003, proximal = true) on the same kernels",
          TopiaryComparisonModels_ProximalL1::new);
      add("pruned", "@Prune(initial = 0.5, target = 0.8, endStep = 1_500) on every kernel",
          TopiaryComparisonModels_Pruned::new);
      add("structured", "channel pruning of conv filters and hidden units to 55%, "
          + "compacted to smaller dense layers: the pruned variant's budget",
          TopiaryComparisonModels_Structured::new);
      add("leaky-relu", "the seed CNN with LEAKY_RELU on its conv and Dense(64): activation "
          + "sparsity given up", TopiaryComparisonModels_LeakyRelu::new);
      add("cnn-sparsemax", "the seed CNN with a SPARSEMAX output and the sparsemax loss",
          TopiaryComparisonModels_CnnSparsemax::new);
      add("sparsemax", "SparseLinear: Dense(10) from the 784 pixels, Sparsemax output and loss",
          TopiarySparseLinear::new);
      add("softmax-linear", "the same linear model with softmax and cross-entropy",
          TopiarySoftmaxLinear::new);
    }

    final String name;
    final String description;
    final LongFunction<Network> factory;

    private Variant(String name, String description, LongFunction<Network> factory) {
      this.name = name;
      this.description = description;
      this.factory = factory;
    }

    private static void add(String name, String description, LongFunction<Network> factory) {
      ALL.put(name, new Variant(name, description, factory));
    }
  }

  private CompareCommand() {}

  static int run(CommandLine cli, PrintStream out) throws Exception {
    List<Variant> variants = new ArrayList<>();
    for (String name : cli.get("variants").split(",")) {
      Variant v = Variant.ALL.get(name.trim());
      if (v == null) {
        throw new CommandLine.UsageException("unknown variant '" + name + "'; expected some of "
            + Variant.ALL.keySet());
      }
      variants.add(v);
    }
    Mnist mnist = cli.get("data").isEmpty() ? Mnist.load() : Mnist.load(Paths.get(cli.get("data")));
    Dataset train = mnist.train().slice(0, Math.min(cli.intValue("train"), mnist.train().size()));
    Dataset test = mnist.test().slice(0, Math.min(cli.intValue("test"), mnist.test().size()));
    Path dir = Paths.get(cli.get("out"));
    Files.createDirectories(dir);
    List<VariantResult> results = new ArrayList<>();
    for (Variant v : variants) {
      VariantResult r = runVariant(v, cli, train, test, dir);
      results.add(r);
      out.printf(Locale.ROOT, "%s: accuracy %.2f%%, %,d of %,d weights non-zero, file %,d bytes, "
          + "p50 %.1f us, %.1f%% of activations exactly zero%s%n", r.name, 100 * r.accuracy,
          r.nonzeroParams, r.params, r.fileBytes, r.latencyP50Micros,
          100 * r.activationSparsity, r.compaction.isEmpty() ? "" : "; " + r.compaction);
    }
    Report report = new Report(results, train.size(), test.size(), cli.longValue("seed"));
    out.println();
    out.println(report.table());
    report.write(dir);
    out.println("wrote " + dir.resolve("report.md") + ", report.json and charts");
    return 0;
  }

  private static VariantResult runVariant(Variant v, CommandLine cli, Dataset train,
      Dataset test, Path dir) throws Exception {
    int epochs = cli.intValue("epochs");
    Network net = v.factory.apply(cli.longValue("seed"));
    History h = Trainer.of(net).adam(1e-3).batchSize(cli.intValue("batch")).epochs(epochs)
        .progress(!cli.get("progress").equals("false")).fit(train);
    return VariantRun.result(v.name, v.description, net, h, epochs, test, dir,
        cli.intValue("latency-calls"));
  }

  static List<String> names() {
    return Arrays.asList(Variant.ALL.keySet().toArray(new String[0]));
  }
}
