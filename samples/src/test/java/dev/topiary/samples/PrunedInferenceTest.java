package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.Predictor;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.InferenceModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruned seed CNNs trained past their schedules' end (1,600 steps > endStep 1,500) on real MNIST,
 * saved, loaded and run sparse, or exported and compacted: every one of the 10,000 test images
 * gets the masked dense network's probabilities, within float rounding.
 */
class PrunedInferenceTest {
  /** Probabilities of sums reassociated over at most 5,408 terms: far above float rounding of them. */
  private static final float PROBABILITY_TOLERANCE = 1e-4f;
  private static final int STEPS = 1_600;

  private static Mnist mnist;

  @TempDir Path dir;

  @BeforeAll
  static void load() throws IOException {
    mnist = Mnist.load();
  }

  private static void train(Network net) {
    Dataset slice = mnist.train().slice(0, STEPS * 32);
    Trainer.of(net).adam(1e-3).batchSize(32).epochs(1).shuffleSeed(1).progress(false).fit(slice);
  }

  private static float[] predictAll(Predictor p) {
    Dataset test = mnist.test();
    float[] x = new float[test.size() * test.exampleSize()];
    System.arraycopy(test.features(), test.featureOffset(), x, 0, x.length);
    float[] out = new float[test.size() * p.outputSize()];
    p.predict(x, test.size(), out);
    return out;
  }

  private static void assertSamePredictions(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length);
    int worst = 0;
    for (int i = 0; i < expected.length; i++) {
      if (Math.abs(expected[i] - actual[i]) > Math.abs(expected[worst] - actual[worst])) {
        worst = i;
      }
    }
    assertEquals(expected[worst], actual[worst], PROBABILITY_TOLERANCE,
        what + ": largest difference at test image " + worst / 10 + ", class " + worst % 10);
  }

  @Test
  void unstructuredPrunedModelRunsSparseLikeTheMaskedDenseOne() throws IOException {
    ComparisonModels.Pruned net = new TopiaryComparisonModels_Pruned(42);
    train(net);
    assertEquals(0.8, net.hidden().sparsity(), 1e-3, "the schedule has ended at 80%");
    net.kernelMode(KernelMode.DENSE);
    float[] dense = predictAll(net);

    Path file = dir.resolve("pruned.topiary");
    net.save(file);
    ComparisonModels.Pruned loaded = TopiaryComparisonModels_Pruned.load(file);
    loaded.kernelMode(KernelMode.SPARSE);
    assertSamePredictions(dense, predictAll(loaded), "loaded, sparse kernels");

    Path export = dir.resolve("pruned.export");
    InferenceModel.of(net).save(export);
    InferenceModel model = InferenceModel.load(export);
    assertTrue(model.summary().contains("sparse"), model.summary());
    assertSamePredictions(dense, predictAll(model), "inference export, AUTO kernels");
    assertTrue(Files.size(export) < 0.25 * 4 * net.parameterCount(),
        "an 80% pruned export is under a quarter of the dense float32 bytes: " + Files.size(export));
  }

  @Test
  void channelPrunedModelIsRebuiltSmallerWithTheSameOutputs() throws IOException {
    ComparisonModels.Structured net = new TopiaryComparisonModels_Structured(42);
    train(net);
    Conv2DLayer conv = net.conv();
    DenseLayer hidden = net.hidden();
    assertTrue(conv.channelsRemoved() > 0 && hidden.channelsRemoved() > 0);
    net.kernelMode(KernelMode.DENSE);
    float[] dense = predictAll(net);

    Path export = dir.resolve("structured.export");
    InferenceModel exported = InferenceModel.of(net);
    assertEquals(conv.channelsRemoved(), (int) exported.unitsRemoved().get("conv"));
    assertEquals(hidden.channelsRemoved(), (int) exported.unitsRemoved().get("hidden"));
    exported.save(export);
    InferenceModel model = InferenceModel.load(export);
    assertEquals(exported.architecture(), model.architecture());
    assertEquals(0, (int) model.unitsRemoved().get("conv"), "an export is compact already");
    int filters = conv.filters() - conv.channelsRemoved();
    int units = hidden.units() - hidden.channelsRemoved();
    // conv 3x3x1 x filters + bias, hidden 13x13 x filters x units + bias, output units x 10 + 10
    long expected = 10L * filters + 169L * filters * units + units + 10L * units + 10;
    assertEquals(expected, model.parameterCount(), model.architecture());
    assertSamePredictions(dense, predictAll(model), "compacted export");
    Path file = dir.resolve("structured.topiary");
    net.save(file);
    assertTrue(Files.size(export) < Files.size(file), "compaction drops the hidden rows of removed"
        + " filters too: " + Files.size(export) + " vs " + Files.size(file));
  }
}
