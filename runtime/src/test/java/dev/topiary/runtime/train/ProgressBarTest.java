package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The progress bar as one listener among the others, in a real training run. */
class ProgressBarTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true);
  private long now;

  private String train(ProgressBar bar, int epochs) {
    Dataset data = ResumeTest.data();
    Trainer.of(new TinyNetwork(3, null, null, null)).adam(0.01).batchSize(10).progress(false)
        .validationSplit(0.2).epochs(epochs).listeners(bar, new EarlyStopping(5)).fit(data);
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void pipedItPrintsOneLinePerEpochWithTheValidationFigures() {
    String text = train(new ProgressBar(out, false, 80, () -> now += 1_000_000), 3);
    assertFalse(text.contains("\r"));
    String[] lines = text.split(System.lineSeparator());
    assertEquals(3, lines.length, text);
    for (int e = 1; e <= 3; e++) {
      String line = lines[e - 1];
      assertTrue(line.startsWith("Tiny epoch " + e + "/3  8/8  100%  loss "), line);
      assertTrue(line.matches(".*  val_loss \\d+\\.\\d{4}  val_acc \\d+\\.\\d\\d%"), line);
    }
  }

  @Test
  void onATerminalItRedrawsOneLinePerEpochWithinTheWidth() {
    for (int width : new int[] {40, 80, 200}) {
      bytes.reset();
      String text = train(new ProgressBar(out, true, width, () -> now += 200_000_000L), 2);
      String[] epochs = text.split(System.lineSeparator());
      assertEquals(2, epochs.length, "one line per epoch: " + text);
      for (String epoch : epochs) {
        String[] draws = epoch.split("\r");
        assertEquals(1 + 8 + 1, draws.length, "a redraw per step, the epoch's line: " + epoch);
        for (String d : draws) {
          assertTrue(d.length() <= width - 1, width + ": " + d);
        }
        if (width >= 80) {
          assertTrue(draws[draws.length - 1].contains("val_loss "), draws[draws.length - 1]);
        }
      }
    }
  }

  @Test
  void theTrainersProgressIsThisBarOnTheConsole() {
    ProgressBar bar = ProgressBar.forConsole();
    assertEquals(System.console() != null, bar.terminal());
    assertEquals(Progress.columns(System.getenv("COLUMNS")), bar.width());
  }
}
