package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MILLISECOND = 1_000_000L;

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true);
  /** The fake clock's reading, advanced by the tests. */
  private long now;

  private Progress progress(boolean interactive, int totalSteps) {
    return new Progress(out, interactive, totalSteps, "Epoch 1/5", 200, () -> now);
  }

  private String printed() {
    return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
  }

  @Test
  void interactiveLineHasBarCountsRateAndEta() {
    // 1234 of 1875 steps in 10 s: bar 30 * 1234 / 1875 = 19.7 -> 19 cells;
    // ETA 641 steps * 10 s / 1234 steps = 5.2 s.
    String line = progress(true, 1875).line(1234, 0.12344, 0.96123, 53_210, 10 * SECOND);
    assertEquals("Epoch 1/5  1234/1875 [==================>           ] loss 0.1234  acc 96.12%"
        + "  5,321 img/s  ETA 0:05", line);
  }

  @Test
  void barIsThirtyWideFromEmptyToFull() {
    Progress p = progress(true, 60);
    assertEquals("Epoch 1/5   0/60 [                              ] loss 2.3026  acc 10.00%"
        + "  0 img/s  ETA -:--", p.line(0, 2.302585, 0.1, 0, 0));
    // As Keras's: a cell is drawn only once a whole cell of steps is done.
    assertTrue(p.line(1, 1, 1, 1, SECOND).contains(" 1/60 [                              ] "));
    assertTrue(p.line(2, 1, 1, 1, SECOND).contains(" 2/60 [>                             ] "));
    assertTrue(p.line(4, 1, 1, 1, SECOND).contains(" 4/60 [=>                            ] "));
    assertTrue(p.line(59, 1, 1, 1, SECOND).contains("59/60 [============================> ] "));
  }

  @Test
  void lastStepShowsFullBarAndTimeTakenInsteadOfEta() {
    long elapsed = 35 * SECOND + 400 * MILLISECOND;
    String line = progress(true, 1875).line(1875, 0.05, 0.985, 60_000, elapsed);
    assertEquals("Epoch 1/5  1875/1875 [==============================] loss 0.0500  acc 98.50%"
        + "  1,695 img/s  time 0:35", line);
  }

  @Test
  void aRegressionHasNoAccuracyFigure() {
    // mean squared error: the accuracy is NaN, and the line leaves it out
    String line = progress(false, 1875).line(1000, 0.12344, Double.NaN, 1_234_567, 100 * SECOND);
    assertEquals("Epoch 1/5  1000/1875  53%  loss 0.1234  12,346 img/s  ETA 1:28", line);
  }

  @Test
  void plainLineShowsPercentInsteadOfBar() {
    String line = progress(false, 1875).line(1000, 0.12344, 0.96123, 1_234_567, 100 * SECOND);
    assertEquals(
        "Epoch 1/5  1000/1875  53%  loss 0.1234  acc 96.12%  12,346 img/s  ETA 1:28", line);
  }

  @Test
  void durationsAreMinutesAndSecondsThenHours() {
    assertEquals("0:00", Progress.duration(0));
    assertEquals("0:12", Progress.duration(12));
    assertEquals("1:00", Progress.duration(60));
    assertEquals("59:59", Progress.duration(3599));
    assertEquals("1:00:00", Progress.duration(3600));
    assertEquals("10:02:05", Progress.duration(36125));
  }

  @Test
  void plainReportPrintsOneLineAtTheEpochsEndWithTheValidationFigures() {
    Progress p = progress(false, 1000);
    for (int step = 1; step <= 1000; step++) {
      p.update(step, 0.5, 0.9, step * 32L, step * 10 * MILLISECOND);
    }
    assertEquals("", printed(), "nothing before the epoch ends");
    p.finish(1000, 0.5, 0.9, 32_000, 10 * SECOND, 0.61234, 0.875);
    p.finish(1000, 0.5, 0.9, 32_000, 11 * SECOND);

    String text = printed();
    assertFalse(text.contains("\r"));
    assertEquals("Epoch 1/5  1000/1000  100%  loss 0.5000  acc 90.00%  3,200 img/s  time 0:10"
        + "  val_loss 0.6123  val_acc 87.50%" + System.lineSeparator(), text);
  }

  @Test
  void plainFinishPrintsTheLastLineWhenARunStopsEarly() {
    Progress p = progress(false, 1000);
    for (int step = 1; step <= 150; step++) {
      p.update(step, 0.5, 0.9, step, SECOND);
    }
    p.finish(150, 0.5, 0.9, 150, SECOND);
    String[] lines = printed().split(System.lineSeparator());
    assertEquals(1, lines.length);
    assertTrue(lines[0].startsWith("Epoch 1/5   150/1000  15%  "), lines[0]);
  }

  /** Every line a terminal report draws over a run, validation figures at the end. */
  private String[] drawn(int width, String title) {
    bytes.reset();
    Progress p = new Progress(out, true, 1875, title, width, () -> now);
    for (int step = 1; step <= 1875; step++) {
      now = step * 50 * MILLISECOND;
      p.update(step, 12.345678, 0.5, step * 32L, now);
    }
    p.finish(1875, 0.05, 0.985, 60_000, 100 * SECOND, 0.0712, 0.9781);
    String text = printed();
    assertTrue(text.endsWith(System.lineSeparator()));
    String[] lines = text.substring(0, text.length() - System.lineSeparator().length())
        .split("\r");
    assertTrue(lines.length > 100, "redrawn in place: " + lines.length);
    for (String line : lines) {
      assertTrue(line.length() <= width - 1, width + " columns: " + line.length() + ": " + line);
    }
    return lines;
  }

  @Test
  void aTerminalLineFitsTheWidth() {
    String[] at80 = drawn(80, "SeedCnn epoch 1/5");
    String last = at80[at80.length - 1];
    // mid-epoch: throughput gone, a narrower bar; the epoch's line: bar, time and count gone too
    assertTrue(at80[500].matches("SeedCnn epoch 1/5 +\\d+/1875 \\[=+> +\\] loss 12\\.3457  acc "
        + "50\\.00%  ETA \\d:\\d\\d"), at80[500]);
    assertEquals("SeedCnn epoch 1/5  loss 0.0500  acc 98.50%  val_loss 0.0712  val_acc 97.81%",
        last.trim());

    String[] at200 = drawn(200, "SeedCnn epoch 1/5");
    assertEquals("SeedCnn epoch 1/5  1875/1875 [==============================] loss 0.0500  "
        + "acc 98.50%  600 img/s  time 1:40  val_loss 0.0712  val_acc 97.81%",
        at200[at200.length - 1].trim());

    String[] at40 = drawn(40, "SeedCnn epoch 1/5");
    assertEquals("loss 0.0500  acc 98.50%  val_loss 0.071", at40[at40.length - 1].trim());

    String longName = "AVeryLongModelNameThatGoesOnAndOnForMoreThanEightyColumnsOfText epoch 3/5";
    for (int width : new int[] {40, 80, 120, 200}) {
      String[] lines = drawn(width, longName);
      String end = lines[lines.length - 1];
      if (width >= 80) {
        assertTrue(end.contains("val_loss 0.0712  val_acc 97.81%"), width + ": " + end);
      }
      if (width == 120) {
        assertTrue(end.startsWith("...") && end.contains("OfText epoch 3/5  loss 0.0500"),
            "the title loses its start: " + end);
      }
    }
  }

  @Test
  void columnsComesFromTheEnvironmentWhenItHoldsAWidth() {
    assertEquals(80, Progress.columns(null));
    assertEquals(120, Progress.columns("120"));
    assertEquals(100, Progress.columns(" 100 "));
    assertEquals(80, Progress.columns("wide"));
    assertEquals(80, Progress.columns("0"));
    assertEquals(80, Progress.columns("-5"));
    assertEquals(80, Progress.columns(""));
  }

  @Test
  void interactiveRedrawsAtMostTenTimesASecond() {
    Progress p = progress(true, 1000);
    // 1000 steps of 1 ms: the first step, one per 100 ms after it (101, 201, ... 901) and the last.
    for (int step = 1; step <= 1000; step++) {
      now = step * MILLISECOND;
      p.update(step, 0.5, 0.9, step, now);
    }
    assertEquals(11, count(printed(), '\r'));
    assertFalse(printed().contains("\n"), "a redraw never starts a new line");
  }

  @Test
  void interactiveDoesNotRedrawWhileTheClockStands() {
    Progress p = progress(true, 1000);
    for (int step = 1; step <= 500; step++) {
      p.update(step, 0.5, 0.9, step, SECOND);
    }
    assertEquals(1, count(printed(), '\r'));
    assertTrue(printed().contains("  1/1000 ["), printed());
  }

  @Test
  void interactiveFinishRedrawsBlanksTheLongerLineAndEndsIt() {
    Progress p = progress(true, 10);
    p.update(5, 12345.678, 0.5, 5, SECOND);
    String first = printed().substring(1);
    p.finish(10, 0.5, 0.5, 10, 2 * SECOND);
    p.update(10, 0.5, 0.5, 10, 3 * SECOND);

    String text = printed();
    assertTrue(text.endsWith(System.lineSeparator()), "finish ends the line");
    String last = text.substring(
        text.lastIndexOf('\r') + 1, text.length() - System.lineSeparator().length());
    assertEquals(first.length(), last.length(), "the shorter last line is padded over the first");
    assertTrue(
        last.startsWith("Epoch 1/5  10/10 [==============================] loss 0.5000"), last);
    assertEquals(2, count(text, '\r'), "updates after finish are ignored");
  }

  @Test
  void forConsoleIsInteractiveExactlyWhenTheJvmHasAConsole() {
    assertEquals(System.console() != null, Progress.forConsole(10, "x").interactive());
  }

  @Test
  void rejectsRunWithoutSteps() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> progress(true, 0));
    assertEquals("Progress: totalSteps expected at least 1, found 0", e.getMessage());
  }

  private static int count(String text, char c) {
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
