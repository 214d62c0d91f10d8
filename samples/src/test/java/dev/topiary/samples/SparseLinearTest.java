package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.report.ActivationSparsity;
import java.io.IOException;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's SparseLinear (784 -> 10, Sparsemax output, sparsemax loss) and its softmax baseline,
 * each trained one epoch on real MNIST (Adam 1e-3, batch 32, as the comparison trains them):
 * SparseLinear reaches 91% with most of its 10 outputs exactly zero; softmax is never exactly 0.
 * Prints each model's accuracy and mean number of non-zero outputs per test image.
 *
 * <p>Measured over seeds 1 to 6 and 42: SparseLinear 91.20% to 91.80% (91.42% at seed 42) with
 * 1.61 to 1.64 non-zero outputs per image; SoftmaxLinear 91.32% to 91.69% (91.41%). The 91% floor
 * is the issue's; seed 42 clears it by 0.4 points, which any broken gradient or kernel loses.
 */
class SparseLinearTest {
  private static Mnist mnist;

  @BeforeAll
  static void load() throws IOException {
    mnist = Mnist.load();
  }

  @Test
  void sparsemaxLinearReaches91PercentWithFewerThanFiveNonZeroOutputs() {
    SparseLinear net = new TopiarySparseLinear(42);
    double nonZeros = trainAndReport(net, "SparseLinear (sparsemax)", 0.91);
    assertTrue(nonZeros < 5, "mean non-zero outputs per test image: " + nonZeros);
    assertTrue(nonZeros >= 1, "sparsemax keeps at least one output per image: " + nonZeros);
  }

  @Test
  void softmaxLinearReaches90PercentWithNoExactZeros() {
    SoftmaxLinear net = new TopiarySoftmaxLinear(42);
    double nonZeros = trainAndReport(net, "SoftmaxLinear (softmax)", 0.90);
    assertEquals(10.0, nonZeros, "softmax outputs are never exactly 0");
  }

  /**
   * Trains one epoch, checks that test accuracy is at least {@code floor}, and returns the mean
   * number of non-zero outputs per test image from {@link ActivationSparsity}, after checking it
   * against a plain count over {@code predict}'s outputs.
   */
  private static double trainAndReport(Network net, String name, double floor) {
    Trainer.of(net).adam(1e-3).batchSize(32).epochs(1).progress(false).fit(mnist.train());
    Dataset test = mnist.test();
    Evaluation eval = net.evaluate(test);
    double zeroFraction = ActivationSparsity.measure(net, test).zeroFraction(0);
    double nonZeros = 10 * (1 - zeroFraction);

    float[] out = new float[test.size() * 10];
    float[] images = new float[test.size() * test.exampleSize()];
    for (int i = 0; i < test.size(); i++) {
      test.copyExample(i, images, i * test.exampleSize());
    }
    net.predict(images, test.size(), out);
    long zeros = 0;
    for (float p : out) {
      zeros += p == 0f ? 1 : 0;
    }
    assertEquals(zeros, Math.round(zeroFraction * out.length),
        name + ": ActivationSparsity against a plain count of predict's zero outputs");

    System.out.printf(Locale.ROOT, "%s: test accuracy %.2f%%, %.2f of 10 outputs non-zero per "
        + "image on average%n", name, 100 * eval.accuracy(), nonZeros);
    assertTrue(eval.accuracy() >= floor, name + ": test accuracy " + eval);
    return nonZeros;
  }
}
