package dev.topiary.samples;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.train.CheckpointException;
import dev.topiary.runtime.train.CsvLogger;
import dev.topiary.runtime.train.EarlyStopping;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.ModelCheckpoint;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.train.TrainingListener;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code train}: the foundation's end-to-end run of the seed CNN on MNIST. */
@DesktopOnly
final class TrainCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("epochs", "1", "passes over the training set (with --resume, "
          + "the number of the last epoch)"),
      new CommandLine.Option("batch", "32", "examples per training step"),
      new CommandLine.Option("lr", "0.001", "Adam learning rate"),
      new CommandLine.Option("seed", "42", "seed of weights and shuffling"),
      new CommandLine.Option("train", "60000", "training images to use (the first N)"),
      new CommandLine.Option("data", "", "directory with the MNIST IDX files "
          + "(default $TOPIARY_DATA/mnist or ./data/mnist, fetched if absent)"),
      new CommandLine.Option("out", "target/seed.topiary", "where to save the trained model"),
      new CommandLine.Option("validation-split", "0", "fraction of the training images held out "
          + "(the last ones) and evaluated after each epoch"),
      new CommandLine.Option("early-stopping", "0", "stop after N epochs without a better "
          + "validation loss and keep the best weights (0: off; without --validation-split, "
          + "holds out the last 10%)"),
      new CommandLine.Option("csv", "", "write each epoch's figures to this CSV file"),
      new CommandLine.Option("checkpoint", "", "write a training checkpoint to this directory "
          + "after each epoch (epoch-N.ckpt: weights, Adam's state, shuffling)"),
      new CommandLine.Option("resume", "", "continue the run saved in this checkpoint file, up "
          + "to --epochs; give the options the run had"),
  };

  /** The split early stopping uses when none is given, as a Keras user would hold out. */
  static final double DEFAULT_EARLY_STOPPING_SPLIT = 0.1;

  private TrainCommand() {}

  static int run(CommandLine cli, PrintStream out) throws Exception {
    int trainSize = cli.intValue("train");
    Mnist mnist = cli.get("data").isEmpty() ? Mnist.load() : Mnist.load(Paths.get(cli.get("data")));
    Dataset train = mnist.train().slice(0, Math.min(trainSize, mnist.train().size()));
    SeedCnn net = new TopiarySeedCnn(cli.longValue("seed"));
    out.println(net.summary());
    List<TrainingListener> listeners = new ArrayList<>();
    int patience = cli.intValue("early-stopping");
    double split = cli.doubleValue("validation-split");
    if (patience > 0) {
      if (split <= 0) {
        split = DEFAULT_EARLY_STOPPING_SPLIT;
        out.printf(Locale.ROOT, "--early-stopping watches the validation loss: holding out the "
            + "last %.0f%% of the training images (--validation-split %s)%n", 100 * split, split);
      }
    }
    if (!cli.get("checkpoint").isEmpty()) {
      // before early stopping, which may put the best epoch's weights back after it
      listeners.add(new ModelCheckpoint(
          new File(cli.get("checkpoint"), "epoch-{epoch}.ckpt").getPath()));
    }
    if (patience > 0) {
      listeners.add(new EarlyStopping("val_loss", 0, patience, true));
    }
    if (!cli.get("csv").isEmpty()) {
      listeners.add(new CsvLogger(new File(cli.get("csv"))));
    }
    Trainer trainer = Trainer.of(net).progress(true).adam(cli.doubleValue("lr"))
        .batchSize(cli.intValue("batch")).epochs(cli.intValue("epochs")).validationSplit(split)
        .listeners(listeners.toArray(new TrainingListener[0]));
    if (!cli.get("resume").isEmpty()) {
      try {
        trainer.resume(new File(cli.get("resume")));
      } catch (CheckpointException | FileNotFoundException e) {
        throw new CommandLine.UsageException("--resume " + cli.get("resume") + ": "
            + e.getMessage());
      }
      out.printf(Locale.ROOT, "resuming %s after epoch %d, up to epoch %d%n", cli.get("resume"),
          trainer.initialEpoch(), cli.intValue("epochs"));
    }
    History history = trainer.fit(train);
    for (History.Epoch e : history.epochs()) {
      if (e.validation() != null) {
        out.printf(Locale.ROOT, "epoch %d: loss %.4f, accuracy %.2f%%, val_loss %.4f, "
            + "val_accuracy %.2f%%%n", e.index(), e.loss(), 100 * e.accuracy(),
            e.validation().loss(), 100 * e.validation().accuracy());
      }
    }
    Evaluation test = net.evaluate(mnist.test());
    Path file = Paths.get(cli.get("out"));
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    net.save(file);
    SeedCnn loaded = TopiarySeedCnn.load(file);
    double[] micros = Measure.latencyMicros(loaded, mnist.test(), Measure.WARMUP_CALLS, 5_000);
    out.printf(Locale.ROOT, "test accuracy     %.2f%% (%d of %d), loss %.4f%n",
        100.0 * test.accuracy(), test.correct(), test.count(), test.loss());
    out.printf(Locale.ROOT, "training          %.0f images/s over %d images%n",
        history.imagesPerSecond(), history.epochs().isEmpty() ? 0
            : history.epochs().size() * history.last().images());
    out.printf(Locale.ROOT, "predict batch 1   median %.1f us, p99 %.1f us (%d calls)%n",
        Measure.quantile(micros, 0.5), Measure.quantile(micros, 0.99), micros.length);
    out.printf(Locale.ROOT, "model file        %s, %,d bytes%n", file, Files.size(file));
    return 0;
  }
}
