package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mobile} on a few MNIST-shaped images: every model trained, exported, reloaded, timed. */
class MobileCommandTest {
  @Test
  void trainsExportsAndTabulatesEachSeedAndTheSeedCnn(@TempDir Path dir) throws Exception {
    Path data = TrainCommandTest.tinyMnist(dir.resolve("mnist"), 96, 20);
    Path out = dir.resolve("models");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    CommandLine cli = CommandLine.parse(new String[] {"--epochs", "1", "--seeds", "1,2",
        "--latency-calls", "50", "--warmup", "50", "--data", data.toString(), "--out", out.toString()},
        MobileCommand.OPTIONS);
    List<MobileCommand.Row> rows =
        MobileCommand.measureAll(cli, new PrintStream(log, true, "UTF-8"));
    String text = log.toString("UTF-8");
    assertTrue(text.contains("Trainable params: 13,642"), text);
    assertEquals(5, rows.size(), "dense and pruned for each of 2 seeds, then the seed CNN");
    String[] names = {"mobile", "mobile-pruned", "mobile", "mobile-pruned", "seed-cnn"};
    long[] seeds = {1, 1, 2, 2, 1};
    for (int i = 0; i < rows.size(); i++) {
      MobileCommand.Row r = rows.get(i);
      assertEquals(names[i], r.name);
      assertEquals(seeds[i], r.seed);
      assertEquals(r.name.equals("seed-cnn") ? 347_146 : 13_642, r.params);
      assertTrue(r.nonZero > 0 && r.nonZero <= r.params, r.name + ": " + r.nonZero);
      assertTrue(r.latencyMicros > 0 && r.accuracy >= 0 && r.accuracy <= 1);
      Path file = out.resolve(r.name + "-" + r.seed + ".topiary");
      assertEquals(Files.size(file), r.fileBytes, file.toString());
      assertTrue(r.gzipBytes > 0);
    }
    String table = MobileCommand.table(rows);
    assertTrue(table.contains("mobile: mean test accuracy over 2 seeds"), table);
    assertTrue(table.contains("mobile-pruned: mean test accuracy over 2 seeds"), table);
  }

  @Test
  void rejectsMalformedSeeds() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"mobile", "--seeds", "1,x"}, System.out,
        new PrintStream(err, true, "UTF-8"));
    assertEquals(2, code);
    assertTrue(err.toString("UTF-8").contains("--seeds expects whole numbers separated by commas, "
        + "found '1,x'"), err.toString("UTF-8"));
  }
}
