package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated source of the smallest model, the seed CNN, a pruned and L1-regularized
 * model, a regression and a binary model, one of small blocks (BatchNormalization, average and
 * global pooling, Dropout), one of depthwise and separable blocks, a 1D sensor model and a
 * MobileNet-style one (BatchNormalization, a pruned SeparableConv2D, global pooling, Dropout),
 * compared as text with the files
 * in {@code src/test/resources/golden/}: readability is guarded too, and every change to what the
 * processor writes shows up in review as a diff of these files. After a deliberate change, rewrite
 * them with {@code mvn -pl processor test -Dtest=GoldenSourceTest -Dtopiary.updateGolden=true}
 * (from the repository root) and review the diff.
 */
class GoldenSourceTest {
  private static final Path GOLDEN = Paths.get("src/test/resources/golden");

  static JavaFileObject source(String name) {
    switch (name) {
      case "Smallest":
        return model("Smallest", "@Model(input = {4})",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();");
      case "SeedCnn":
        return model("SeedCnn", "@Model(input = {28, 28, 1})", String.join("\n",
            "@Conv2D(filters = 32, kernel = {3, 3}, activation = RELU) Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 64, activation = RELU) DenseLayer hidden();",
            "@Dense(units = 10, activation = SOFTMAX) DenseLayer output();"));
      case "Regularized":
        // Every mask and regularizer form: scheduled unstructured pruning, Keras-style L1, and
        // proximal L1 with channel pruning on one layer.
        return model("Regularized", "@Model(input = {8, 8, 1})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, activation = RELU)",
            "@Prune(initial = 0.5, target = 0.8, endStep = 1_000) Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 16, activation = RELU) @L1(0.01) DenseLayer hidden();",
            "@Dense(units = 8, activation = RELU) @L1(value = 3e-5, proximal = true)",
            "@Prune(initial = 0.5, target = 0.5, endStep = 500, structure = Structure.CHANNELS)",
            "DenseLayer bottleneck();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();"));
      case "Regression":
        // A loss on float targets: the backward over targets, TANH's backward, no fused output.
        return model("Regression", "@Model(input = {3}, loss = Loss.MEAN_SQUARED_ERROR)",
            String.join("\n",
            "@Dense(units = 4, activation = TANH) DenseLayer hidden();",
            "@Dense(units = 2) DenseLayer output();"));
      case "Binary":
        // Binary cross-entropy fused with the SIGMOID output, from its kept logits.
        return model("Binary", "@Model(input = {3}, loss = Loss.BINARY_CROSSENTROPY)",
            "@Dense(units = 1, activation = SIGMOID) DenseLayer output();");
      case "SmallBlocks":
        // BatchNormalization after a conv without bias, average and global pooling, dropout.
        return model("SmallBlocks", "@Model(input = {8, 8, 1})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, strides = {2, 2}, padding = SAME,",
            "    useBias = false) Conv2DLayer conv();",
            "@BatchNormalization Layer bn();",
            "@ReLU Layer relu();",
            "@AveragePooling2D(value = {2, 2}, padding = SAME) Layer pool();",
            "@Conv2D(filters = 6, kernel = {1, 1}, activation = RELU)",
            "@Prune(initial = 0.5, target = 0.8, endStep = 1_000) Conv2DLayer pointwise();",
            "@GlobalAveragePooling2D Layer gap();",
            "@Dropout(0.2) Layer drop();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();"));
      case "MobileBlocks":
        // The depthwise, separable and 1D layers' code: pruned and penalized depthwise and
        // pointwise kernels, a depth multiplier, strides and SAME padding.
        return model("MobileBlocks", "@Model(input = {12, 12, 1})", String.join("\n",
            "@Conv2D(filters = 8, kernel = {3, 3}, strides = {2, 2}, padding = SAME,",
            "    activation = RELU) Conv2DLayer stem();",
            "@DepthwiseConv2D(kernel = {3, 3}, padding = SAME, activation = RELU)",
            "@Prune(initial = 0.5, target = 0.8, endStep = 1_000) Layer dw();",
            "@SeparableConv2D(filters = 16, kernel = {3, 3}, depthMultiplier = 2,",
            "    strides = {2, 2}, padding = SAME, activation = RELU) @L1(1e-4)",
            "@Prune(initial = 0.5, target = 0.8, endStep = 1_000) Layer sep();",
            "@Flatten Layer flatten();",
            "@Dense(units = 10, activation = SOFTMAX) DenseLayer output();"));
      case "MobileNormalized":
        // BatchNormalization after a strided conv and after a pruned SeparableConv2D, as a
        // MobileNet-style block writes them (issue 16's acceptance model).
        return model("MobileNormalized", "@Model(input = {12, 12, 1})", String.join("\n",
            "@Conv2D(filters = 8, kernel = {3, 3}, strides = {2, 2}, padding = SAME,",
            "    useBias = false) Conv2DLayer stem();",
            "@BatchNormalization Layer stemBn();",
            "@ReLU Layer stemRelu();",
            "@SeparableConv2D(filters = 16, kernel = {3, 3}, padding = SAME, useBias = false)",
            "@Prune(initial = 0.5, target = 0.8, endStep = 1_000) Layer sep();",
            "@BatchNormalization Layer sepBn();",
            "@ReLU Layer sepRelu();",
            "@GlobalAveragePooling2D Layer gap();",
            "@Dropout(0.2) Layer drop();",
            "@Dense(units = 10, activation = SOFTMAX) DenseLayer output();"));
      case "Sensor":
        return model("Sensor", "@Model(input = {32, 3})", String.join("\n",
            "@Conv1D(filters = 8, kernel = 5, activation = RELU) Layer conv();",
            "@MaxPooling1D(2) Layer pool();",
            "@AveragePooling1D(value = 3, strides = 1, padding = SAME) Layer avg();",
            "@GlobalAveragePooling1D Layer gap();",
            "@Dense(units = 4, activation = SOFTMAX) DenseLayer output();"));
      default:
        throw new IllegalArgumentException(name);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Smallest", "SeedCnn", "Regularized", "Regression", "Binary",
      "SmallBlocks", "MobileBlocks", "Sensor", "MobileNormalized"})
  void generatedSourceMatchesItsGoldenFile(String name) throws IOException {
    ModelCompiler.Loaded loaded = ModelCompiler.compile(source(name));
    String generated = loaded.compilation()
        .generatedSourceFile(ModelCompiler.PACKAGE + ".Topiary" + name)
        .orElseThrow(() -> new AssertionError("Topiary" + name + " was not generated"))
        .getCharContent(true).toString();
    Path golden = GOLDEN.resolve("Topiary" + name + ".java.txt");
    if (Boolean.getBoolean("topiary.updateGolden")) {
      Files.createDirectories(GOLDEN);
      Files.write(golden, generated.getBytes(StandardCharsets.UTF_8));
    }
    String expected;
    try {
      expected = new String(Files.readAllBytes(golden), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("no golden file " + golden.toAbsolutePath() + "; write it with "
          + "-Dtopiary.updateGolden=true and review it", e);
    }
    assertEquals(expected, generated, "Topiary" + name + " differs from " + golden
        + "; if the change is meant, rewrite it with -Dtopiary.updateGolden=true and review the diff");
  }
}
