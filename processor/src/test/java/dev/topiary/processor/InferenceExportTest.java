package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.Parameter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every layer form the processor generates, exported with {@link InferenceModel}: the export reads
 * the generated architecture description and computes what the generated forward pass does,
 * before and after a save and load, on every kernel mode.
 */
class InferenceExportTest {
  private static ModelCompiler.Loaded models;

  @TempDir Path dir;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("StridedSame", "@Model(input = {9, 7, 2})", String.join("\n",
            "@Conv2D(filters = 5, kernel = {3, 2}, strides = {2, 1}, padding = SAME,",
            "    activation = LEAKY_RELU) Conv2DLayer conv();",
            "@MaxPooling2D(value = {3, 3}, strides = {2, 2}, padding = SAME) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 7, activation = RELU, useBias = false) DenseLayer hidden();",
            "@Dense(units = 4, activation = SOFTMAX) DenseLayer output();")),
        model("ActivationLayers", "@Model(input = {5, 5, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {3, 3}, useBias = false) Conv2DLayer conv();",
            "@LeakyReLU(alpha = 0.1) Layer leaky();",
            "@Flatten Layer flatten();",
            "@Dense(units = 5) DenseLayer hidden();",
            "@ReLU Layer relu();",
            "@Dense(units = 3) DenseLayer scores();",
            "@Softmax Layer output();")),
        model("SparsemaxOverChannels", "@Model(input = {4, 4, 2}, loss = Loss.SPARSEMAX)",
            String.join("\n",
            "@Conv2D(filters = 4, kernel = {2, 2}) Conv2DLayer conv();",
            "@Sparsemax Layer sparse();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SPARSEMAX) DenseLayer output();")),
        model("FusedSame", "@Model(input = {11, 9, 3})", String.join("\n",
            "@Conv2D(filters = 6, kernel = {3, 3}, strides = {1, 2}, padding = SAME,",
            "    activation = RELU) Conv2DLayer conv();",
            "@MaxPooling2D(value = {2, 3}, strides = {2, 1}, padding = SAME) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 4, activation = SOFTMAX) DenseLayer output();")),
        model("FlatMlp", "@Model(input = {6})", String.join("\n",
            "@Dense(units = 8, activation = RELU) DenseLayer hidden();",
            "@Dense(units = 2, activation = SOFTMAX) DenseLayer output();")),
        model("TanhSigmoidRegression", "@Model(input = {6, 6, 1}, loss = Loss.MEAN_SQUARED_ERROR)",
            String.join("\n",
            "@Conv2D(filters = 3, kernel = {3, 3}, activation = TANH) Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 4, activation = SIGMOID) DenseLayer hidden();",
            "@Dense(units = 2) DenseLayer output();")),
        model("BinaryOutput", "@Model(input = {5}, loss = Loss.BINARY_CROSSENTROPY)",
            String.join("\n",
            "@Dense(units = 6, activation = TANH) DenseLayer hidden();",
            "@Dense(units = 1, activation = SIGMOID) DenseLayer output();")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"StridedSame", "ActivationLayers", "SparsemaxOverChannels", "FusedSame",
      "FlatMlp", "TanhSigmoidRegression", "BinaryOutput"})
  void exportPredictsLikeTheGeneratedNetwork(String name) throws IOException {
    GeneratedNetwork net = models.newNetwork(name, 3);
    SplittableRandom r = new SplittableRandom(4);
    for (Parameter p : net.parameters()) { // non-zero biases too, so that they are checked
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = (float) (r.nextDouble() - 0.5);
      }
    }
    InferenceModel model = InferenceModel.of(net);
    File file = dir.resolve(name + ".export").toFile();
    model.save(file);
    InferenceModel loaded = InferenceModel.load(file);
    assertEquals(model.architecture(), loaded.architecture());
    for (int t = 0; t < 5; t++) {
      float[] x = new float[net.inputSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) (r.nextDouble() * 2 - 1);
      }
      float[] expected = net.predict(x);
      for (KernelMode mode : KernelMode.values()) {
        model.kernelMode(mode);
        float[] actual = model.predict(x);
        for (int j = 0; j < expected.length; j++) {
          assertEquals(expected[j], actual[j], 1e-5, name + " " + mode + " output " + j);
        }
      }
      model.kernelMode(KernelMode.AUTO); // as the loaded one
      assertArrayEquals(model.predict(x), loaded.predict(x), "a loaded export is bit-exact");
    }
  }
}
