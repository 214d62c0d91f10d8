package dev.topiary.processor;

import static dev.topiary.processor.GradientCheckTest.check;
import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.processor.GradientCheckTest.Case;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @Dropout}: inverted dropout while training with masks fixed by the seed and the step,
 * its gradient against finite differences, the identity at inference (the network's predict and
 * the export), and its place in the architecture text, the file and the summary.
 */
class DropoutTest {
  private static ModelCompiler.Loaded models;

  @TempDir Path dir;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("DropMlp", "@Model(input = {6})", String.join("\n",
            "@Dense(units = 40, activation = RELU) DenseLayer hidden();",
            "@Dropout(0.4) Layer drop();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("DropConv", "@Model(input = {5, 5, 2})", String.join("\n",
            "@Dropout(0.25) Layer dropIn();",
            "@Conv2D(filters = 3, kernel = {3, 3}, activation = RELU) Conv2DLayer conv();",
            "@Dropout(0.5) Layer drop();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  @Test
  void gradientsMatchFiniteDifferencesUnderOneMask() {
    check(new Case(models, "DropMlp", 3));
    check(new Case(models, "DropConv", 2));
  }

  @Test
  void trainingDropsAboutTheRateAndScalesTheRestInverted() {
    GeneratedNetwork net = models.newNetwork("DropMlp", 1);
    int batch = 50;
    float[] x = random(batch * 6, 2);
    net.forward(x, 0, batch);
    float[] hidden = net.activations(0).clone();
    float[] dropped = net.activations(1);
    int zeros = 0;
    int live = 0;
    for (int i = 0; i < batch * 40; i++) {
      if (hidden[i] == 0f) {
        assertEquals(0f, dropped[i]);
        continue;
      }
      live++;
      if (dropped[i] == 0f) {
        zeros++;
      } else {
        assertEquals(hidden[i] / 0.6f, dropped[i], 1e-6f * Math.abs(dropped[i]), "kept " + i);
      }
    }
    double fraction = (double) zeros / live;
    assertTrue(fraction > 0.33 && fraction < 0.47, "dropped " + fraction + " of " + live);
  }

  @Test
  void masksFollowTheSeedAndTheStep() {
    float[] x = random(8 * 6, 3);
    float[] a = dropped(models.newNetwork("DropMlp", 1), x, 0);
    assertArrayEquals(a, dropped(models.newNetwork("DropMlp", 1), x, 0), "same seed, same step");
    assertFalse(java.util.Arrays.equals(a, dropped(models.newNetwork("DropMlp", 2), x, 0)),
        "another seed");
    float[] next = dropped(models.newNetwork("DropMlp", 1), x, 1);
    assertFalse(java.util.Arrays.equals(a, next), "the next step");
    assertArrayEquals(next, dropped(models.newNetwork("DropMlp", 1), x, 1));
  }

  /** The dropout layer's output after {@code steps} training steps have begun (rules' beforeStep). */
  private static float[] dropped(GeneratedNetwork net, float[] x, int steps) {
    assertEquals(1, net.trainingRules().size(), "the dropout layer's rule");
    for (int s = 0; s < steps; s++) {
      for (TrainingRule rule : net.trainingRules()) {
        rule.beforeStep();
      }
    }
    net.forward(x, 0, 8);
    float[] first = net.activations(1).clone();
    net.forward(x, 0, 8);
    assertArrayEquals(first, net.activations(1), "two passes of one step draw one mask");
    return first;
  }

  @Test
  void inferenceIsTheIdentityInTheNetworkAndTheExport() throws IOException {
    for (String name : new String[] {"DropMlp", "DropConv"}) {
      GeneratedNetwork net = models.newNetwork(name, 5);
      randomize(net);
      int batch = 4;
      float[] x = random(batch * net.inputSize(), 6);
      float[] expected = plainWithoutDropout(net, x, batch);
      float[] predicted = new float[batch * net.outputSize()];
      net.predict(x, batch, predicted);
      assertArrayEquals(expected, predicted, 1e-6f, name + ": predict drops nothing");
      InferenceModel export = InferenceModel.of(net);
      File file = dir.resolve(name + ".export").toFile();
      export.save(file);
      float[] exported = new float[batch * net.outputSize()];
      InferenceModel.load(file).predict(x, batch, exported);
      assertArrayEquals(predicted, exported, 1e-5f, name + ": export");
      assertTrue(net.architecture().contains(" Dropout r0."), net.architecture());
    }
  }

  /** The model without its dropout layers, in double ({@link PlainForward}). */
  private static float[] plainWithoutDropout(GeneratedNetwork net, float[] x, int batch) {
    int in = net.inputSize();
    int k = net.outputSize();
    float[] out = new float[batch * k];
    for (int n = 0; n < batch; n++) {
      float[] example = java.util.Arrays.copyOfRange(x, n * in, (n + 1) * in);
      PlainForward.Tensor t;
      if (net.modelName().equals("DropMlp")) {
        t = PlainForward.Tensor.of(example, 1, 1, 6);
        t = PlainForward.relu(PlainForward.dense(t, value(net, "hidden/kernel"),
            value(net, "hidden/bias"), 40));
      } else {
        t = PlainForward.Tensor.of(example, 5, 5, 2);
        t = PlainForward.relu(PlainForward.conv(t, value(net, "conv/kernel"),
            value(net, "conv/bias"), 3, 3, 3, 1, 1, false));
      }
      double[] p = PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
          value(net, "output/bias"), k));
      for (int j = 0; j < k; j++) {
        out[n * k + j] = (float) p[j];
      }
    }
    return out;
  }

  private static float[] value(GeneratedNetwork net, String name) {
    return net.parameters().stream().filter(p -> p.name.equals(name)).findFirst()
        .orElseThrow().value;
  }

  @Test
  void savedAndLoadedNetworksPredictAlike() throws IOException {
    GeneratedNetwork net = models.newNetwork("DropConv", 7);
    randomize(net);
    File file = dir.resolve("drop.topiary").toFile();
    net.save(file);
    GeneratedNetwork loaded;
    try {
      loaded = (GeneratedNetwork) models.load("TopiaryDropConv").getMethod("load", File.class)
          .invoke(null, file);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
    float[] x = random(net.inputSize(), 9);
    assertArrayEquals(net.predict(x), loaded.predict(x));
  }

  @Test
  void summaryRowsAsKeras() {
    String summary = models.newNetwork("DropMlp", 1).summary();
    assertTrue(summary.contains(" drop (Dropout)              (None, 40)                0\n"),
        summary);
  }

  private static void randomize(GeneratedNetwork net) {
    SplittableRandom r = new SplittableRandom(4);
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = (float) (r.nextDouble() - 0.5);
      }
    }
    net.weightsChanged();
  }

  private static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }
}
