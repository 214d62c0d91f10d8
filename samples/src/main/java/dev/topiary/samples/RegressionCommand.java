package dev.topiary.samples;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.train.EarlyStopping;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.Trainer;
import java.io.File;
import java.io.PrintStream;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code regression}: fits {@code y = sin(x) + noise} on {@code [-pi, pi]} with
 * {@link SineRegression} (mean squared error on float targets, a Keras-like run with a validation
 * split and early stopping), and compares the test error with the mean predictor's, the error
 * of always answering the training targets' mean.
 */
final class RegressionCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("epochs", "200", "passes over the training set at most"),
      new CommandLine.Option("examples", "1024", "training examples (and a quarter as many to test)"),
      new CommandLine.Option("noise", "0.1", "standard deviation of the noise on the targets"),
      new CommandLine.Option("seed", "42", "seed of data, weights and shuffling"),
      new CommandLine.Option("out", "", "file to save the trained model to"),
  };

  private RegressionCommand() {}

  /** What a run reached: the test loss and the mean predictor's. */
  static final class Result {
    final double testLoss;
    final double baselineLoss;
    final double meanAbsoluteError;
    final int epochs;

    Result(double testLoss, double baselineLoss, double meanAbsoluteError, int epochs) {
      this.testLoss = testLoss;
      this.baselineLoss = baselineLoss;
      this.meanAbsoluteError = meanAbsoluteError;
      this.epochs = epochs;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "test MSE %.4f, baseline %.4f, MAE %.4f, %d epochs",
          testLoss, baselineLoss, meanAbsoluteError, epochs);
    }
  }

  static int run(CommandLine cli, PrintStream out) throws Exception {
    Result r = fit(cli.intValue("examples"), cli.doubleValue("noise"), cli.intValue("epochs"),
        cli.longValue("seed"), cli.get("out"), out);
    return r.testLoss < r.baselineLoss ? 0 : 1;
  }

  static Result fit(int examples, double noise, int epochs, long seed, String file,
      PrintStream out) throws Exception {
    if (examples < 8 || !(noise >= 0) || epochs < 1) {
      throw new CommandLine.UsageException("expected --examples of at least 8, --noise of 0 or "
          + "more and --epochs of at least 1, found " + examples + ", " + noise + ", " + epochs);
    }
    SplittableRandom random = new SplittableRandom(seed);
    Dataset train = sine(examples, noise, random);
    Dataset test = sine(Math.max(2, examples / 4), noise, random);
    SineRegression net = new TopiarySineRegression(seed);
    EarlyStopping stop = new EarlyStopping("val_loss", 0, 20, true);
    History h = Trainer.of(net).adam(1e-2).batchSize(32).epochs(epochs).validationSplit(0.2)
        .listeners(stop).progress(false).fit(train);
    Evaluation e = net.evaluate(test);
    double mean = mean(train);
    double baseline = 0;
    for (int i = 0; i < test.size(); i++) {
      double d = test.targets()[i] - mean;
      baseline += d * d / test.size();
    }
    out.printf(Locale.ROOT, "%s: y = sin(x) + N(0, %.2f^2) on [-pi, pi], %d training examples%n",
        net.modelName(), noise, examples);
    out.printf(Locale.ROOT, "trained %d epochs (early stopping on val_loss), last train loss %.4f%n",
        h.epochs().size(), h.last().loss());
    out.printf(Locale.ROOT, "test MSE %.4f, MAE %.4f; mean predictor's MSE %.4f (%.1fx higher); "
        + "the noise alone costs %.4f%n", e.loss(), e.meanAbsoluteError(), baseline,
        baseline / e.loss(), noise * noise);
    out.println("     x    sin(x)  predicted");
    for (double x = -3; x <= 3.01; x += 1) {
      float p = net.predict(new float[] {(float) x})[0];
      out.printf(Locale.ROOT, "%6.2f  %7.4f  %9.4f%n", x, Math.sin(x), p);
    }
    if (!file.isEmpty()) {
      net.save(new File(file));
      out.println("saved to " + file);
    }
    return new Result(e.loss(), baseline, e.meanAbsoluteError(), h.epochs().size());
  }

  private static Dataset sine(int n, double noise, SplittableRandom random) {
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      double v = (random.nextDouble() * 2 - 1) * Math.PI;
      x[i] = (float) v;
      y[i] = (float) (Math.sin(v) + noise * gaussian(random));
    }
    return Dataset.ofTargets(x, y, 1, 1);
  }

  /** A standard normal value (Box-Muller). */
  private static double gaussian(SplittableRandom random) {
    double u = 1 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }

  private static double mean(Dataset d) {
    double s = 0;
    for (int i = 0; i < d.size(); i++) {
      s += d.targets()[d.targetOffset() + i];
    }
    return s / d.size();
  }
}
