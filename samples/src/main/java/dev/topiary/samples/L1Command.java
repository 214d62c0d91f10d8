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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * {@code l1}: the seed CNN with L1 at 1e-4, 1e-3 and 1e-2 in Keras's mode and in the proximal
 * mode, trained the same way in one run: accuracy and the share of exactly-zero weights.
 */
@DesktopOnly
final class L1Command {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("epochs", "1", "passes over the training set"),
      new CommandLine.Option("batch", "32", "examples per training step"),
      new CommandLine.Option("seed", "42", "seed of weights and shuffling"),
      new CommandLine.Option("train", "60000", "training images to use (the first N)"),
      new CommandLine.Option("variants", "keras-1e-4,keras-1e-3,keras-1e-2,proximal-1e-4,"
          + "proximal-1e-3,proximal-1e-2", "which models to train, comma-separated"),
      new CommandLine.Option("data", "", "directory with the MNIST IDX files"),
  };

  static final Map<String, LongFunction<Network>> VARIANTS = new LinkedHashMap<>();

  static {
    VARIANTS.put("keras-1e-4", TopiaryL1Variants_Keras0001::new);
    VARIANTS.put("keras-1e-3", TopiaryL1Variants_Keras001::new);
    VARIANTS.put("keras-1e-2", TopiaryL1Variants_Keras01::new);
    VARIANTS.put("proximal-1e-5", TopiaryL1Variants_Proximal00001::new);
    VARIANTS.put("proximal-3e-5", TopiaryL1Variants_Proximal00003::new);
    VARIANTS.put("proximal-1e-4", TopiaryL1Variants_Proximal0001::new);
    VARIANTS.put("proximal-1e-3", TopiaryL1Variants_Proximal001::new);
    VARIANTS.put("proximal-1e-2", TopiaryL1Variants_Proximal01::new);
  }

  private L1Command() {}

  static int run(CommandLine cli, PrintStream out) throws Exception {
    Mnist mnist = cli.get("data").isEmpty() ? Mnist.load() : Mnist.load(Paths.get(cli.get("data")));
    Dataset train = mnist.train().slice(0, Math.min(cli.intValue("train"), mnist.train().size()));
    List<String> wanted = Arrays.asList(cli.get("variants").split(","));
    List<String> rows = new ArrayList<>();
    for (Map.Entry<String, LongFunction<Network>> v : VARIANTS.entrySet()) {
      if (!wanted.contains(v.getKey())) {
        continue;
      }
      Network net = v.getValue().apply(cli.longValue("seed"));
      History h = Trainer.of(net).progress(true).adam(1e-3).batchSize(cli.intValue("batch"))
          .epochs(cli.intValue("epochs")).fit(train);
      Evaluation test = net.evaluate(mnist.test());
      String table = SparsityReport.of(net);
      out.printf(Locale.ROOT, "%n%s: test accuracy %.2f%%, %.0f images/s%n%s%n", v.getKey(),
          100.0 * test.accuracy(), h.imagesPerSecond(), table);
      String total = table.substring(table.lastIndexOf('\n') + 1);
      rows.add(String.format(Locale.ROOT, "%-14s %7.2f%%   %s", v.getKey(),
          100.0 * test.accuracy(), total.substring(total.lastIndexOf(' ') + 1)));
    }
    out.println("\nvariant        accuracy   exact-zero weights");
    rows.forEach(out::println);
    return 0;
  }
}
