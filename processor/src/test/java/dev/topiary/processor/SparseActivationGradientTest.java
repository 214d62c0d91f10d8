package dev.topiary.processor;

import static dev.topiary.processor.GradientCheckTest.check;
import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.processor.GradientCheckTest.Case;
import dev.topiary.processor.GradientCheckTest.Checked;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated backward passes of sparse activations against finite differences of the
 * generated forward pass, with {@link GradientCheckTest}'s machinery: LeakyReLU as an activation
 * and as a layer, standalone ReLU and Softmax layers, Sparsemax hidden (on a Dense and over a
 * conv's channels) and as the output with the fused sparsemax loss, and {@code @ActivityL1} on a
 * pooling and a Dense layer.
 *
 * <p>Sparsemax is piecewise linear: its kinks are where a unit enters or leaves the support,
 * which the check sees as a sign change of the output buffer, as it sees ReLU's. Where a test
 * scales a kernel up, it is to spread the logits so that the support is partial (exact zeros)
 * and the check covers the zeros' rule too; the test asserts that it is.
 */
class SparseActivationGradientTest {
  private static final double ACTIVITY_L1 = 0.05;

  private static ModelCompiler.Loaded models;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("LeakyMlp", "@Model(input = {5})", String.join("\n",
            "@Dense(units = 6, activation = LEAKY_RELU) DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("ActivationLayers", "@Model(input = {5, 5, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {3, 3}) Conv2DLayer conv();",
            "@LeakyReLU(alpha = 0.1) Layer leaky();",
            "@Flatten Layer flatten();",
            "@Dense(units = 5) DenseLayer hidden();",
            "@ReLU Layer relu();",
            "@Dense(units = 3) DenseLayer scores();",
            "@Softmax Layer output();")),
        model("HiddenSparsemax", "@Model(input = {5})", String.join("\n",
            "@Dense(units = 6, activation = SPARSEMAX) DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("SparsemaxOverChannels", "@Model(input = {4, 4, 2})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {2, 2}) Conv2DLayer conv();",
            "@Sparsemax Layer sparse();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("SparsemaxOutput", "@Model(input = {5}, loss = Loss.SPARSEMAX)", String.join("\n",
            "@Dense(units = 6, activation = RELU) DenseLayer hidden();",
            "@Dense(units = 4, activation = SPARSEMAX) DenseLayer output();")),
        model("SparsemaxLayerOutput", "@Model(input = {5}, loss = Loss.SPARSEMAX)",
            String.join("\n",
                "@Dense(units = 6, activation = LEAKY_RELU) DenseLayer hidden();",
                "@Dense(units = 4) DenseLayer scores();",
                "@Sparsemax Layer output();")),
        model("ActivityRegularized", "@Model(input = {6, 6, 2})", String.join("\n",
            "@Conv2D(filters = 2, kernel = {3, 3}, padding = SAME, activation = RELU)",
            "Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) @ActivityL1(" + ACTIVITY_L1 + ") Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 5, activation = LEAKY_RELU) @ActivityL1(" + ACTIVITY_L1 + ")",
            "DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  @Test
  void leakyReluActivationOnDense() {
    check(new Case(models, "LeakyMlp", 3));
  }

  @Test
  void standaloneLeakyReluReluAndSoftmaxLayers() {
    Checked c = check(new Case(models, "ActivationLayers", 2));
    // The LeakyReLU layer (index 1) must have passed negatives on, scaled, not clamped them.
    assertTrue(count(c, 1, v -> v < 0) > 0, "the LeakyReLU layer output no negative value");
    assertTrue(count(c, 4, v -> v == 0) > 0, "the ReLU layer output no zero: its rule is unused");
  }

  @Test
  void hiddenSparsemaxOnDense() {
    Checked c = check(new Case(models, "HiddenSparsemax", 3).scale("hidden/kernel", 3f));
    assertPartialSupport(c, 0, 6);
  }

  @Test
  void sparsemaxLayerOverTheChannelsOfAConv() {
    // Sparsemax runs over the last axis: one distribution per pixel, 9 rows per example.
    Checked c = check(new Case(models, "SparsemaxOverChannels", 2).scale("conv/kernel", 3f));
    assertPartialSupport(c, 1, 4);
  }

  @Test
  void sparsemaxOutputWithTheFusedSparsemaxLoss() {
    Checked c = check(new Case(models, "SparsemaxOutput", 4).sparsemaxLoss()
        .scale("output/kernel", 4f));
    assertPartialSupport(c, 1, 4);
  }

  @Test
  void sparsemaxLayerOutputWithTheFusedSparsemaxLoss() {
    Checked c = check(new Case(models, "SparsemaxLayerOutput", 4).sparsemaxLoss()
        .scale("scores/kernel", 4f));
    assertPartialSupport(c, 2, 4);
  }

  @Test
  void activityL1OnPoolingAndDense() {
    check(new Case(models, "ActivityRegularized", 3).activityL1(1, ACTIVITY_L1)
        .activityL1(3, ACTIVITY_L1));
  }

  /**
   * Asserts that sparsemax layer {@code layer} (rows of {@code k}) output exact zeros and, in
   * some row, at least two non-zeros: both rules of its backward were exercised.
   */
  private static void assertPartialSupport(Checked c, int layer, int k) {
    float[] a = c.net.activations(layer);
    int size = Arrays.stream(c.net.layers().get(layer).outputShape()).reduce(1, (u, v) -> u * v);
    int rows = c.batch * size / k;
    int zeros = 0;
    int widest = 0;
    for (int r = 0; r < rows; r++) {
      int support = 0;
      for (int j = 0; j < k; j++) {
        float v = a[r * k + j];
        support += v > 0 ? 1 : 0;
        zeros += v == 0 ? 1 : 0;
      }
      widest = Math.max(widest, support);
    }
    assertTrue(zeros > 0, "layer " + layer + " output no exact zero: "
        + Arrays.toString(Arrays.copyOf(a, rows * k)));
    assertTrue(widest >= 2, "every row of layer " + layer + " is one-hot, so its backward is 0");
  }

  private static int count(Checked c, int layer, java.util.function.DoublePredicate test) {
    float[] a = c.net.activations(layer);
    int size = Arrays.stream(c.net.layers().get(layer).outputShape()).reduce(1, (u, v) -> u * v);
    int n = 0;
    for (int i = 0; i < c.batch * size; i++) {
      n += test.test(a[i]) ? 1 : 0;
    }
    return n;
  }
}
