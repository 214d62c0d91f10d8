package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A softmax model's cross-entropy, in training ({@code backward}) and in {@code evaluate} (the
 * network's and its inference export's), is computed from the logits, as Keras computes it, not
 * from clipped probabilities. Worked by hand for one input {@code x = 1}, kernel {@code (30, -30)},
 * no bias: the logits are {@code (30, -30)}; with label 1, {@code -log p[1] = log(e^30 + e^-30) + 30
 * = 60.0} (clipping p at 1e-7 gives 16.118); with label 0, {@code log(1 + e^-60) = 8.8e-27}.
 */
class CrossEntropyLossTest {
  private static ModelCompiler.Loaded models;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("SoftmaxDense", "@Model(input = {1})",
            "@Dense(units = 2, activation = SOFTMAX, useBias = false) DenseLayer output();"),
        model("SoftmaxLayer", "@Model(input = {1})", String.join("\n",
            "@Dense(units = 2, useBias = false) DenseLayer scores();",
            "@Softmax Layer output();")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"SoftmaxDense", "SoftmaxLayer"})
  void lossOfLogitsPlusMinusThirtyIsSixty(String name) {
    GeneratedNetwork net = models.newNetwork(name, 1);
    Parameter kernel = net.parameters().get(0);
    kernel.value[0] = 30f;
    kernel.value[1] = -30f;
    float[] x = {1f, 1f};
    int[] labels = {1, 0};

    net.forward(x, 0, 2);
    assertEquals(30.0, net.backward(labels, 0, 2), 1e-5, name + " training loss (mean)");

    Dataset data = Dataset.of(x, labels, 1);
    assertEquals(30.0, net.evaluate(data).loss(), 1e-5, name + " evaluate");
    assertEquals(30.0, InferenceModel.of(net).evaluate(data).loss(), 1e-5, name + " export");
    Dataset wrong = Dataset.of(new float[] {1f}, new int[] {1}, 1);
    assertEquals(60.0, net.evaluate(wrong).loss(), 1e-5, name + " evaluate, wrong row");
  }
}
