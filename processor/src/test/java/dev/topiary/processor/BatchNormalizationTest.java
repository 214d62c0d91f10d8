package dev.topiary.processor;

import static dev.topiary.processor.GradientCheckTest.check;
import static dev.topiary.processor.ModelCompiler.model;
import static dev.topiary.processor.PoolingLayersTest.random;
import static dev.topiary.processor.PoolingLayersTest.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.processor.GradientCheckTest.Case;
import dev.topiary.processor.PlainForward.Tensor;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
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
 * {@code @BatchNormalization}: gradients through the batch statistics against finite
 * differences, the moving statistics' update after a training step (Keras's rule), inference with
 * the moving statistics against plain loops, the export (folded into a Conv2D or Dense before it,
 * or its own op), the model file and the summary's non-trainable count.
 */
class BatchNormalizationTest {
  private static ModelCompiler.Loaded models;
  private static ModelCompiler.Loaded first;

  @TempDir Path dir;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("ConvBnRelu", "@Model(input = {6, 6, 2})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, padding = SAME, useBias = false)",
            "Conv2DLayer conv();",
            "@BatchNormalization Layer bn();",
            "@ReLU Layer relu();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("DenseBn", "@Model(input = {5})", String.join("\n",
            "@Dense(units = 6, useBias = false) DenseLayer hidden();",
            "@BatchNormalization(center = false, epsilon = 0.01) Layer bn();",
            "@ReLU Layer relu();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("DepthwiseBn", "@Model(input = {6, 6, 3})", String.join("\n",
            "@DepthwiseConv2D(kernel = {3, 3}, depthMultiplier = 2, padding = SAME,",
            "    useBias = false) Layer dw();",
            "@BatchNormalization(momentum = 0.9) Layer bn();",
            "@ReLU Layer relu();",
            "@GlobalAveragePooling2D Layer gap();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("BnAfterRelu", "@Model(input = {5, 5, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {2, 2}, activation = RELU) Conv2DLayer conv();",
            "@BatchNormalization(momentum = 0.9, scale = false) Layer bn();",
            "@GlobalAveragePooling2D Layer gap();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
    first = ModelCompiler.compileWarning("BatchNormalizationFirst",
        model("BnFirst", "@Model(input = {6})", String.join("\n",
            "@BatchNormalization Layer bn();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  @Test
  void gradientsThroughTheBatchStatisticsMatchFiniteDifferences() {
    check(new Case(models, "ConvBnRelu", 3));
    check(new Case(models, "DenseBn", 4));
    check(new Case(models, "BnAfterRelu", 2));
    check(new Case(first, "BnFirst", 5));
  }

  @Test
  void aTrainingStepMovesTheMovingStatisticsAsKeras() {
    GeneratedNetwork net = models.newNetwork("DenseBn", 2);
    int batch = 7;
    float[] x = random(batch * 5, 3);
    Parameter mean = net.nonTrainableWeights().get(0);
    Parameter variance = net.nonTrainableWeights().get(1);
    assertEquals("bn/moving_mean", mean.name);
    assertEquals("bn/moving_variance", variance.name);
    net.forward(x, 0, batch);
    assertArrayEquals(new float[6], mean.value, "a forward pass alone changes nothing");
    float[] in = net.activations(0);
    float[] batchMean = new float[6];
    float[] batchVariance = new float[6];
    for (int c = 0; c < 6; c++) {
      double m = 0;
      for (int r = 0; r < batch; r++) {
        m += in[r * 6 + c];
      }
      m /= batch;
      double v = 0;
      for (int r = 0; r < batch; r++) {
        v += (in[r * 6 + c] - m) * (in[r * 6 + c] - m);
      }
      batchMean[c] = (float) m;
      batchVariance[c] = (float) (v / batch); // biased, as Keras
    }
    for (TrainingRule rule : net.trainingRules()) {
      rule.afterUpdate(null, false);
    }
    for (int c = 0; c < 6; c++) {
      assertEquals(0.01 * batchMean[c], mean.value[c], 1e-6, "mean " + c);
      assertEquals(0.99 + 0.01 * batchVariance[c], variance.value[c], 1e-6, "variance " + c);
    }
    float[] once = mean.value.clone();
    for (TrainingRule rule : net.trainingRules()) {
      rule.afterUpdate(null, false);
    }
    assertArrayEquals(once, mean.value, "one update per training pass");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ConvBnRelu", "DenseBn", "BnAfterRelu"})
  void predictUsesTheMovingStatisticsAndTheExportAgrees(String name) throws IOException {
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
    boolean folds = !name.equals("BnAfterRelu");
    assertEquals(!folds, export.architecture().contains("BatchNormalization"),
        export.architecture());
    if (name.equals("ConvBnRelu")) {
      assertFalse(export.architecture().contains(" ReLU"), "the ReLU became the conv's");
      assertTrue(export.summary().contains("fused with pool"), export.summary());
    }
    for (KernelMode mode : KernelMode.values()) {
      export.kernelMode(mode);
      float[] exported = new float[predicted.length];
      export.predict(x, batch, exported);
      assertArrayEquals(predicted, exported, 1e-5f, name + " export " + mode);
    }
    File exportFile = dir.resolve(name + ".export").toFile();
    export.save(exportFile);
    float[] fromExport = new float[predicted.length];
    InferenceModel.load(exportFile).predict(x, batch, fromExport);
    assertArrayEquals(predicted, fromExport, 1e-5f, name + " loaded export");

    File file = dir.resolve(name + ".topiary").toFile();
    net.save(file);
    GeneratedNetwork again = PoolingLayersTest.load(models, name, file);
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(net.nonTrainableWeights().get(i).value,
          again.nonTrainableWeights().get(i).value, "moving statistics saved and loaded");
    }
    float[] reloaded = new float[predicted.length];
    again.predict(x, batch, reloaded);
    assertArrayEquals(predicted, reloaded, name + " saved and loaded");
    float[] fromNetworkFile = new float[predicted.length];
    InferenceModel.load(file).predict(x, batch, fromNetworkFile);
    assertArrayEquals(predicted, fromNetworkFile, 1e-5f, name + " export of the network's file");
  }

  @Test
  void foldsIntoADepthwiseConvAndPredictsAsTheNetwork() throws IOException {
    // DepthwiseConv2D's kernel [kh][kw][cin][multiplier] ends with its output channel
    // (c * multiplier + m), so each output channel's weights scale as a Conv2D's do
    GeneratedNetwork net = models.newNetwork("DepthwiseBn", 4);
    randomize(net);
    int batch = 5;
    float[] x = random(batch * net.inputSize(), 6);
    float[] predicted = new float[batch * net.outputSize()];
    net.predict(x, batch, predicted);
    InferenceModel export = InferenceModel.of(net);
    assertFalse(export.architecture().contains("BatchNormalization"), export.architecture());
    assertFalse(export.architecture().contains(" ReLU ->"), "the ReLU became the depthwise's");
    assertTrue(export.architecture().contains("DepthwiseConv2D m2 k3x3 s1x1 SAME RELU bias"),
        export.architecture());
    for (KernelMode mode : KernelMode.values()) {
      export.kernelMode(mode);
      float[] exported = new float[predicted.length];
      export.predict(x, batch, exported);
      assertArrayEquals(predicted, exported, 1e-5f, "DepthwiseBn export " + mode);
    }
  }

  /** One example through the model's layers in double, with the moving statistics. */
  private static double[] plain(GeneratedNetwork net, float[] x) {
    float[] mean = net.nonTrainableWeights().get(0).value;
    float[] variance = net.nonTrainableWeights().get(1).value;
    switch (net.modelName()) {
      case "ConvBnRelu": {
        Tensor t = PlainForward.conv(Tensor.of(x, 6, 6, 2), value(net, "conv/kernel"),
            new float[0], 3, 3, 4, 1, 1, true);
        t = PlainForward.relu(PlainLayers.batchNorm(t, value(net, "bn/gamma"),
            value(net, "bn/beta"), mean, variance, 1e-3));
        t = PlainForward.maxPool(t, 2, 2, 2, 2, false);
        return PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
            value(net, "output/bias"), 3));
      }
      case "DenseBn": {
        Tensor t = PlainForward.dense(Tensor.of(x, 1, 1, 5), value(net, "hidden/kernel"),
            new float[0], 6);
        t = PlainForward.relu(PlainLayers.batchNorm(t, value(net, "bn/gamma"), null, mean,
            variance, 0.01));
        return PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
            value(net, "output/bias"), 3));
      }
      default: {
        Tensor t = PlainForward.relu(PlainForward.conv(Tensor.of(x, 5, 5, 2),
            value(net, "conv/kernel"), value(net, "conv/bias"), 2, 2, 3, 1, 1, false));
        t = PlainLayers.batchNorm(t, null, value(net, "bn/beta"), mean, variance, 1e-3);
        t = PlainLayers.globalPool(t, false);
        return PlainForward.softmax(PlainForward.dense(t, value(net, "output/kernel"),
            value(net, "output/bias"), 3));
      }
    }
  }

  @Test
  void summaryCountsTheMovingStatisticsAsNonTrainable() {
    GeneratedNetwork net = models.newNetwork("ConvBnRelu", 1);
    String summary = net.summary();
    assertTrue(summary.contains(" bn (BatchNormalization)     (None, 6, 6, 4)           16\n"),
        summary);
    // conv 72, bn 8 trained + 8 moving, output 36 * 3 + 3 = 111
    assertTrue(summary.contains("Total params: 199 (796.00 B)\n"
        + "Trainable params: 191 (764.00 B)\n"
        + "Non-trainable params: 8 (32.00 B)\n"), summary);
    assertEquals(191, net.parameterCount());
    assertTrue(net.architecture().contains("; bn BatchNormalization m0.99 e0.001 center scale "
        + "-> 6x6x4;"), net.architecture());
  }

  /** Random weights, gammas around 1 and positive moving variances. */
  private static void randomize(GeneratedNetwork net) {
    SplittableRandom r = new SplittableRandom(4);
    for (Parameter p : net.parameters()) {
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = (float) (r.nextDouble() - 0.5) + (p.name.endsWith("/gamma") ? 1f : 0f);
      }
    }
    for (Parameter p : net.nonTrainableWeights()) {
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = p.name.endsWith("variance") ? (float) (0.2 + r.nextDouble())
            : (float) (r.nextDouble() - 0.5);
      }
    }
    net.weightsChanged();
  }
}
