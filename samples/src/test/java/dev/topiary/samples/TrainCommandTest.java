package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} with a validation split, early stopping and a CSV log, on a slice of MNIST. */
class TrainCommandTest {
  @Test
  void trainsWithValidationEarlyStoppingAndACsvLog(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path csv = dir.resolve("log.csv");
    int code = Main.run(new String[] {"train", "--train", "2000", "--epochs", "3",
        "--validation-split", "0.2", "--early-stopping", "1", "--csv", csv.toString(), "--out",
        dir.resolve("seed.topiary").toString()}, new PrintStream(out, true, "UTF-8"), System.err);
    String text = out.toString("UTF-8");
    assertEquals(0, code, text);
    assertTrue(text.contains("val_loss"), text);
    List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertTrue(rows.size() >= 3 && rows.size() <= 4, "header and 2 or 3 epochs: " + rows);
    assertTrue(rows.get(1).startsWith("1,") && !rows.get(1).contains(",,"),
        "val_loss and val_accuracy present: " + rows.get(1));
    assertTrue(Files.size(dir.resolve("seed.topiary")) > 0);
  }

  @Test
  void earlyStoppingWithoutValidationSaysWhatItNeeds() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"train", "--train", "100", "--early-stopping", "2"},
        new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"),
        new PrintStream(err, true, "UTF-8"));
    assertTrue(code != 0);
    assertTrue(err.toString("UTF-8").contains("--validation-split"), err.toString("UTF-8"));
  }
}
