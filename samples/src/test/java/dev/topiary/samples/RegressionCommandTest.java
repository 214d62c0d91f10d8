package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code regression}: the sample fits sin(x) well below the mean predictor's error, near the noise. */
class RegressionCommandTest {
  @Test
  void fitsTheSineFarBelowTheMeanPredictor(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path file = dir.resolve("sine.topiary");
    int code = Main.run(new String[] {"regression", "--epochs", "150", "--out", file.toString()},
        new PrintStream(out, true, "UTF-8"), System.err);
    String text = out.toString("UTF-8");
    assertEquals(0, code, text);
    assertTrue(text.contains("test MSE") && text.contains("mean predictor's MSE"), text);
    assertTrue(Files.size(file) > 0);

    RegressionCommand.Result r = RegressionCommand.fit(1024, 0.1, 150, 42, "",
        new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"));
    // the mean predictor's MSE is about var(sin) + noise^2 = 0.51; the noise alone costs 0.01
    assertTrue(r.baselineLoss > 0.4, "baseline " + r.baselineLoss);
    assertTrue(r.testLoss < 0.05 * r.baselineLoss, r.toString());
    assertTrue(r.testLoss < 0.02, "within 2x of the noise floor 0.01: " + r);
  }

  @Test
  void refusesBadOptionsWithAUsageError() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"regression", "--examples", "3"},
        new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"),
        new PrintStream(err, true, "UTF-8"));
    assertEquals(2, code);
    assertTrue(err.toString("UTF-8").contains("expected --examples of at least 8"),
        err.toString("UTF-8"));
  }
}
