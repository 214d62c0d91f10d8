package dev.topiary.spark;

import dev.topiary.runtime.kernels.Kernels;
import dev.topiary.samples.VariantRun;
import java.io.IOException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The sweep's files: report.json, report.md, sweep.csv and the chart. */
final class SweepReport {
  /** What the run was: the grid and where it ran. */
  static final class Run {
    String master;
    int executors;
    int slotsPerExecutor;
    int trainImages;
    int testImages;
    int epochs;
    List<String> variants;
    List<Double> targets;
    List<Long> seeds;
    double seconds;
  }

  private final Run run;
  private final List<SweepRow> rows;
  private final Map<String, List<SweepSummary.Cell>> cells;

  SweepReport(Run run, List<SweepRow> rows) {
    this.run = run;
    this.rows = rows;
    this.cells = SweepSummary.byVariant(rows);
  }

  void write(OutputDir out) throws IOException {
    out.write("report.json", json());
    out.write("report.md", markdown());
    out.write("sweep.csv", csv());
    SweepChart.write(cells, out.dir());
  }

  String json() {
    StringBuilder s = new StringBuilder("{\n  \"dataset\": ")
        .append(Json.string("MNIST (" + run.trainImages + " training, " + run.testImages
            + " test images)"))
        .append(",\n  \"master\": ").append(Json.string(run.master))
        .append(",\n  \"executors\": ").append(run.executors)
        .append(",\n  \"tasksPerExecutor\": ").append(run.slotsPerExecutor)
        .append(",\n  \"javaVersion\": ").append(Json.string(System.getProperty("java.version")))
        .append(",\n  \"kernels\": ").append(Json.string(Kernels.implementation()))
        .append(",\n  \"date\": ").append(Json.string(LocalDate.now().toString()))
        .append(",\n  \"seconds\": ").append(Json.value(run.seconds))
        .append(",\n  \"rows\": [\n");
    for (int i = 0; i < rows.size(); i++) {
      SweepRow r = rows.get(i);
      s.append("    {");
      for (Map.Entry<String, Object> e : r.values.entrySet()) {
        s.append(Json.string(e.getKey())).append(": ").append(Json.value(e.getValue())).append(", ");
      }
      s.append("\"target\": ").append(Json.value(r.target))
          .append(", \"seed\": ").append(r.seed)
          .append(", \"pruning\": ").append(Json.string(r.pruning))
          .append(", \"timing\": ").append(Json.string(r.timing))
          .append(", \"executor\": ").append(Json.string(r.executor))
          .append(", \"host\": ").append(Json.string(r.host))
          .append(", \"attempt\": ").append(r.attempt)
          .append(", \"taskSeconds\": ").append(Json.value(r.taskSeconds))
          .append(i + 1 < rows.size() ? "},\n" : "}\n");
    }
    return s.append("  ]\n}\n").toString();
  }

  String csv() {
    StringBuilder s = new StringBuilder("variant,target,seed");
    for (String key : rows.get(0).values.keySet()) {
      if (!key.equals("name")) {
        s.append(',').append(key);
      }
    }
    s.append(",pruning,timing,executor,host,attempt,taskSeconds\n");
    for (SweepRow r : rows) {
      s.append(r.variant).append(',').append(r.target).append(',').append(r.seed);
      for (Map.Entry<String, Object> e : r.values.entrySet()) {
        if (!e.getKey().equals("name")) {
          s.append(',').append(e.getValue() instanceof Double
              ? String.format(Locale.ROOT, "%.6f", (Double) e.getValue()) : e.getValue());
        }
      }
      s.append(',').append(r.pruning).append(',').append(r.timing).append(',')
          .append(csvField(r.executor)).append(',').append(csvField(r.host)).append(',')
          .append(r.attempt).append(',').append(String.format(Locale.ROOT, "%.3f", r.taskSeconds))
          .append('\n');
    }
    return s.toString();
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  String markdown() {
    StringBuilder s = new StringBuilder("# Topiary sparsity sweep on MNIST\n\n")
        .append(String.format(Locale.ROOT, "%d variants x %d targets x %d seeds = %d tasks, %d "
            + "epochs on %d training images, %d test images; master `%s`, %d executor(s), %d "
            + "task(s) at once per executor; Java %s, %s kernels, %s; %.0f s.%n%n",
            run.variants.size(), run.targets.size(), run.seeds.size(), rows.size(), run.epochs,
            run.trainImages, run.testImages, run.master, run.executors, run.slotsPerExecutor,
            System.getProperty("java.version"), Kernels.implementation(), LocalDate.now(),
            run.seconds))
        .append("Mean over seeds (min-max in brackets). Timing columns marked * were measured on "
            + "an executor running other tasks on the same cores at the time (`timing: shared` in "
            + "report.json and sweep.csv): compare them only with each other.\n\n")
        .append("| variant | target | seeds | accuracy | sparsity | non-zero | file B | gzip B "
            + "| p50 us | batch 256 /s | train /s |\n")
        .append("|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (List<SweepSummary.Cell> list : cells.values()) {
      for (SweepSummary.Cell c : list) {
        String mark = c.timing().equals("shared") ? "*" : "";
        s.append(String.format(Locale.ROOT, "| %s | %.2f | %d | %.2f%% (%.2f-%.2f) | %.1f%% "
            + "| %,.0f | %,.0f | %,.0f | %.1f%s | %,.0f%s | %,.0f%s |%n", c.variant, c.target,
            c.rows.size(), 100 * c.mean("accuracy"), 100 * c.min("accuracy"),
            100 * c.max("accuracy"), 100 * c.mean("sparsity"), c.mean("nonzeroParams"),
            c.mean("fileBytes"), c.mean("gzipBytes"), c.mean("latencyP50Micros"), mark,
            c.mean("throughputPerSec"), mark, c.mean("trainImagesPerSec"), mark));
      }
    }
    s.append("\nHow each variant reached its target:\n");
    for (String variant : cells.keySet()) {
      SweepRow first = cells.get(variant).get(0).rows.get(0);
      s.append("- ").append(variant).append(": ").append(VariantRun.description(variant))
          .append(first.pruning.equals("one-shot")
              ? "; trained as declared, then pruned once, globally by magnitude, to the target"
              : first.pruning.equals("schedule")
                  ? "; its @Prune schedules end at the target"
                  : "; its @Prune schedules end at 1 - sqrt(1 - target) of the channels, which "
                      + "leaves about the target's share of the weights zero")
          .append('\n');
    }
    long retried = rows.stream().filter(r -> r.attempt > 0).count();
    s.append(String.format(Locale.ROOT, "%nTasks retried by Spark: %d. Every row: sweep.csv and "
        + "report.json.%n%n![accuracy against sparsity](%s)%n", retried, SweepChart.FILE));
    return s.toString();
  }
}
