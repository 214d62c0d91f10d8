package dev.topiary.spark;

import dev.topiary.samples.CommandLine;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar spark/target/topiary-spark.jar sweep|score [options]}, or the same class as
 * the main class of {@code spark-submit}: the sparsity sweep and batch scoring on Spark.
 */
public final class Main {
  static {
    // What Spark's own launcher sets for Netty on JDK 9+; a manifest can open packages but not
    // set properties, so the launcher jar sets it before Spark loads Netty.
    if (System.getProperty("io.netty.tryReflectionSetAccessible") == null) {
      System.setProperty("io.netty.tryReflectionSetAccessible", "true");
    }
  }

  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the exit code (0 success, 2 usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    String command = args.length == 0 ? "help" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "sweep":
          return SweepCommand.run(CommandLine.parse(rest, SweepCommand.OPTIONS), out);
        case "score":
          return ScoreCommand.run(CommandLine.parse(rest, ScoreCommand.OPTIONS), out);
        case "help":
        case "--help":
        case "-h":
          out.print(usage());
          return 0;
        default:
          err.println("unknown command '" + command + "'; expected one of: sweep, score, help");
          err.print(usage());
          return 2;
      }
    } catch (CommandLine.UsageException e) {
      err.println(e.getMessage());
      err.print(usage());
      return 2;
    }
  }

  static String usage() {
    return "usage: java -jar spark/target/topiary-spark.jar <command> [--option value ...]\n"
        + "  sweep  train, prune, export and measure variants x target sparsities x seeds, one\n"
        + "         Spark task per grid point; writes report.json, report.md, sweep.csv and\n"
        + "         accuracy-vs-sparsity.png into --out\n"
        + "  score  score IDX images with a model file, partition by partition; writes Parquet\n"
        + "         (index, prediction, probability) and score.json into --out\n"
        + "options of sweep:\n" + CommandLine.describe(SweepCommand.OPTIONS)
        + "options of score:\n" + CommandLine.describe(ScoreCommand.OPTIONS);
  }
}
