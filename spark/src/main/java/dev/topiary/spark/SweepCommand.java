package dev.topiary.spark;

import dev.topiary.samples.CommandLine;

import dev.topiary.samples.VariantRun;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * {@code sweep}: variants x target sparsities x seeds, each grid point one Spark task
 * ({@link SweepTask}); the driver collects the rows and writes the report once, at the end.
 */
final class SweepCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("master", SparkSetup.DEFAULT_MASTER, "the Spark master"),
      new CommandLine.Option("variants", "original,pruned,structured,l1-proximal", "variants of the main job, comma-separated"),
      new CommandLine.Option("targets", "0.5,0.7,0.8,0.9,0.95", "target sparsities in [0, 1), comma-separated"),
      new CommandLine.Option("seeds", "1,2,3", "seeds, comma-separated"),
      new CommandLine.Option("epochs", "2", "training epochs per grid point"),
      new CommandLine.Option("batch", "32", "batch size"),
      new CommandLine.Option("train", "60000", "training images used"),
      new CommandLine.Option("test", "10000", "test images used"),
      new CommandLine.Option("latency-calls", "2000", "timed single-image predictions per point"),
      new CommandLine.Option("data", "$TOPIARY_DATA/mnist or data/mnist here or above", "MNIST directory (local, hdfs:// or s3a://)"),
      new CommandLine.Option("out", "target/topiary-sweep", "output directory (new or empty)"),
      new CommandLine.Option("max-failures", "4", "attempts per task"),
      new CommandLine.Option("task-cpus", "1", "cores per task (2: exclusive timing)"),
      new CommandLine.Option("fail-once", "none", "variant:target:seed whose first attempt throws (tests)"),
  };

  private SweepCommand() {}

  static int run(CommandLine o, PrintStream out) throws Exception {
    List<String> variants = o.list("variants");
    for (String v : variants) {
      if (!VariantRun.names().contains(v)) {
        throw new CommandLine.UsageException("unknown variant '" + v + "'; expected some of "
            + VariantRun.names());
      }
    }
    List<Double> targets = o.doubles("targets");
    for (double t : targets) {
      if (!(t >= 0 && t < 1)) {
        throw new CommandLine.UsageException("--targets expects sparsities in [0, 1), found " + t);
      }
    }
    List<Long> seeds = o.longs("seeds");
    if (variants.isEmpty() || targets.isEmpty() || seeds.isEmpty()) {
      throw new CommandLine.UsageException("expected at least one variant, target and seed");
    }
    Path outDir = Paths.get(o.get("out"));
    OutputDir.checkFree(outDir);
    String data = dataDir(o.get("data"));
    String failOnce = o.get("fail-once").equals("none") ? "" : o.get("fail-once");
    List<GridPoint> grid = new ArrayList<>();
    for (String v : variants) {
      for (double t : targets) {
        for (long seed : seeds) {
          grid.add(new GridPoint(v, t, seed));
        }
      }
    }
    long start = System.nanoTime();
    SparkSession spark = SparkSetup.session("sweep", o.get("master"), o.intValue("max-failures"),
        o.intValue("task-cpus"));
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      MnistSource mnist = new MnistSource(data, o.intValue("train"), o.intValue("test"),
          new HadoopFiles(sc.getConf()));
      int[] sizes = mnist.check();
      int slots = SparkSetup.slotsPerExecutor(spark);
      SweepTask task = new SweepTask(mnist, o.intValue("epochs"), o.intValue("batch"),
          o.intValue("latency-calls"), slots, failOnce);
      out.printf(Locale.ROOT, "sweep: %d tasks on %s (%d at once per executor)%n", grid.size(),
          spark.sparkContext().master(), slots);
      spark.sparkContext().addSparkListener(new SweepProgress(grid, out));
      List<SweepRow> rows = sc.parallelize(grid, grid.size()).map(task).collect();
      SweepReport.Run run = new SweepReport.Run();
      run.master = spark.sparkContext().master();
      run.executors = Math.max(1, sc.sc().getExecutorMemoryStatus().size()
          - (run.master.startsWith("local") ? 0 : 1));
      run.slotsPerExecutor = slots;
      run.trainImages = sizes[0];
      run.testImages = sizes[1];
      run.epochs = o.intValue("epochs");
      run.variants = variants;
      run.targets = targets;
      run.seeds = seeds;
      run.seconds = (System.nanoTime() - start) / 1e9;
      OutputDir dir = OutputDir.create(outDir);
      try {
        new SweepReport(run, rows).write(dir);
        dir.commit();
      } catch (Exception e) {
        dir.discard();
        throw e;
      }
      for (SweepRow r : rows) {
        out.printf(Locale.ROOT, "%-12s target %.2f seed %d: accuracy %.2f%%, sparsity %.1f%% "
            + "(%s, attempt %d, %s timing)%n", r.variant, r.target, r.seed,
            100 * r.number("accuracy"), 100 * r.number("sparsity"), r.pruning, r.attempt,
            r.timing);
      }
      out.println("wrote " + outDir.resolve("report.md") + ", report.json, sweep.csv and "
          + SweepChart.FILE);
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * The MNIST directory: {@code --data} if given (any Hadoop path: a local folder,
   * {@code hdfs://}, {@code s3a://}); else {@code $TOPIARY_DATA/mnist}, {@code ./data/mnist} or
   * the nearest {@code data/mnist} above, as an absolute local path.
   */
  static String dataDir(String option) throws CommandLine.UsageException {
    if (!option.startsWith("$TOPIARY_DATA")) {
      return option.contains("://") ? option : Paths.get(option).toAbsolutePath().toString();
    }
    String env = System.getenv("TOPIARY_DATA");
    List<Path> candidates = new ArrayList<>();
    if (env != null && !env.isEmpty()) {
      candidates.add(Paths.get(env, "mnist"));
    }
    for (Path d = Paths.get("").toAbsolutePath(); d != null; d = d.getParent()) {
      candidates.add(d.resolve("data").resolve("mnist"));
    }
    for (Path c : candidates) {
      if (Files.isDirectory(c)) {
        return c.toAbsolutePath().toString();
      }
    }
    throw new CommandLine.UsageException("expected MNIST in $TOPIARY_DATA/mnist or a data/mnist "
        + "folder here or above, found none; pass --data DIR (the samples' `compare` fetches "
        + "it into data/mnist)");
  }
}
