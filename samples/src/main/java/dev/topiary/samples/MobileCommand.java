package dev.topiary.samples;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.Trainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * {@code mobile}: trains {@link MobileDigits} and {@link PrunedMobileDigits} on MNIST for each
 * seed, and the seed CNN once, and prints each one's test accuracy, parameters, export file size
 * and batch-1 latency, then the mean accuracy over the seeds (the figure compared with PyTorch's
 * in benchmarks/peer/pytorch_mobile_digits.py).
 */
@DesktopOnly
final class MobileCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("epochs", "3", "passes over the training set"),
      new CommandLine.Option("seeds", "1,2,3", "seeds of weights, shuffling and dropout, "
          + "comma-separated: one run of each MobileDigits model per seed"),
      new CommandLine.Option("lr", "0.003", "Adam learning rate of the MobileDigits models"),
      new CommandLine.Option("batch", "32", "examples per training step"),
      new CommandLine.Option("train", "60000", "training images to use (the first N)"),
      new CommandLine.Option("test", "10000", "test images to use (the first N)"),
      new CommandLine.Option("seed-cnn", "true", "also train the seed CNN (first seed, Adam "
          + "1e-3, the same epochs) and print it beside them"),
      new CommandLine.Option("latency-calls", "2000", "timed single-image predictions per model"),
      new CommandLine.Option("warmup", String.valueOf(Measure.WARMUP_CALLS),
          "untimed single-image predictions before they are timed"),
      new CommandLine.Option("data", "", "directory with the MNIST IDX files"),
      new CommandLine.Option("out", "target/mobile", "directory for the exported models"),
  };

  /** One trained model's figures. */
  static final class Row {
    String name;
    long seed;
    double accuracy;
    long params;
    long nonZero;
    long fileBytes;
    long gzipBytes;
    double latencyMicros;
    double imagesPerSecond;
  }

  private MobileCommand() {}

  static int run(CommandLine cli, PrintStream out) throws Exception {
    List<Row> rows = measureAll(cli, out);
    out.println();
    out.println(table(rows));
    return 0;
  }

  static List<Row> measureAll(CommandLine cli, PrintStream out) throws Exception {
    long[] seeds = seeds(cli.get("seeds"));
    Mnist mnist = cli.get("data").isEmpty() ? Mnist.load() : Mnist.load(Paths.get(cli.get("data")));
    Dataset train = mnist.train().slice(0, Math.min(cli.intValue("train"), mnist.train().size()));
    Dataset test = mnist.test().slice(0, Math.min(cli.intValue("test"), mnist.test().size()));
    Path dir = Paths.get(cli.get("out"));
    Files.createDirectories(dir);
    int epochs = cli.intValue("epochs");
    double lr = cli.doubleValue("lr");
    out.println(new TopiaryMobileDigits(seeds[0]).summary());
    out.printf(Locale.ROOT, "%d training images, %d test images, %d epochs, batch %d, Adam %s%n",
        train.size(), test.size(), epochs, cli.intValue("batch"), lr);
    List<Row> rows = new ArrayList<>();
    for (long seed : seeds) {
      rows.add(measure("mobile", TopiaryMobileDigits::new, seed, lr, cli, train, test, dir, out));
      rows.add(measure("mobile-pruned", TopiaryPrunedMobileDigits::new, seed, lr, cli, train, test,
          dir, out));
    }
    if (Boolean.parseBoolean(cli.get("seed-cnn"))) {
      rows.add(measure("seed-cnn", TopiarySeedCnn::new, seeds[0], 1e-3, cli, train, test, dir,
          out));
    }
    return rows;
  }

  private static Row measure(String name, LongFunction<Network> factory, long seed, double lr,
      CommandLine cli, Dataset train, Dataset test, Path dir, PrintStream out) throws Exception {
    Network net = factory.apply(seed);
    History h = Trainer.of(net).adam(lr).batchSize(cli.intValue("batch"))
        .epochs(cli.intValue("epochs")).progress(false).fit(train);
    Evaluation eval = net.evaluate(test);
    Path file = dir.resolve(name + "-" + seed + ".topiary");
    InferenceModel.of(net).save(file);
    InferenceModel model = InferenceModel.load(file);
    Evaluation loaded = model.evaluate(test);
    if (loaded.correct() != eval.correct()) {
      throw new IllegalStateException(name + ": the loaded export classifies " + loaded.correct()
          + " test images right, expected the network's " + eval.correct());
    }
    double[] micros = Measure.latencyMicros(model, test, cli.intValue("warmup"),
        cli.intValue("latency-calls"));
    Row r = new Row();
    r.name = name;
    r.seed = seed;
    r.accuracy = eval.accuracy();
    r.params = net.parameterCount();
    r.nonZero = model.nonZeroParameters();
    r.fileBytes = Files.size(file);
    r.gzipBytes = Measure.gzipBytes(file);
    r.latencyMicros = Measure.quantile(micros, 0.5);
    r.imagesPerSecond = h.imagesPerSecond();
    StringBuilder epochs = new StringBuilder();
    for (History.Epoch e : h.epochs()) {
      epochs.append(String.format(Locale.ROOT, " %.2f%%", 100 * e.accuracy()));
    }
    out.printf(Locale.ROOT, "%s seed %d: test accuracy %.2f%% (train accuracy by epoch:%s), "
        + "%.0f images/s training%n", name, seed, 100 * r.accuracy, epochs, r.imagesPerSecond);
    return r;
  }

  static String table(List<Row> rows) {
    StringBuilder s = new StringBuilder();
    s.append("model          seed  accuracy  params   nonzero  file B   gzip B  batch-1 us\n");
    for (Row r : rows) {
      s.append(String.format(Locale.ROOT, "%-14s %4d  %7.2f%%  %7d  %7d  %7d  %7d  %10.1f%n",
          r.name, r.seed, 100 * r.accuracy, r.params, r.nonZero, r.fileBytes, r.gzipBytes,
          r.latencyMicros));
    }
    for (String name : new String[] {"mobile", "mobile-pruned"}) {
      double sum = 0;
      int n = 0;
      for (Row r : rows) {
        if (r.name.equals(name)) {
          sum += r.accuracy;
          n++;
        }
      }
      if (n > 0) {
        s.append(String.format(Locale.ROOT, "%s: mean test accuracy over %d seeds %.2f%%%n",
            name, n, 100 * sum / n));
      }
    }
    return s.toString();
  }

  static long[] seeds(String list) throws CommandLine.UsageException {
    String[] parts = list.split(",");
    long[] seeds = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        seeds[i] = Long.parseLong(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new CommandLine.UsageException("--seeds expects whole numbers separated by commas, "
            + "found '" + list + "'");
      }
    }
    return seeds;
  }
}
