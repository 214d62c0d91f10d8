package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.Parameter;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.FMatrixRMaj;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs generated networks compiled from source: predictions are probabilities and match a plain
 * forward pass computed from the layers' weights, misuse is rejected with a clear message,
 * weights come from the seed as Keras initialises them, and the layer handles describe the
 * declared layers. Expected values come from the model declarations, never from a previous run.
 */
class GeneratedNetworkRunTest {
  // Small: conv (VALID, RELU) -> 2x2 max pooling -> flatten -> dense RELU -> dense SOFTMAX.
  private static final int H = 8, W = 8, C = 1, FILTERS = 4, K = 3, HIDDEN = 5, CLASSES = 3;
  private static final int CONV_H = H - K + 1, CONV_W = W - K + 1;
  private static final int POOL_H = CONV_H / 2, POOL_W = CONV_W / 2;
  private static final int FLAT = POOL_H * POOL_W * FILTERS;

  // Strided: conv and pooling with SAME padding that is 1 above and 0 left of the input,
  // unequal kernel sizes and strides, no bias, on 3 channels.
  private static final int S_H = 9, S_W = 7, S_C = 3, S_FILTERS = 5, S_KH = 3, S_KW = 2,
      S_SH = 2, S_SW = 3, S_PH = 3, S_PW = 2, S_CLASSES = 2;

  // Vector: Dense layers without bias on a rank-1 input.
  private static final int V_IN = 7, V_HIDDEN = 4, V_CLASSES = 2;

  /** Agreement of float network outputs with the double reference. */
  private static final double TOLERANCE = 1e-5;

  private static ModelCompiler.Loaded models;

  @BeforeAll
  static void compileModels() {
    models = ModelCompiler.compile(
        model("Small", "@Model(input = {" + H + ", " + W + ", " + C + "})", String.join("\n",
            "@Conv2D(filters = " + FILTERS + ", kernel = {" + K + ", " + K + "}, "
                + "activation = RELU) Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = " + HIDDEN + ", activation = RELU) DenseLayer hidden();",
            "@Dense(units = " + CLASSES + ", activation = SOFTMAX) DenseLayer output();")),
        model("Strided", "@Model(input = {" + S_H + ", " + S_W + ", " + S_C + "})",
            String.join("\n",
                "@Conv2D(filters = " + S_FILTERS + ", kernel = {" + S_KH + ", " + S_KW + "}, "
                    + "strides = {" + S_SH + ", " + S_SW + "}, padding = SAME, useBias = false)",
                "Conv2DLayer conv();",
                "@MaxPooling2D(value = {" + S_PH + ", " + S_PW + "}, strides = {1, 1}, "
                    + "padding = SAME) Layer pool();",
                "@Flatten Layer flatten();",
                "@Dense(units = " + S_CLASSES + ", activation = SOFTMAX) DenseLayer output();")),
        model("Vector", "@Model(input = {" + V_IN + "})", String.join("\n",
            "@Dense(units = " + V_HIDDEN + ", useBias = false) DenseLayer hidden();",
            "@Dense(units = " + V_CLASSES + ", activation = SOFTMAX, useBias = false)",
            "DenseLayer output();")));
  }

  private static GeneratedNetwork small(long seed) {
    return models.newNetwork("Small", seed);
  }

  /** The handle a layer method of the model interface returns. */
  private static <T extends Layer> T layer(GeneratedNetwork net, String method, Class<T> type) {
    try {
      return type.cast(net.getClass().getMethod(method).invoke(net));
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(method + "()", e);
    }
  }

