package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DepthwiseConv2D, SeparableConv2D and the 1D layers end to end: predictions against plain loops
 * written from Keras's definitions, {@code summary()} rows with Keras's parameter counts, save and
 * load, the inference export, and {@code @Prune} on every kernel. Their gradients are checked in
 * {@link GradientCheckTest} (with {@code @L1} on every kernel), their diagnostics in
 * {@link DiagnosticsTest}.
 */
class ConvLayersTest {
  private static ModelCompiler.Loaded models;

  @TempDir Path dir;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("Dw", "@Model(input = {7, 6, 3})", String.join("\n",
            "@DepthwiseConv2D(kernel = {3, 2}, depthMultiplier = 2, strides = {2, 1},",
            "    padding = SAME, activation = RELU) Layer dw();",
            "@Flatten Layer flatten();",
            "@Dense(units = 4, activation = SOFTMAX) DenseLayer output();")),
        model("Sep", "@Model(input = {6, 7, 2})", String.join("\n",
            "@SeparableConv2D(filters = 5, kernel = {3, 3}, depthMultiplier = 3,",
            "    strides = {1, 2}, padding = SAME, activation = RELU) Layer sep();",
            "@Flatten Layer flatten();",
            "@Dense(units = 4, activation = SOFTMAX) DenseLayer output();")),
        model("Seq", "@Model(input = {13, 3})", String.join("\n",
            "@Conv1D(filters = 4, kernel = 3, strides = 2, padding = SAME, activation = RELU)",
            "Layer conv();",
            "@MaxPooling1D(2) Layer pool();",
            "@AveragePooling1D(value = 2, strides = 1, padding = SAME) Layer avg();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("SeqGlobal", "@Model(input = {9, 2})", String.join("\n",
            "@Conv1D(filters = 5, kernel = 4, activation = RELU) Layer conv();",
            "@GlobalAveragePooling1D Layer gap();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("Pruned", "@Model(input = {8, 8, 4})", String.join("\n",
            "@DepthwiseConv2D(kernel = {3, 3}, activation = RELU)",
            "@Prune(initial = 0.5, target = 0.5, endStep = 10, frequency = 1) Layer dw();",
            "@SeparableConv2D(filters = 8, kernel = {3, 3}, depthMultiplier = 2,",
            "    activation = RELU)",
            "@Prune(initial = 0.5, target = 0.5, endStep = 10, frequency = 1) Layer sep();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("ChannelSeq", "@Model(input = {10, 4})", String.join("\n",
            "@Conv1D(filters = 6, kernel = 3, activation = RELU)",
            "@Prune(initial = 0.5, target = 0.5, endStep = 10, frequency = 1,",
            "    structure = Structure.CHANNELS) Layer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("PrunedSeq", "@Model(input = {10, 4})", String.join("\n",
            "@Conv1D(filters = 6, kernel = 3, activation = RELU)",
            "@Prune(initial = 0.5, target = 0.5, endStep = 10, frequency = 1) Layer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  private static GeneratedNetwork randomized(String model) {
    GeneratedNetwork net = models.newNetwork(model, 5);
    SplittableRandom r = new SplittableRandom(model.hashCode());
    for (Parameter p : net.parameters()) { // non-zero biases too, so that they are checked
      for (int i = 0; i < p.value.length; i++) {
        p.value[i] = (float) (r.nextDouble() - 0.5);
      }
    }
    net.weightsChanged();
    return net;
  }

  private static float[] input(GeneratedNetwork net, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return x;
  }

  private static float[] param(GeneratedNetwork net, String name) {
    for (Parameter p : net.parameters()) {
      if (p.name.equals(name)) {
        return p.value;
      }
    }
    throw new AssertionError(net.modelName() + " has no parameter " + name);
  }

  /** Keras's depthwise convolution, plain loops: output channel {@code ch * m + j}. */
  static PlainForward.Tensor depthwise(PlainForward.Tensor x, float[] kernel, float[] bias,
      int kh, int kw, int m, int sh, int sw, boolean same) {
    int oh = PlainForward.outputSize(x.h, kh, sh, same);
    int ow = PlainForward.outputSize(x.w, kw, sw, same);
    int top = PlainForward.padBefore(x.h, kh, sh, same);
    int left = PlainForward.padBefore(x.w, kw, sw, same);
    int cm = x.c * m;
    double[] y = new double[oh * ow * cm];
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        for (int ch = 0; ch < x.c; ch++) {
          for (int j = 0; j < m; j++) {
            double z = bias.length == 0 ? 0 : bias[ch * m + j];
            for (int ky = 0; ky < kh; ky++) {
              for (int kx = 0; kx < kw; kx++) {
                int iy = oy * sh + ky - top;
                int ix = ox * sw + kx - left;
                if (iy >= 0 && iy < x.h && ix >= 0 && ix < x.w) {
                  z += x.at(iy, ix, ch) * kernel[((ky * kw + kx) * x.c + ch) * m + j];
                }
              }
            }
            y[(oy * ow + ox) * cm + ch * m + j] = z;
          }
        }
      }
    }
    return new PlainForward.Tensor(y, oh, ow, cm);
  }

  /** A pointwise (1x1) convolution: a dense layer at every position. */
  static PlainForward.Tensor pointwise(PlainForward.Tensor x, float[] kernel, float[] bias,
      int filters) {
    double[] y = new double[x.h * x.w * filters];
    for (int p = 0; p < x.h * x.w; p++) {
      for (int f = 0; f < filters; f++) {
        double z = bias[f];
        for (int ch = 0; ch < x.c; ch++) {
          z += x.v[p * x.c + ch] * kernel[ch * filters + f];
        }
        y[p * filters + f] = z;
      }
    }
    return new PlainForward.Tensor(y, x.h, x.w, filters);
  }

  /** Average pooling along the steps (h = 1), padding not counted (TensorFlow). */
  static PlainForward.Tensor averagePool1d(PlainForward.Tensor x, int pool, int stride,
      boolean same) {
    int out = PlainForward.outputSize(x.w, pool, stride, same);
    int left = PlainForward.padBefore(x.w, pool, stride, same);
    double[] y = new double[out * x.c];
    for (int o = 0; o < out; o++) {
      for (int ch = 0; ch < x.c; ch++) {
        double sum = 0;
        int n = 0;
        for (int d = 0; d < pool; d++) {
          int i = o * stride + d - left;
          if (i >= 0 && i < x.w) {
            sum += x.at(0, i, ch);
            n++;
          }
        }
        y[o * x.c + ch] = sum / n;
      }
    }
    return new PlainForward.Tensor(y, 1, out, x.c);
  }

  private static void assertClose(double[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": outputs");
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], 1e-5, what + " output " + j);
    }
  }

  @Test
  void depthwiseConv2DPredictsAsKerasDefinesIt() {
    GeneratedNetwork net = randomized("Dw");
    for (int n = 0; n < 3; n++) {
      float[] x = input(net, n);
      PlainForward.Tensor t = depthwise(PlainForward.Tensor.of(x, 7, 6, 3),
          param(net, "dw/kernel"), param(net, "dw/bias"), 3, 2, 2, 2, 1, true);
      t = PlainForward.relu(t);
      t = PlainForward.dense(t, param(net, "output/kernel"), param(net, "output/bias"), 4);
      assertClose(PlainForward.softmax(t), net.predict(x), "Dw example " + n);
    }
  }

  @Test
  void separableConv2DIsDepthwiseThenPointwiseWithOneBias() {
    GeneratedNetwork net = randomized("Sep");
    for (int n = 0; n < 3; n++) {
      float[] x = input(net, n);
      PlainForward.Tensor t = depthwise(PlainForward.Tensor.of(x, 6, 7, 2),
          param(net, "sep/depthwise_kernel"), new float[0], 3, 3, 3, 1, 2, true);
      t = PlainForward.relu(pointwise(t, param(net, "sep/pointwise_kernel"),
          param(net, "sep/bias"), 5));
      t = PlainForward.dense(t, param(net, "output/kernel"), param(net, "output/bias"), 4);
      assertClose(PlainForward.softmax(t), net.predict(x), "Sep example " + n);
    }
  }

  @Test
  void conv1dAndTheSequencePoolingsPredictAsKerasDefinesThem() {
    GeneratedNetwork net = randomized("Seq");
    for (int n = 0; n < 3; n++) {
      float[] x = input(net, n);
      PlainForward.Tensor t = PlainForward.conv(PlainForward.Tensor.of(x, 1, 13, 3),
          param(net, "conv/kernel"), param(net, "conv/bias"), 1, 3, 4, 1, 2, true);
      t = PlainForward.maxPool(PlainForward.relu(t), 1, 2, 1, 2, false);
      t = averagePool1d(t, 2, 1, true);
      t = PlainForward.dense(t, param(net, "output/kernel"), param(net, "output/bias"), 3);
      assertClose(PlainForward.softmax(t), net.predict(x), "Seq example " + n);
    }
    GeneratedNetwork global = randomized("SeqGlobal");
    float[] x = input(global, 9);
    PlainForward.Tensor t = PlainForward.relu(PlainForward.conv(PlainForward.Tensor.of(x, 1, 9, 2),
        param(global, "conv/kernel"), param(global, "conv/bias"), 1, 4, 5, 1, 1, false));
    double[] mean = new double[5];
    for (int s = 0; s < t.w; s++) {
      for (int ch = 0; ch < 5; ch++) {
        mean[ch] += t.at(0, s, ch) / t.w;
      }
    }
    t = PlainForward.dense(new PlainForward.Tensor(mean, 1, 1, 5), param(global, "output/kernel"),
        param(global, "output/bias"), 3);
    assertClose(PlainForward.softmax(t), global.predict(x), "SeqGlobal");
  }

  @Test
  void summaryRowsCountParametersAsKeras() {
    String dw = models.newNetwork("Dw", 1).summary();
    // depthwise: kh*kw*cin*m + cin*m = 3*2*3*2 + 6
    assertRow(dw, "dw (DepthwiseConv2D)", "(None, 4, 6, 6)", "42");
    String sep = models.newNetwork("Sep", 1).summary();
    // separable: kh*kw*cin*m + cin*m*filters + filters = 3*3*2*3 + 6*5 + 5
    assertRow(sep, "sep (SeparableConv2D)", "(None, 6, 4, 5)", "89");
    String seq = models.newNetwork("Seq", 1).summary();
    assertRow(seq, "conv (Conv1D)", "(None, 7, 4)", "40");
    assertRow(seq, "pool (MaxPooling1D)", "(None, 3, 4)", "0");
    assertRow(seq, "avg (AveragePooling1D)", "(None, 3, 4)", "0");
    assertRow(seq, "flatten (Flatten)", "(None, 12)", "0");
    String global = models.newNetwork("SeqGlobal", 1).summary();
    // a name longer than its column wraps, as in Keras: "gap (GlobalAveragePooling" + "1D)"
    assertRow(global, "gap (GlobalAveragePooling", "(None, 5)", "0");
  }

  /** A summary line starting with {@code name} whose other cells are {@code shape} and {@code count}. */
  private static void assertRow(String summary, String name, String shape, String count) {
    for (String line : summary.split("\n")) {
      if (line.startsWith(" " + name)) {
        assertEquals(shape + " " + count, line.substring(29).trim().replaceAll(" {2,}", " "),
            summary);
        return;
      }
    }
    throw new AssertionError("no row " + name + " in\n" + summary);
  }

  @ParameterizedTest
  @ValueSource(strings = {"Dw", "Sep", "Seq", "SeqGlobal"})
  void savesLoadsAndExportsAsTheNetworkPredicts(String name) throws Exception {
    GeneratedNetwork net = randomized(name);
    File file = dir.resolve(name + ".topiary").toFile();
    net.save(file);
    GeneratedNetwork loaded = load(name, file);
    InferenceModel export = InferenceModel.of(net);
    File exportFile = dir.resolve(name + ".export").toFile();
    export.save(exportFile);
    InferenceModel reloaded = InferenceModel.load(exportFile);
    InferenceModel fromNetworkFile = InferenceModel.load(file);
    for (int n = 0; n < 4; n++) {
      float[] x = input(net, 100 + n);
      float[] expected = net.predict(x);
      assertArrayEquals(expected, loaded.predict(x), name + ": a loaded network is bit-exact");
      net.kernelMode(KernelMode.SPARSE); // Conv1D's kernel, SeparableConv2D's pointwise kernel
      float[] sparse = net.predict(x);
      net.kernelMode(KernelMode.AUTO);
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], sparse[j], 1e-5, name + " network SPARSE output " + j);
      }
      for (KernelMode mode : KernelMode.values()) {
        export.kernelMode(mode);
        float[] actual = export.predict(x);
        for (int j = 0; j < expected.length; j++) {
          assertEquals(expected[j], actual[j], 1e-5, name + " export " + mode + " output " + j);
        }
      }
      export.kernelMode(KernelMode.AUTO);
      assertArrayEquals(export.predict(x), reloaded.predict(x), "a loaded export is bit-exact");
      assertArrayEquals(export.predict(x), fromNetworkFile.predict(x), "the network's file");
    }
  }

  @Test
  void pruneActsOnEveryKernelAndTheFileKeepsTheZeros() throws Exception {
    for (String name : new String[] {"Pruned", "PrunedSeq"}) {
      GeneratedNetwork net = models.newNetwork(name, 3);
      assertEquals(name.equals("Pruned") ? 3 : 1, net.trainingRules().size(),
          name + ": one pruning per kernel (the separable layer has two)");
      for (TrainingRule rule : net.trainingRules()) {
        rule.beforeStep(); // step 1: the schedule's first update, to 50%
      }
      Map<String, Integer> zeros = new HashMap<>();
      for (Parameter p : net.parameters()) {
        if (p.name.endsWith("kernel") && !p.name.startsWith("output")) {
          int z = 0;
          for (float v : p.value) {
            z += v == 0f ? 1 : 0;
          }
          zeros.put(p.name, z);
          assertEquals(Math.round(0.5 * p.value.length), z, name + " " + p.name + " at 50%");
        }
      }
      assertEquals(name.equals("Pruned") ? 3 : 1, zeros.size(), zeros.toString());
      File file = dir.resolve(name + ".topiary").toFile();
      net.save(file);
      GeneratedNetwork loaded = load(name, file);
      for (Parameter p : loaded.parameters()) {
        assertArrayEquals(param(net, p.name), p.value, name + " " + p.name + " after load");
      }
      InferenceModel export = InferenceModel.of(net);
      float[] x = input(net, 7);
      float[] expected = net.predict(x);
      float[] actual = export.predict(x);
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], actual[j], 1e-5, name + " pruned export output " + j);
      }
    }
    GeneratedNetwork dw = models.newNetwork("Pruned", 3);
    for (TrainingRule rule : dw.trainingRules()) {
      rule.beforeStep();
    }
    WeightedLayer handle = (WeightedLayer) dw.layers().get(0);
    assertEquals(0.5, handle.sparsity(), 0.02, "the depthwise handle sees the pruned kernel");
    assertEquals(3 * 3, handle.kernelRows());
    assertEquals(4, handle.kernelColumns());
  }

  @Test
  void channelPrunedConv1dIsCompactedByTheExport() {
    GeneratedNetwork net = models.newNetwork("ChannelSeq", 3);
    for (TrainingRule rule : net.trainingRules()) {
      rule.beforeStep(); // 3 of the 6 filters, kernel columns and biases, zeroed
    }
    InferenceModel export = InferenceModel.of(net);
    assertEquals(3, export.unitsRemoved().get("conv"));
    assertTrue(export.architecture().contains("conv Conv1D 3 k3 s1 VALID RELU bias -> 8x3"),
        export.architecture());
    for (int n = 0; n < 3; n++) {
      float[] x = input(net, n);
      float[] expected = net.predict(x);
      float[] actual = export.predict(x);
      for (int j = 0; j < expected.length; j++) {
        assertEquals(expected[j], actual[j], 1e-5, "compacted export output " + j);
      }
    }
  }

  @Test
  void globalPruningReachesBothSeparableKernels() {
    GeneratedNetwork net = randomized("Sep");
    long[] zeroed = dev.topiary.runtime.prune.GlobalPruning.prune(net, 0.6);
    assertEquals(3, zeroed.length, "depthwise, pointwise and output kernels");
    long total = param(net, "sep/depthwise_kernel").length
        + param(net, "sep/pointwise_kernel").length + param(net, "output/kernel").length;
    assertEquals(Math.round(0.6 * total), zeroed[0] + zeroed[1] + zeroed[2]);
    assertTrue(zeroed[0] > 0 && zeroed[1] > 0, java.util.Arrays.toString(zeroed));
  }

  /**
   * Training through every new layer, with strict pruning of both separable kernels and the
   * depthwise one: a task only the convolutions can read (the class is the image quadrant, or
   * the sequence's half, that holds a bright patch) is learnt well above chance, and every pruned
   * kernel ends at its target.
   */
  @Test
  void trainsThroughTheNewLayersAndPrunesEveryKernel() {
    GeneratedNetwork image = models.newNetwork("Pruned", 11);
    Dataset quadrants = patches(image, 8, 8, 4, 3, 600, 1);
    Trainer.of(image).adam(0.01).batchSize(20).epochs(4).strictPruning(true).progress(false)
        .fit(quadrants);
    assertTrue(image.evaluate(patches(image, 8, 8, 4, 3, 300, 2)).accuracy() > 0.8,
        "Pruned learns where the patch is");
    for (Parameter p : image.parameters()) {
      if (!p.name.startsWith("output") && p.name.endsWith("kernel")) {
        int zeros = 0;
        for (float v : p.value) {
          zeros += v == 0f ? 1 : 0;
        }
        assertEquals(Math.round(0.5 * p.value.length), zeros, p.name + " after training");
      }
    }
    GeneratedNetwork sequence = models.newNetwork("SeqGlobal", 11);
    Trainer.of(sequence).adam(0.01).batchSize(20).epochs(6).progress(false)
        .fit(patches(sequence, 1, 9, 2, 3, 600, 3));
    assertTrue(sequence.evaluate(patches(sequence, 1, 9, 2, 3, 300, 4)).accuracy() > 0.7,
        "SeqGlobal learns where the bump is");
  }

  /**
   * Examples of {@code h x w x c} noise with a bright 2-wide patch (2x2 on images) in region
   * {@code label} of {@code classes} along the width (and the height's halves on images).
   */
  private static Dataset patches(GeneratedNetwork net, int h, int w, int c, int classes, int n,
      long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] x = new float[n * h * w * c];
    int[] y = new int[n];
    for (int e = 0; e < n; e++) {
      y[e] = r.nextInt(classes);
      int base = e * h * w * c;
      for (int i = 0; i < h * w * c; i++) {
        x[base + i] = (float) (r.nextDouble() * 0.4 - 0.2);
      }
      int region = w / classes;
      int px = y[e] * region + r.nextInt(Math.max(1, region - 1));
      int py = h == 1 ? 0 : r.nextInt(h - 1);
      for (int dy = 0; dy < (h == 1 ? 1 : 2); dy++) {
        for (int dx = 0; dx < 2; dx++) {
          for (int ch = 0; ch < c; ch++) {
            x[base + ((py + dy) * w + px + dx) * c + ch] += 1f;
          }
        }
      }
    }
    assertEquals(net.inputSize(), h * w * c);
    return Dataset.of(x, y, h * w * c);
  }

  private static GeneratedNetwork load(String model, File file) throws Exception {
    try {
      Object loaded = models.load("Topiary" + model).getMethod("load", File.class)
          .invoke(null, file);
      assertNotNull(loaded);
      return (GeneratedNetwork) loaded;
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
  }
}
