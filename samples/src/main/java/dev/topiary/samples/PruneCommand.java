package dev.topiary.samples;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.report.SparsityReport;
import java.io.PrintStream;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * {@code prune}: trains the seed CNN unpruned and with each pruning structure the same way in one
 * run, and reports each one's accuracy and per-layer sparsity.
 */
@DesktopOnly
final class PruneCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("epochs", "6", "passes over the training set (6 x 1875 steps "
          + "passes the schedules' endStep 10,000)"),
      new CommandLine.Option("batch", "32", "examples per training step"),
      new CommandLine.Option("seed", "42", "seed of weights and shuffling"),
      new CommandLine.Option("train", "60000", "training images to use (the first N)"),
      new CommandLine.Option("variants", "dense,unstructured,strict,channels,2:4",
          "which models to train, comma-separated"),
      new CommandLine.Option("data", "", "directory with the MNIST IDX files"),
  };

  /** A model to train: its name, how to make it, and whether to use strict pruning. */
  private static final class Variant {
    final String name;
    final LongFunction<Network> factory;
    final boolean strict;

    Variant(String name, LongFunction<Network> factory, boolean strict) {
      this.name = name;
      this.factory = factory;
      this.strict = strict;
    }
  }

  private static final List<Variant> VARIANTS = Arrays.asList(
      new Variant("dense", TopiarySeedCnn::new, false),
      new Variant("unstructured", TopiaryPrunedSeedCnn::new, false),
      new Variant("strict", TopiaryPrunedSeedCnn::new, true),
      new Variant("channels", TopiaryChannelPrunedSeedCnn::new, false),
      new Variant("2:4", TopiaryTwoOfFourSeedCnn::new, false));

  private PruneCommand() {}

  static int run(CommandLine cli, PrintStream out) throws Exception {
    Mnist mnist = cli.get("data").isEmpty() ? Mnist.load() : Mnist.load(Paths.get(cli.get("data")));
    Dataset train = mnist.train().slice(0, Math.min(cli.intValue("train"), mnist.train().size()));
    List<String> wanted = Arrays.asList(cli.get("variants").split(","));
    List<String> results = new ArrayList<>();
    for (Variant v : VARIANTS) {
      if (!wanted.contains(v.name)) {
        continue;
      }
      Network net = v.factory.apply(cli.longValue("seed"));
      History h = Trainer.of(net).progress(true).adam(1e-3).batchSize(cli.intValue("batch"))
          .epochs(cli.intValue("epochs")).strictPruning(v.strict).fit(train);
      Evaluation test = net.evaluate(mnist.test());
      out.printf(Locale.ROOT, "%n%s (%s%s): test accuracy %.2f%%, %.0f images/s%n", v.name,
          net.modelName(), v.strict ? ", strict: masked gradients and moments held at zero" : "",
          100.0 * test.accuracy(), h.imagesPerSecond());
      out.println(SparsityReport.of(net));
      results.add(String.format(Locale.ROOT, "%-13s %7.2f%%", v.name, 100.0 * test.accuracy()));
    }
    out.println("\nvariant       accuracy");
    results.forEach(out::println);
    return 0;
  }
}
