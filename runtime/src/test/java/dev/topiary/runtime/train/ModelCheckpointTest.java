package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.optim.Adam;
import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ModelCheckpoint}: the path pattern, monitor and saveBestOnly, as Keras's. */
class ModelCheckpointTest {
  private static Logs logs(double valLoss, double valAccuracy) {
    return new Logs(0.5, 0.5, valLoss, valAccuracy, 0.001, new TinyNetwork(1, null, null, null));
  }

  /** Runs the listener over epochs whose validation figures are given. */
  private static ModelCheckpoint epochs(ModelCheckpoint c, double[] valLoss, double[] valAcc) {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    Trainer trainer = Trainer.of(net);
    c.onTrainBegin(new Training(net, new Adam(), valLoss.length, trainer, 1,
        10, 10, 100));
    for (int e = 0; e < valLoss.length; e++) {
      c.onEpochEnd(e + 1, logs(valLoss[e], valAcc[e]));
    }
    return c;
  }

  @Test
  void savesEveryEpochByDefaultIntoNewDirectories(@TempDir Path dir) {
    String pattern = dir.resolve("a/b/epoch-{epoch}.ckpt").toString();
    ModelCheckpoint c = epochs(new ModelCheckpoint(pattern), new double[] {0.5, 0.6, 0.7},
        new double[] {0.1, 0.1, 0.1});
    assertEquals(3, c.saves());
    for (int e = 1; e <= 3; e++) {
      assertTrue(dir.resolve("a/b/epoch-" + e + ".ckpt").toFile().isFile(), "epoch " + e);
    }
    assertEquals(dir.resolve("a/b/epoch-3.ckpt").toFile(), c.lastSaved());
    File[] left = dir.resolve("a/b").toFile().listFiles();
    assertEquals(3, left.length, "no temporary file left behind");
  }

  @Test
  void saveBestOnlyWritesWhenTheLossFalls(@TempDir Path dir) {
    ModelCheckpoint c = epochs(new ModelCheckpoint(dir.resolve("e{epoch}.ckpt").toString(),
        "val_loss", true), new double[] {0.5, 0.4, 0.45, 0.3, 0.3},
        new double[] {0, 0, 0, 0, 0});
    assertEquals(3, c.saves());
    assertTrue(dir.resolve("e1.ckpt").toFile().isFile());
    assertTrue(dir.resolve("e2.ckpt").toFile().isFile());
    assertFalse(dir.resolve("e3.ckpt").toFile().exists(), "0.45 is no improvement on 0.4");
    assertTrue(dir.resolve("e4.ckpt").toFile().isFile());
    assertFalse(dir.resolve("e5.ckpt").toFile().exists(), "equal is no improvement");
    assertEquals(0.3, c.best());
  }

  @Test
  void anAccuracyImprovesUpwards(@TempDir Path dir) {
    ModelCheckpoint c = epochs(new ModelCheckpoint(dir.resolve("best.ckpt").toString(),
        "val_accuracy", true), new double[] {0.1, 0.2, 0.3}, new double[] {0.5, 0.7, 0.6});
    assertEquals(2, c.saves(), "epochs 1 and 2; the loss is not what it watches");
    assertEquals(0.7, c.best());
  }

  @Test
  void aMissingMonitoredFigureSaysWhatItNeeds(@TempDir Path dir) {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> epochs(
        new ModelCheckpoint(dir.resolve("x.ckpt").toString(), "val_loss", true),
        new double[] {Double.NaN}, new double[] {Double.NaN}));
    assertTrue(e.getMessage().contains("give the trainer validation data"), e.getMessage());
  }

  @Test
  void formatsThePatternAsKeras() {
    Logs logs = logs(0.123456, 0.9);
    assertEquals("ckpt/epoch-03-0.12.ckpt",
        ModelCheckpoint.format("ckpt/epoch-{epoch:02d}-{val_loss:.2f}.ckpt", 3, logs));
    assertEquals("e12-0.9", ModelCheckpoint.format("e{epoch}-{val_accuracy}", 12, logs));
  }

  @Test
  void refusesABadPatternAtOnce() {
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint("e{epoch}-{valloss}.ckpt"));
    assertTrue(unknown.getMessage().contains("{valloss}") && unknown.getMessage()
        .contains("val_loss"), unknown.getMessage());
    IllegalArgumentException format = assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint("e{epoch:.2f}.ckpt"));
    assertTrue(format.getMessage().contains("02d"), format.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("e{epoch.ckpt"));
    assertThrows(IllegalArgumentException.class,
        () -> new ModelCheckpoint("e.ckpt", "val_los", true));
  }
}
