package dev.topiary.processor;

import static dev.topiary.processor.GradientCheckTest.check;
import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.processor.GradientCheckTest.Case;
import dev.topiary.processor.PlainForward.Tensor;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code @AveragePooling2D}, {@code @GlobalAveragePooling2D} and {@code @GlobalMaxPooling2D}:
 * predictions against plain loops ({@link PlainLayers}), gradients against finite differences,
 * the export, the model file and the summary.
 */
class PoolingLayersTest {
  private static ModelCompiler.Loaded models;

  @TempDir Path dir;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("AveragePools", "@Model(input = {7, 7, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {2, 2}, activation = RELU) Conv2DLayer conv();",
            "@AveragePooling2D(value = {3, 3}, strides = {2, 2}, padding = SAME) Layer pool1();",
            "@AveragePooling2D({2, 2}) Layer pool2();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("AverageFirst", "@Model(input = {5, 6, 2})", String.join("\n",
            "@AveragePooling2D(value = {2, 3}, strides = {1, 2}, padding = SAME) Layer pool();",
            "@Conv2D(filters = 4, kernel = {2, 2}, padding = SAME) Conv2DLayer conv();",
            "@GlobalAveragePooling2D Layer gap();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("GlobalMax", "@Model(input = {5, 5, 2})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, padding = SAME, activation = RELU)",
            "Conv2DLayer conv();",
            "@GlobalMaxPooling2D Layer gmp();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  @Test
  void gradientsMatchFiniteDifferences() {
    check(new Case(models, "AveragePools", 2));
    check(new Case(models, "AverageFirst", 2));
    check(new Case(models, "GlobalMax", 3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"AveragePools", "AverageFirst", "GlobalMax"})
  void predictMatchesPlainLoopsAndTheExportBeforeAndAfterSaving(String name) throws IOException {
    GeneratedNetwork net = models.newNetwork(name, 3);
    randomize(net);
    int batch = 3;
    float[] x = random(batch * net.inputSize(), 5);
    float[] predicted = new float[batch * net.outputSize()];
    net.predict(x, batch, predicted);
    for (int n = 0; n < batch; n++) {
      double[] expected = plain(net, Arrays.copyOfRange(x, n * net.inputSize(),
          (n + 1) * net.inputSize()));
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], predicted[n * net.outputSize() + j], 1e-5,
            name + " example " + n + " output " + j);
      }
    }
    InferenceModel export = InferenceModel.of(net);
    File file = dir.resolve(name + ".export").toFile();
    export.save(file);
    InferenceModel loaded = InferenceModel.load(file);
    for (KernelMode mode : KernelMode.values()) {
      export.kernelMode(mode);
      float[] exported = new float[predicted.length];
      export.predict(x, batch, exported);
      assertArrayEquals(predicted, exported, 1e-5f, name + " export " + mode);
    }
    float[] fromFile = new float[predicted.length];
    loaded.predict(x, batch, fromFile);
    assertArrayEquals(predicted, fromFile, 1e-5f, name + " loaded export");

    File model = dir.resolve(name + ".topiary").toFile();
    net.save(model);
    GeneratedNetwork again = load(models, name, model);
    float[] reloaded = new float[predicted.length];
    again.predict(x, batch, reloaded);
    assertArrayEquals(predicted, reloaded, name + " saved and loaded");
  }

  /** One example through the model's layers in double. */
  private static double[] plain(GeneratedNetwork net, float[] x) {
    switch (net.modelName()) {
      case "AveragePools": {
        Tensor t = PlainForward.relu(PlainForward.conv(Tensor.of(x, 7, 7, 2),
            value(net, "conv/kernel"), value(net, "conv/bias"), 2, 2, 3, 1, 1, false));
        t = PlainLayers.averagePool(t, 3, 3, 2, 2, true);
        t = PlainLayers.averagePool(t, 2, 2, 2, 2, false);
        return PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
            value(net, "output/bias"), 3));
      }
      case "AverageFirst": {
        Tensor t = PlainLayers.averagePool(Tensor.of(x, 5, 6, 2), 2, 3, 1, 2, true);
        t = PlainForward.conv(t, value(net, "conv/kernel"), value(net, "conv/bias"), 2, 2, 4, 1,
            1, true);
        t = PlainLayers.globalPool(t, false);
        return PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
            value(net, "output/bias"), 3));
      }
      default: {
        Tensor t = PlainForward.relu(PlainForward.conv(Tensor.of(x, 5, 5, 2),
            value(net, "conv/kernel"), value(net, "conv/bias"), 3, 3, 4, 1, 1, true));
        t = PlainLayers.globalPool(t, true);
        return PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
            value(net, "output/bias"), 3));
      }
    }
  }

  @Test
  void globalPoolingsGiveAVectorOfChannelsAsKerasShows() {
    GeneratedNetwork net = models.newNetwork("AverageFirst", 1);
    assertArrayEquals(new int[] {4}, net.layers().get(2).outputShape());
    assertEquals("GlobalAveragePooling2D", net.layers().get(2).type());
    String summary = net.summary();
    // Keras wraps a name longer than its column, as here
    assertTrue(summary.contains(" gap (GlobalAveragePooling2  (None, 4)                 0\n"
        + " D)\n"), summary);
    assertTrue(summary.contains(" pool (AveragePooling2D)     (None, 5, 3, 2)           0\n"),
        summary);
    assertTrue(net.architecture().contains("; gap GlobalAveragePooling2D -> 4;"),
        net.architecture());
  }

  static GeneratedNetwork load(ModelCompiler.Loaded models, String name, File file) {
    try {
      return (GeneratedNetwork) models.load("Topiary" + name).getMethod("load", File.class)
          .invoke(null, file);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static float[] value(GeneratedNetwork net, String name) {
    return net.parameters().stream().filter(p -> p.name.equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no parameter " + name)).value;
  }

  static void randomize(GeneratedNetwork net) {
    SplittableRandom r = new SplittableRandom(4);
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = (float) (r.nextDouble() - 0.5);
      }
    }
    net.weightsChanged();
  }

  static float[] random(int n, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }
}
