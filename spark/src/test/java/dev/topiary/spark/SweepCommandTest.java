package dev.topiary.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep in local[2] on a slice of MNIST: every grid point's row, one task retried, the files. */
class SweepCommandTest {
  static final List<String> KEYS = List.of("name", "accuracy", "params", "nonzeroParams",
      "sparsity", "activationSparsity", "fileBytes", "gzipBytes", "denseBytes",
      "latencyP50Micros", "latencyP99Micros", "throughputPerSec", "trainImagesPerSec", "epochs",
      "target", "seed", "pruning", "timing", "executor", "host", "attempt", "taskSeconds");

  @Test
  void writesEveryGridPointOnceAndRetriesAFailedTask(@TempDir Path tmp) throws Exception {
    Path data = MnistSlice.write(tmp.resolve("mnist"), 640, 256);
    Path out = tmp.resolve("results").resolve("sweep");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"sweep", "--master", "local[2]",
        "--variants", "original,pruned,structured", "--targets", "0.6,0.9", "--seeds", "1,2",
        "--epochs", "1", "--train", "640", "--test", "256", "--latency-calls", "50",
        "--data", data.toString(), "--out", out.toString(), "--fail-once", "pruned:0.9:2"},
        new PrintStream(console, true, "UTF-8"), System.err);
    String printed = console.toString("UTF-8");
    assertEquals(0, code, printed);
    assertTrue(printed.contains("pruned:0.9:2 attempt 0 failed") && printed.contains("[12/12]"),
        printed);

    String json = Files.readString(out.resolve("report.json"));
    assertTrue(json.contains("\"master\": \"local[2,4]\""), json);
    assertTrue(json.contains("\"dataset\": \"MNIST (640 training, 256 test images)\""), json);
    List<String> rows = rows(json);
    assertEquals(12, rows.size(), json);
    Set<String> points = new HashSet<>();
    for (String row : rows) {
      for (String key : KEYS) {
        assertTrue(row.contains("\"" + key + "\":"), key + " missing in " + row);
      }
      String variant = text(row, "name");
      double target = number(row, "target");
      points.add(variant + ":" + target + ":" + (long) number(row, "seed"));
      // Every variant reaches its target: by schedule, by channels, or pruned once.
      assertEquals(target, number(row, "sparsity"), 0.01, row);
      // Better than chance (0.1) after 20 steps on 640 images, even 90% pruned.
      assertTrue(number(row, "accuracy") > 0.15 && number(row, "accuracy") <= 1, row);
      assertTrue(number(row, "nonzeroParams") < number(row, "params"), row);
      assertTrue(number(row, "latencyP50Micros") > 0 && number(row, "throughputPerSec") > 0, row);
      assertEquals("shared", text(row, "timing"), row); // two tasks at once on local[2]
      String expectedPruning = variant.equals("original") ? "one-shot"
          : variant.equals("pruned") ? "schedule" : "channel schedule";
      assertEquals(expectedPruning, text(row, "pruning"), row);
      boolean injected = variant.equals("pruned") && target == 0.9 && number(row, "seed") == 2;
      assertEquals(injected ? 1 : 0, (int) number(row, "attempt"), row);
    }
    assertEquals(12, points.size(), points.toString());

    List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
    assertEquals(13, csv.size());
    assertTrue(csv.get(0).startsWith("variant,target,seed,accuracy,"), csv.get(0));
    String md = Files.readString(out.resolve("report.md"));
    assertTrue(md.contains("| pruned | 0.90 | 2 |") && md.contains("Tasks retried by Spark: 1"),
        md);
    assertTrue(md.contains("accuracy-vs-sparsity.png"), md);
    byte[] png = Files.readAllBytes(out.resolve(SweepChart.FILE));
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');
    // Written once: nothing but the finished directory is left beside it.
    try (Stream<Path> beside = Files.list(out.getParent())) {
      assertEquals(List.of(out), beside.toList());
    }
  }

  @Test
  void refusesAnOutputDirectoryWithFilesBeforeStarting(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("report.json"), "{}");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"sweep", "--data", tmp.toString(), "--out", tmp.toString()},
        System.out, new PrintStream(err, true, "UTF-8"));
    assertEquals(2, code);
    assertTrue(err.toString("UTF-8").contains("expected --out to name a new or empty directory"),
        err.toString("UTF-8"));
    assertEquals("{}", Files.readString(tmp.resolve("report.json")));
  }

  @Test
  void refusesUnknownVariantsAndTargets() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(2, Main.run(new String[] {"sweep", "--variants", "nope"}, System.out,
        new PrintStream(err, true, "UTF-8")));
    assertTrue(err.toString("UTF-8").contains("unknown variant 'nope'"));
    assertEquals(2, Main.run(new String[] {"sweep", "--targets", "1.5"}, System.out,
        new PrintStream(err, true, "UTF-8")));
    assertFalse(err.toString("UTF-8").isEmpty());
  }

  static List<String> rows(String json) {
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("\\{\"name\": [^}]*\\}").matcher(json);
    while (m.find()) {
      rows.add(m.group());
    }
    return rows;
  }

  static double number(String object, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.Ee+-]+)").matcher(object);
    assertTrue(m.find(), key + " in " + object);
    return Double.parseDouble(m.group(1));
  }

  static String text(String object, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": \"([^\"]*)\"").matcher(object);
    assertTrue(m.find(), key + " in " + object);
    return m.group(1);
  }
}
