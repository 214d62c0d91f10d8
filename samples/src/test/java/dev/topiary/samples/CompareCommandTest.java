package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.kernels.Kernels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on a small slice of MNIST: every variant and every key of report.json, sane. */
class CompareCommandTest {
  static final List<String> KEYS = List.of("name", "accuracy", "params", "nonzeroParams",
      "sparsity", "activationSparsity", "fileBytes", "gzipBytes", "denseBytes",
      "latencyP50Micros", "latencyP99Micros", "throughputPerSec", "trainImagesPerSec", "epochs");

  @Test
  void writesTheReportForEveryVariant(@TempDir Path dir) throws Exception {
    // What the benchmarks module's OrtFigures leaves in the report directory: the peer line.
    Files.write(dir.resolve(PeerFigures.FILE), ("{\"system\": \"ONNX Runtime 1.29.0 / Topiary"
        + " (Java 17)\", \"figures\": {\"ort-original\": {\"batch1_us\": 21.30,"
        + " \"batch256_img_s\": 104000.0}}}\n").getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"compare", "--train", "2000", "--test", "1000",
        "--epochs", "1", "--latency-calls", "200", "--progress", "false", "--out",
        dir.toString()}, new PrintStream(out, true, "UTF-8"), System.err);
    assertEquals(0, code, out.toString("UTF-8"));
    String json = new String(Files.readAllBytes(dir.resolve("report.json")),
        StandardCharsets.UTF_8);
    for (String top : List.of("dataset", "seed", "javaVersion", "cores", "kernels", "date", "variants")) {
      assertTrue(json.contains("\"" + top + "\":"), top + " missing in " + json);
    }
    assertTrue(json.contains("\"kernels\": \"" + Kernels.implementation() + "\""), json);
    List<String> objects = variantObjects(json);
    assertEquals(CompareCommand.names(), names(objects));
    for (String v : objects) {
      for (String key : KEYS) {
        assertTrue(v.contains("\"" + key + "\":"), key + " missing in " + v);
      }
      double accuracy = number(v, "accuracy");
      assertTrue(accuracy > 0.5 && accuracy <= 1, v);
      assertTrue(number(v, "sparsity") >= 0 && number(v, "sparsity") < 1, v);
      assertTrue(number(v, "activationSparsity") >= 0 && number(v, "activationSparsity") <= 1, v);
      assertTrue(number(v, "nonzeroParams") <= number(v, "params"), v);
      assertEquals(4 * number(v, "params"), number(v, "denseBytes"), v);
      assertTrue(number(v, "fileBytes") > 0 && number(v, "gzipBytes") > 0, v);
      assertTrue(number(v, "latencyP50Micros") > 0
          && number(v, "latencyP99Micros") >= number(v, "latencyP50Micros"), v);
      assertTrue(number(v, "throughputPerSec") > 0 && number(v, "trainImagesPerSec") > 0, v);
      assertEquals(1, number(v, "epochs"), v);
    }
    String md = new String(Files.readAllBytes(dir.resolve("report.md")), StandardCharsets.UTF_8);
    assertTrue(md.contains("| original |") && md.contains("accuracy-vs-size.png"), md);
    assertTrue(Files.size(dir.resolve("accuracy-vs-size.png")) > 1000);
    assertTrue(Files.size(dir.resolve("latency.png")) > 1000);
    assertTrue(Files.size(dir.resolve("throughput.png")) > 1000);
    assertTrue(md.contains("ONNX Runtime 1.29.0, batch-1 median 21.3 us, batch 256 104,000"), md);
    assertTrue(md.contains("Confusion matrix of `original`") && md.contains("| **9** |"), md);
  }

  @Test
  void aDamagedPeerFileIsLeftOut(@TempDir Path dir) throws Exception {
    Files.write(dir.resolve(PeerFigures.FILE), "{\"figures\": {\"ort-original\": {\"batch1_us\": -1,"
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(null, PeerFigures.read(dir));
    assertEquals(null, PeerFigures.read(dir.resolve("missing")));
  }

  private static List<String> variantObjects(String json) {
    List<String> objects = new ArrayList<>();
    Matcher m = Pattern.compile("\\{\"name\": [^}]*\\}").matcher(json);
    while (m.find()) {
      objects.add(m.group());
    }
    return objects;
  }

  private static List<String> names(List<String> objects) {
    List<String> names = new ArrayList<>();
    for (String o : objects) {
      Matcher m = Pattern.compile("\"name\": \"([^\"]*)\"").matcher(o);
      assertTrue(m.find(), o);
      names.add(m.group(1));
    }
    return names;
  }

  private static double number(String object, String key) {
    Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.Ee+-]+)").matcher(object);
    assertTrue(m.find(), key + " in " + object);
    return Double.parseDouble(m.group(1));
  }
}
