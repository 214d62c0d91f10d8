package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.data.Dataset;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listeners as Keras's callbacks behave, on the hand-written TinyNetwork. */
class ListenersTest {
  private static Dataset data(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * TinyNetwork.IN];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(TinyNetwork.OUT);
      for (int j = 0; j < TinyNetwork.IN; j++) {
        x[i * TinyNetwork.IN + j] = (float) r.nextDouble() + (j / 4 == y[i] ? 1f : 0f);
      }
    }
    return Dataset.of(x, y, TinyNetwork.IN);
  }

  /** Records every call, in order. */
  static final class Recorder implements TrainingListener {
    final List<String> calls = new ArrayList<>();
    final List<Logs> epochLogs = new ArrayList<>();

    @Override
    public void onTrainBegin(Training training) {
      calls.add("trainBegin");
    }

    @Override
    public void onEpochBegin(int epoch) {
      calls.add("epochBegin " + epoch);
    }

    @Override
    public void onBatchEnd(long step, Logs logs) {
      calls.add("batch " + step);
    }

    @Override
    public void onEpochEnd(int epoch, Logs logs) {
      calls.add("epochEnd " + epoch);
      epochLogs.add(logs);
    }

    @Override
    public void onTrainEnd() {
      calls.add("trainEnd");
    }
  }

  @Test
  void callsEachListenerInOrderWithTheEpochsFigures() {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    Recorder rec = new Recorder();
    History h = Trainer.of(net).adam(1e-2).batchSize(50).epochs(2).progress(false)
        .validationSplit(0.2).listeners(rec).fit(data(250, 3));
    assertEquals(List.of("trainBegin", "epochBegin 1", "batch 1", "batch 2", "batch 3",
        "batch 4", "epochEnd 1", "epochBegin 2", "batch 5", "batch 6", "batch 7", "batch 8",
        "epochEnd 2", "trainEnd"), rec.calls, "200 training examples in batches of 50");
    Logs last = rec.epochLogs.get(1);
    assertEquals(h.epochs().get(1).loss(), last.loss(), 0);
    assertEquals(h.epochs().get(1).validation().loss(), last.get("val_loss"), 0);
    assertEquals(50, h.epochs().get(1).validation().count(), "the last fifth held out");
    assertEquals(1e-2, last.learningRate(), 1e-9);
    assertTrue(Double.isNaN(last.sparsity()), "no @Prune layer");
    assertThrows(IllegalArgumentException.class, () -> last.get("val_acc"));
  }

  @Test
  void earlyStoppingStopsAfterPatienceAndRestoresTheBestWeights() {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    // A monitor that never improves after epoch 1: training loss with an impossible minDelta.
    EarlyStopping stop = new EarlyStopping("loss", 1e9, 2, true);
    float[][] afterFirst = new float[1][];
    TrainingListener capture = new TrainingListener() {
      @Override
      public void onEpochEnd(int epoch, Logs logs) {
        if (epoch == 1) {
          afterFirst[0] = net.kernel.value.clone();
        }
      }
    };
    History h = Trainer.of(net).sgd(0.1, 0).batchSize(50).epochs(10).progress(false)
        .listeners(capture, stop).fit(data(200, 4));
    assertEquals(3, h.epochs().size(), "epoch 1 sets the best; 2 and 3 wait; stops after 3");
    assertEquals(3, stop.stoppedEpoch());
    assertArrayEquals(afterFirst[0], net.kernel.value, "the best epoch's weights are back");
  }

  @Test
  void reduceLrOnPlateauLowersAFixedRate() {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    ReduceLROnPlateau reduce = new ReduceLROnPlateau("loss", 0.5, 1, 1e9, 0, 0.01);
    Trainer t = Trainer.of(net).sgd(0.1, 0).batchSize(50).epochs(4).progress(false)
        .listeners(reduce);
    t.fit(data(100, 5));
    // epoch 1 improves from infinity; epochs 2, 3, 4 each halve: 0.1 -> 0.05 -> 0.025 -> 0.0125
    assertEquals(0.0125f, t.optimizer().learningRate(), 1e-7f);
  }

  @Test
  void csvLoggerWritesARowPerEpoch(@TempDir Path dir) throws Exception {
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    File csv = dir.resolve("log.csv").toFile();
    Trainer.of(net).adam(1e-2).batchSize(50).epochs(3).progress(false)
        .listeners(new CsvLogger(csv)).fit(data(100, 6));
    List<String> lines = Files.readAllLines(csv.toPath(), StandardCharsets.UTF_8);
    assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,lr,sparsity", lines.get(0));
    assertEquals(4, lines.size());
    assertTrue(lines.get(3).startsWith("3,") && lines.get(3).endsWith(",,0.010000000,"),
        lines.get(3));
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void monitorsOnlyFiguresTheRunReports() {
    assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_acc", 0, 1, false));
    TinyNetwork net = new TinyNetwork(1, null, null, null);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Trainer.of(net).adam(1e-2).epochs(2).progress(false)
            .listeners(new EarlyStopping(1)).fit(data(64, 7)));
    assertTrue(e.getMessage().contains("val_loss") && e.getMessage().contains("validation"),
        e.getMessage());
  }
}
