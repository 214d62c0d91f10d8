package dev.topiary.samples;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The samples' command line: {@code java -jar topiary-samples.jar <command> [options]}.
 * {@code train} trains the seed CNN on MNIST and reports accuracy and speed.
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs a command; returns the process exit code (0 success, 2 usage error). */
  static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
    String command = args.length == 0 ? "compare" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    try {
      switch (command) {
        case "compare":
          return CompareCommand.run(CommandLine.parse(rest, CompareCommand.OPTIONS), out);
        case "train":
          return TrainCommand.run(CommandLine.parse(rest, TrainCommand.OPTIONS), out);
        case "prune":
          return PruneCommand.run(CommandLine.parse(rest, PruneCommand.OPTIONS), out);
        case "l1":
          return L1Command.run(CommandLine.parse(rest, L1Command.OPTIONS), out);
        case "regression":
          return RegressionCommand.run(CommandLine.parse(rest, RegressionCommand.OPTIONS), out);
        case "mobile":
          return MobileCommand.run(CommandLine.parse(rest, MobileCommand.OPTIONS), out);
        case "help":
        case "--help":
        case "-h":
          out.print(usage());
          return 0;
        default:
          err.println("unknown command '" + command + "'; expected one of: compare, train, prune, l1, regression, mobile, help");
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
    return "usage: java -jar samples/target/topiary-samples.jar <command> [options]\n"
        + "commands:\n"
        + "  compare the main job: original, L1, proximal L1, pruned and structured variants of\n"
        + "          the seed CNN trained alike; writes report.md, report.json and charts\n"
        + "  train   train the seed CNN on MNIST, report accuracy, training speed and latency\n"
        + "  prune   train the seed CNN dense and pruned (unstructured, strict, channels, 2:4)\n"
        + "  l1      train the seed CNN with L1 at 1e-4, 1e-3, 1e-2, Keras and proximal modes\n"
        + "  regression  fit y = sin(x) + noise with mean squared error (no download)\n"
        + "  mobile  train MobileDigits (depthwise-separable, global pooling) dense and pruned to\n"
        + "          80% over several seeds; accuracy, parameters, file size, latency beside the seed CNN\n"
        + "  help    this text\n"
        + "options of compare:\n" + CommandLine.describe(CompareCommand.OPTIONS)
        + "options of train:\n" + CommandLine.describe(TrainCommand.OPTIONS)
        + "options of prune:\n" + CommandLine.describe(PruneCommand.OPTIONS)
        + "options of l1:\n" + CommandLine.describe(L1Command.OPTIONS)
        + "options of regression:\n" + CommandLine.describe(RegressionCommand.OPTIONS)
        + "options of mobile:\n" + CommandLine.describe(MobileCommand.OPTIONS);
  }
}
