package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.train.History;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.io.ModelFileException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The foundation end to end on real MNIST, as a user writes it: the seed CNN trained one full
 * epoch (Adam 1e-3, batch 32), evaluated, summarised, saved and loaded.
 */
class SeedCnnTest {
  private static Mnist mnist;
  private static SeedCnn trained;
  private static History history;

  @BeforeAll
  static void trainOneEpoch() throws IOException {
    mnist = Mnist.load();
    trained = new TopiarySeedCnn(42);
    history = Trainer.of(trained).adam(1e-3).batchSize(32).epochs(1).progress(false)
        .fit(mnist.train());
  }

  @Test
  void oneEpochLearnsMnist() {
    Evaluation test = trained.evaluate(mnist.test());
    // Over 8 seeds one epoch gives 97.42% to 98.04% (mean 97.72%; PyTorch with the same
    // Glorot init and Keras-form Adam: 97.30% to 97.86%, mean 97.63%). 97% still catches any
    // real regression in a kernel, a gradient or the optimizer.
    assertTrue(test.accuracy() >= 0.97f, "test accuracy " + test);
    assertEquals(1875, history.epochs().get(0).images() / 32);
    assertTrue(history.last().loss() < 0.3, "mean training loss " + history.last().loss());
  }

  @Test
  void summaryCountsTheSeedsParameters() {
    String summary = trained.summary();
    assertTrue(summary.contains("Total params: 347,146"), summary);
    assertEquals(347_146L, trained.parameterCount());
    assertEquals(5408 * 64 + 64, trained.hidden().parameterCount());
    assertArrayEquals(new int[] {26, 26, 32}, trained.conv().outputShape());
  }

  @Test
  void savedModelLoadsBitExactAndPredictsTheSame(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("seed.topiary");
    trained.save(file);
    SeedCnn again = TopiarySeedCnn.load(file);
    assertArrayEquals(trained.hidden().kernel(), again.hidden().kernel());
    for (int i = 0; i < 20; i++) {
      float[] image = mnist.test().example(i);
      assertArrayEquals(trained.predict(image), again.predict(image));
    }
    try (var files = Files.list(dir)) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  void loadingAnotherNetworksFileFails(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("pruned.topiary");
    new TopiaryPrunedSeedCnn(1).save(file);
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> TopiarySeedCnn.load(file));
    assertTrue(e.getMessage().contains("PrunedSeedCnn") && e.getMessage().contains("SeedCnn"),
        e.getMessage());
  }

  @Test
  void predictRejectsAnImageOfTheWrongSize() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trained.predict(new float[100]));
    assertTrue(e.getMessage().contains("784") && e.getMessage().contains("100"), e.getMessage());
  }
}
