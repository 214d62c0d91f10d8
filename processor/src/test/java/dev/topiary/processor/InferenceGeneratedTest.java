package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.Parameter;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The inference pass that {@code predict} and {@code evaluate} run ({@code infer}, with Conv2D
 * and MaxPooling2D fused) against the training forward pass, on dense, pruned (80% of the conv
 * and dense weights zero), channel-pruned (whole filters zero) and sparse-activation (most
 * pre-activations negative) weights, in every {@link KernelMode}, one example at a time and in
 * batches; on models whose pairs are fused (VALID and SAME, strides, two blocks, no activation)
 * and one whose conv activation keeps it unfused.
 */
class InferenceGeneratedTest {
  /** As in {@code PruningGeneratedTest}: sums in another order, to float rounding. */
  private static final double TOLERANCE = 1e-5;

  private static ModelCompiler.Loaded models;

  @BeforeAll
  static void compileModels() {
    String head = "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();";
    models = ModelCompiler.compile(
        model("SeedLike", "@Model(input = {12, 12, 1})", String.join("\n",
            "@Conv2D(filters = 8, kernel = {3, 3}, activation = RELU) Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 16, activation = RELU) DenseLayer hidden();", head)),
        model("TwoBlocks", "@Model(input = {11, 9, 2})", String.join("\n",
            "@Conv2D(filters = 5, kernel = {3, 3}, padding = SAME, activation = RELU)",
            "Conv2DLayer conv();",
            "@MaxPooling2D(value = {3, 3}, strides = {2, 2}, padding = SAME) Layer pool();",
            "@Conv2D(filters = 4, kernel = {2, 2}, strides = {1, 2}) Conv2DLayer conv2();",
            "@MaxPooling2D({2, 1}) Layer pool2();",
            "@Flatten Layer flatten();", head)),
        model("LeakyConv", "@Model(input = {8, 8, 1})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, activation = LEAKY_RELU) Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();", head)));
  }

  private enum Weights { DENSE, PRUNED, CHANNEL_PRUNED, SPARSE_ACTIVATIONS }

  @Test
  void inferenceEqualsTheTrainingForwardPass() {
    for (String name : new String[] {"SeedLike", "TwoBlocks", "LeakyConv"}) {
      for (Weights weights : Weights.values()) {
        GeneratedNetwork net = models.newNetwork(name, 3);
        shape(net, weights, new SplittableRandom(weights.ordinal()));
        for (KernelMode mode : KernelMode.values()) {
          net.kernelMode(mode);
          check(net, name + ", " + weights + ", " + mode);
        }
      }
    }
  }

  @Test
  void evaluateRunsTheInferencePass() {
    GeneratedNetwork net = models.newNetwork("SeedLike", 4);
    int n = 300; // more than one evaluation batch of 256
    float[] x = inputs(net, n, new SplittableRandom(8));
    int[] labels = new int[n];
    float[] expected = net.forward(x, 0, n).clone();
    double loss = 0;
    int correct = 0;
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      loss -= Math.log(expected[i * 3 + labels[i]]);
      int best = 0;
      for (int j = 1; j < 3; j++) {
        best = expected[i * 3 + j] > expected[i * 3 + best] ? j : best;
      }
      correct += best == labels[i] ? 1 : 0;
    }
    dev.topiary.runtime.Evaluation e = net.evaluate(
        dev.topiary.runtime.data.Dataset.of(x, labels, net.inputSize()));
    assertEquals(loss / n, e.loss(), 1e-4);
    assertEquals(correct, e.correct());
  }

  private static void check(GeneratedNetwork net, String where) {
    int n = 7;
    float[] x = inputs(net, n, new SplittableRandom(2));
    int out = net.outputSize();
    float[] expected = net.forward(x, 0, n).clone();
    float[] batch = new float[n * out];
    net.predict(x, n, batch);
    for (int i = 0; i < n; i++) {
      float[] one = net.predict(Arrays.copyOfRange(x, i * net.inputSize(),
          (i + 1) * net.inputSize()));
      for (int j = 0; j < out; j++) {
        assertEquals(expected[i * out + j], batch[i * out + j], TOLERANCE, where + ", batch, "
            + i + "/" + j);
        assertEquals(expected[i * out + j], one[j], TOLERANCE, where + ", one, " + i + "/" + j);
      }
    }
  }

  private static float[] inputs(GeneratedNetwork net, int n, SplittableRandom rng) {
    float[] x = new float[n * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextDouble() < 0.4 ? 0f : (float) rng.nextDouble();
    }
    return x;
  }

  /** Gives the network's kernels and biases the zeros (and signs) {@code weights} calls for. */
  private static void shape(GeneratedNetwork net, Weights weights, SplittableRandom rng) {
    for (Parameter p : net.parameters()) {
      boolean bias = p.name.endsWith("/bias");
      int filters = bias ? p.size() : lastDim(net, p);
      for (int i = 0; i < p.size(); i++) {
        float v = bias ? (float) (rng.nextDouble() - 0.5) * 0.2f : p.value[i];
        switch (weights) {
          case PRUNED -> v = !bias && rng.nextDouble() < 0.8 ? 0f : v;
          case CHANNEL_PRUNED -> v = i % filters % 3 == 1 ? 0f : v;
          case SPARSE_ACTIVATIONS -> v = bias ? -Math.abs(v) - 0.3f : v;
          default -> { }
        }
        p.value[i] = v;
      }
    }
  }

  /** The number of outputs of the layer {@code p} belongs to: the kernel's last dimension. */
  private static int lastDim(GeneratedNetwork net, Parameter p) {
    String layer = p.name.substring(0, p.name.indexOf('/'));
    for (Parameter q : net.parameters()) {
      if (q.name.equals(layer + "/bias")) {
        return q.size();
      }
    }
    return 1;
  }
}
