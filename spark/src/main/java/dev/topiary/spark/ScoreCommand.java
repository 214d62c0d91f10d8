package dev.topiary.spark;

import dev.topiary.samples.CommandLine;

import dev.topiary.runtime.inference.InferenceModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.CollectionAccumulator;

/**
 * {@code score}: a model file and an IDX image file in, Parquet predictions (index, prediction,
 * probability) and score.json (throughput per executor core) out. The output directory is
 * filled beside its place and renamed into it at the end.
 */
final class ScoreCommand {
  static final CommandLine.Option[] OPTIONS = {
      new CommandLine.Option("master", SparkSetup.DEFAULT_MASTER, "the Spark master"),
      new CommandLine.Option("model", "", "the model file (required)"),
      new CommandLine.Option("images", "", "IDX images, plain or .gz (required)"),
      new CommandLine.Option("out", "", "output directory (required)"),
      new CommandLine.Option("partitions", "0 (twice the default parallelism)", "partitions of the images"),
      new CommandLine.Option("max-failures", "4", "attempts per task"),
  };
  static final StructType IMAGES = new StructType()
      .add("index", DataTypes.LongType, false)
      .add("image", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private ScoreCommand() {}

  static int run(CommandLine o, PrintStream out) throws Exception {
    String modelPath = o.required("model");
    String imagesPath = o.required("images");
    String outPath = o.required("out");
    int partitionsOption = o.get("partitions").startsWith("0 ") ? 0 : o.intValue("partitions");
    SparkSession spark = SparkSetup.session("score", o.get("master"), o.intValue("max-failures"),
        1);
    try {
      JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      HadoopFiles files = new HadoopFiles(sc.getConf());
      FileSystem fs = files.fileSystem(files.path(outPath));
      Path target = fs.makeQualified(files.path(outPath)); // absolute: a relative one has no parent
      if (fs.exists(target)) {
        throw new CommandLine.UsageException("expected --out to name a new directory, found "
            + target + "; choose another or remove it");
      }
      Path tmp = new Path(target.getParent(), "." + target.getName() + ".tmp-" + UUID.randomUUID());
      IdxImages images = IdxImages.open(imagesPath, files);
      int partitions = Math.max(1, Math.min(images.count, partitionsOption > 0 ? partitionsOption
          : 2 * sc.defaultParallelism()));
      byte[] modelFile = files.readAll(modelPath);
      // Checked once on the driver, so that a wrong file fails here with one clear message.
      InferenceModel checked = InferenceModel.load(new ByteArrayInputStream(modelFile));
      if (checked.inputSize() != images.pixels) {
        throw new IOException("expected images of " + checked.inputSize() + " values for "
            + modelPath + ", found " + images.pixels + " pixels per image in " + imagesPath);
      }
      Broadcast<byte[]> model = sc.broadcast(modelFile);
      CollectionAccumulator<TaskTiming> timings = sc.sc().collectionAccumulator("timings");
      List<int[]> ranges = new ArrayList<>();
      List<Integer> starts = images.ranges(partitions);
      for (int p = 0; p < partitions; p++) {
        ranges.add(new int[] {starts.get(p), starts.get(p + 1)});
      }
      long start = System.nanoTime();
      JavaRDD<Row> rows = sc.parallelize(ranges, partitions).flatMap(images.reader());
      Dataset<Row> scored = Scoring.predict(spark.createDataFrame(rows, IMAGES), "image", model,
          timings).select("index", "prediction", "probability");
      try {
        scored.write().parquet(new Path(tmp, "predictions").toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        String json = summary(images, partitions, seconds, timings.value(),
            spark.sparkContext().master(), SparkSetup.slotsPerExecutor(spark));
        try (OutputStream os = fs.create(new Path(tmp, "score.json"), false)) {
          os.write(json.getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.rename(tmp, target)) {
          throw new IOException("could not rename " + tmp + " to " + target);
        }
        out.print(json);
        out.println("wrote " + target + " (predictions/ as Parquet, score.json)");
      } finally {
        if (fs.exists(tmp)) {
          fs.delete(tmp, true);
        }
      }
      return 0;
    } finally {
      spark.stop();
    }
  }

  /**
   * score.json: images, wall time, and per executor the images scored and the images per
   * second per core (each task predicts on one core, so a task's rate is a core's rate).
   */
  static String summary(IdxImages images, int partitions, double seconds,
      List<TaskTiming> timings, String master, int slots) {
    Map<String, long[]> byExecutor = new TreeMap<>();
    long scored = 0;
    long nanos = 0;
    for (TaskTiming t : timings) {
      long[] v = byExecutor.computeIfAbsent(t.executor, e -> new long[3]);
      v[0] += t.images;
      v[1] += t.predictNanos;
      v[2]++;
      scored += t.images;
      nanos += t.predictNanos;
    }
    StringBuilder s = new StringBuilder("{\n")
        .append("  \"images\": ").append(Json.string(images.path))
        .append(",\n  \"count\": ").append(images.count)
        .append(",\n  \"partitions\": ").append(partitions)
        .append(",\n  \"master\": ").append(Json.string(master))
        .append(",\n  \"timing\": ").append(Json.string(slots > 1 ? "shared" : "exclusive"))
        .append(",\n  \"seconds\": ").append(Json.value(seconds))
        .append(",\n  \"imagesPerSecond\": ").append(Json.value(images.count / seconds))
        .append(",\n  \"imagesPerSecondPerCore\": ")
        .append(Json.value(nanos == 0 ? 0.0 : scored * 1e9 / nanos))
        .append(",\n  \"executors\": [");
    int i = 0;
    for (Map.Entry<String, long[]> e : byExecutor.entrySet()) {
      long[] v = e.getValue();
      s.append(i++ == 0 ? "\n" : ",\n").append(String.format(Locale.ROOT,
          "    {\"executor\": %s, \"tasks\": %d, \"images\": %d, \"predictSeconds\": %.6f, "
              + "\"imagesPerSecondPerCore\": %.1f}", Json.string(e.getKey()), v[2], v[0],
          v[1] / 1e9, v[1] == 0 ? 0.0 : v[0] * 1e9 / v[1]));
    }
    return s.append("\n  ]\n}\n").toString();
  }
}