  private static float[] random(SplittableRandom rng, int size) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return v;
  }

  /** Gives every bias a random value: they start at zero, which would hide a misplaced bias. */
  private static void randomizeBiases(GeneratedNetwork net, SplittableRandom rng) {
    for (Parameter p : net.parameters()) {
      if (p.name.endsWith("/bias")) {
        System.arraycopy(random(rng, p.size()), 0, p.value, 0, p.size());
      }
    }
  }

  @Test
  void predictReturnsProbabilitiesThatSumToOne() {
    GeneratedNetwork net = small(1);
    SplittableRandom rng = new SplittableRandom(2);
    for (int n = 0; n < 20; n++) {
      float[] p = net.predict(random(rng, net.inputSize()));
      assertEquals(CLASSES, p.length);
      double sum = 0;
      for (float v : p) {
        assertTrue(v >= 0 && v <= 1, "probability " + v);
        sum += v;
      }
      assertEquals(1, sum, TOLERANCE);
    }
  }

  @Test
  void predictMatchesAPlainForwardPassOverTheLayersWeights() {
    GeneratedNetwork net = small(3);
    SplittableRandom rng = new SplittableRandom(4);
    randomizeBiases(net, rng);
    Conv2DLayer conv = layer(net, "conv", Conv2DLayer.class);
    DenseLayer hidden = layer(net, "hidden", DenseLayer.class);
    DenseLayer output = layer(net, "output", DenseLayer.class);
    for (int n = 0; n < 10; n++) {
      float[] x = random(rng, H * W * C);
      PlainForward.Tensor t = PlainForward.Tensor.of(x, H, W, C);
      t = PlainForward.relu(PlainForward.conv(t, conv.kernel(), conv.bias(), K, K, FILTERS, 1,
          1, false));
      t = PlainForward.maxPool(t, 2, 2, 2, 2, false);
      t = PlainForward.relu(PlainForward.dense(t, hidden.kernel(), hidden.bias(), HIDDEN));
      t = PlainForward.dense(t, output.kernel(), output.bias(), CLASSES);
      assertProbabilities(PlainForward.softmax(t), net.predict(x), "Small example " + n);
    }
  }

  @Test
  void predictMatchesAPlainForwardPassWithSamePaddingAndStrides() {
    // The point of this model: padding differs above and to the left, for conv and pooling.
    assertNotEquals(PlainForward.padBefore(S_H, S_KH, S_SH, true),
        PlainForward.padBefore(S_W, S_KW, S_SW, true));
    assertNotEquals(PlainForward.padBefore(S_H, S_PH, 1, true),
        PlainForward.padBefore(S_W, S_PW, 1, true));
    GeneratedNetwork net = models.newNetwork("Strided", 14);
    SplittableRandom rng = new SplittableRandom(15);
    randomizeBiases(net, rng);
    Conv2DLayer conv = layer(net, "conv", Conv2DLayer.class);
    DenseLayer output = layer(net, "output", DenseLayer.class);
    for (int n = 0; n < 10; n++) {
      float[] x = random(rng, S_H * S_W * S_C);
      PlainForward.Tensor t = PlainForward.Tensor.of(x, S_H, S_W, S_C);
      t = PlainForward.conv(t, conv.kernel(), conv.bias(), S_KH, S_KW, S_FILTERS, S_SH, S_SW,
          true);
      t = PlainForward.maxPool(t, S_PH, S_PW, 1, 1, true);
      t = PlainForward.dense(t, output.kernel(), output.bias(), S_CLASSES);
      assertProbabilities(PlainForward.softmax(t), net.predict(x), "Strided example " + n);
    }
  }

  private static void assertProbabilities(double[] expected, float[] actual, String where) {
    assertEquals(expected.length, actual.length, where);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], TOLERANCE, where + ", class " + j);
    }
  }

  @Test
  void predictingManyExamplesAgreesWithOneAtATime() {
    // 300 examples cross the evaluation batch of 256, so the second batch starts at an offset.
    GeneratedNetwork net = small(5);
    SplittableRandom rng = new SplittableRandom(6);
    randomizeBiases(net, rng);
    int count = 300;
    float[] examples = random(rng, count * net.inputSize());
    float[] out = new float[count * CLASSES];
    net.predict(examples, count, out);
    for (int n = 0; n < count; n++) {
      float[] one = new float[net.inputSize()];
      System.arraycopy(examples, n * net.inputSize(), one, 0, one.length);
      float[] p = net.predict(one);
      for (int j = 0; j < CLASSES; j++) {
        assertEquals(p[j], out[n * CLASSES + j], 1e-6, "example " + n + ", class " + j);
      }
    }
  }

  @Test
  void predictOnAWrongLengthSaysWhatItExpectedAndFound() {
    GeneratedNetwork net = small(7);
    int expected = H * W * C;
    for (int found : new int[] {expected - 1, expected + 1, 0}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> net.predict(new float[found]));
      String message = e.getMessage();
      assertTrue(message.contains(H + "x" + W + "x" + C), message);
      assertTrue(message.contains("expected") && message.contains(String.valueOf(expected)),
          message);
      assertTrue(message.contains("found " + found), message);
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
    Parameter[] a = small(42).parameters().toArray(new Parameter[0]);
    Parameter[] b = small(42).parameters().toArray(new Parameter[0]);
    Parameter[] c = small(43).parameters().toArray(new Parameter[0]);
    assertEquals(a.length, b.length);
    boolean anyDifferent = false;
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i].name, b[i].name);
      assertArrayEquals(a[i].value, b[i].value, a[i].name);
      if (a[i].name.endsWith("/kernel")) {
        assertFalse(Arrays.equals(a[i].value, c[i].value), a[i].name + " ignores the seed");
        anyDifferent = true;
      }
    }
    assertTrue(anyDifferent);
  }

  @Test
  void kernelsAreGlorotUniformAndBiasesZero() {
    // Keras: limit = sqrt(6 / (fanIn + fanOut)); a conv's fans include the receptive field.
    GeneratedNetwork net = small(8);
    checkGlorot(layer(net, "conv", Conv2DLayer.class), K * K * C, K * K * FILTERS);
    checkGlorot(layer(net, "hidden", DenseLayer.class), FLAT, HIDDEN);
    checkGlorot(layer(net, "output", DenseLayer.class), HIDDEN, CLASSES);
  }

  private static void checkGlorot(WeightedLayer layer, int fanIn, int fanOut) {
    double limit = Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = layer.kernel();
    double max = 0;
    double sum = 0;
    for (float v : w) {
      assertTrue(Math.abs(v) <= limit, layer.name() + ": " + v + " outside +-" + limit);
      max = Math.max(max, Math.abs(v));
      sum += v;
    }
    // A uniform draw of n values reaches beyond 1 - 2/n of the limit, and its mean is ~0.
    assertTrue(max > limit * (1 - 4.0 / w.length), layer.name() + ": max |w| " + max
        + " is far below the limit " + limit + "; a smaller range was used");
    assertTrue(Math.abs(sum / w.length) < limit * 3 / Math.sqrt(3.0 * w.length),
        layer.name() + ": mean " + sum / w.length + " is not centred");
    for (float b : layer.bias()) {
      assertEquals(0f, b, layer.name() + " bias");
    }
  }

  @Test
  void parameterCountFollowsTheLayerFormulas() {
    long conv = (long) K * K * C * FILTERS + FILTERS;
    long hidden = (long) FLAT * HIDDEN + HIDDEN;
    long output = (long) HIDDEN * CLASSES + CLASSES;
    GeneratedNetwork net = small(9);
    assertEquals(conv, layer(net, "conv", Conv2DLayer.class).parameterCount());
    assertEquals(0, layer(net, "pool", Layer.class).parameterCount());
    assertEquals(hidden, layer(net, "hidden", DenseLayer.class).parameterCount());
    assertEquals(conv + hidden + output, net.parameterCount());

    long strided = (long) S_KH * S_KW * S_C * S_FILTERS // no bias; SAME pooling keeps the size
        + (long) PlainForward.outputSize(S_H, S_KH, S_SH, true) * PlainForward.outputSize(S_W, S_KW, S_SW, true) * S_FILTERS * S_CLASSES
        + S_CLASSES;
    assertEquals(strided, models.newNetwork("Strided", 1).parameterCount());
    assertEquals((long) V_IN * V_HIDDEN + (long) V_HIDDEN * V_CLASSES,
        models.newNetwork("Vector", 1).parameterCount());
  }

  @Test
  void layerHandlesDescribeTheDeclaredLayers() {
    GeneratedNetwork net = small(10);
    assertEquals("Small", net.modelName());
    assertArrayEquals(new int[] {H, W, C}, net.inputShape());
    assertEquals(H * W * C, net.inputSize());
    assertEquals(CLASSES, net.outputSize());

    Conv2DLayer conv = layer(net, "conv", Conv2DLayer.class);
    assertEquals("conv", conv.name());
    assertEquals("Conv2D", conv.type());
    assertEquals(FILTERS, conv.filters());
    assertEquals(K, conv.kernelHeight());
    assertEquals(K, conv.kernelWidth());
    assertEquals(C, conv.inputChannels());
    assertArrayEquals(new int[] {CONV_H, CONV_W, FILTERS}, conv.outputShape());
    Layer pool = layer(net, "pool", Layer.class);
    assertEquals("MaxPooling2D", pool.type());
    assertArrayEquals(new int[] {POOL_H, POOL_W, FILTERS}, pool.outputShape());
    assertArrayEquals(new int[] {FLAT}, layer(net, "flatten", Layer.class).outputShape());
    DenseLayer hidden = layer(net, "hidden", DenseLayer.class);
    assertEquals(FLAT, hidden.inputSize());
    assertEquals(HIDDEN, hidden.units());
    assertArrayEquals(new int[] {HIDDEN}, hidden.outputShape());

    List<Layer> layers = net.layers();
    String[] methods = {"conv", "pool", "flatten", "hidden", "output"};
    assertEquals(methods.length, layers.size());
    for (int i = 0; i < methods.length; i++) {
      assertSame(layer(net, methods[i], Layer.class), layers.get(i), methods[i]);
    }
  }

  @Test
  void stridedSameConvolutionHasTensorFlowsOutputShapeAndNoBias() {
    GeneratedNetwork net = models.newNetwork("Strided", 11);
    Conv2DLayer conv = layer(net, "conv", Conv2DLayer.class);
    assertArrayEquals(new int[] {PlainForward.outputSize(S_H, S_KH, S_SH, true), PlainForward.outputSize(S_W, S_KW, S_SW, true), S_FILTERS},
        conv.outputShape());
    assertEquals(S_KH, conv.kernelHeight());
    assertEquals(S_KW, conv.kernelWidth());
    assertEquals(S_C, conv.inputChannels());
    assertEquals(0, conv.bias().length);
    assertEquals(S_KH * S_KW * S_C * S_FILTERS, conv.kernel().length);
  }

  @Test
  void kernelRowsAndColumnsShapeTheKernelAsInputsByOutputs() {
    GeneratedNetwork net = small(12);
    for (String name : new String[] {"conv", "hidden", "output"}) {
      WeightedLayer layer = layer(net, name, WeightedLayer.class);
      float[] kernel = layer.kernel();
      FMatrixRMaj m = new FMatrixRMaj(layer.kernelRows(), layer.kernelColumns(), true, kernel);
      int cols = layer instanceof DenseLayer ? ((DenseLayer) layer).units()
          : ((Conv2DLayer) layer).filters();
      assertEquals(cols, m.numCols, name);
      assertEquals(kernel.length / cols, m.numRows, name);
      for (int r = 0; r < m.numRows; r++) {
        for (int c = 0; c < m.numCols; c++) {
          assertEquals(kernel[r * cols + c], m.get(r, c), name + "[" + r + "][" + c + "]");
        }
      }
      m.set(0, 0, 99f);
      kernel[1] = 99f;
      assertFalse(layer.kernel()[0] == 99f, name + ": the matrix shares the kernel");
      assertFalse(layer.kernel()[1] == 99f, name + ": kernel() is not a copy");
    }
    DenseLayer vectorOutput = layer(models.newNetwork("Vector", 13), "output", DenseLayer.class);
    assertEquals(0, vectorOutput.bias().length);
    assertEquals(V_HIDDEN, vectorOutput.inputSize());
  }
}
