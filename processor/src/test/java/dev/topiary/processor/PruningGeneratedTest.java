package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.prune.KernelPruning;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.prune.GlobalPruning;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated networks with {@code @Prune}, trained by the runtime's {@link Trainer} past their
 * schedules' end: each pruned kernel ends with exactly the zeros its structure and target sparsity
 * call for (UNSTRUCTURED on a conv and a dense kernel, CHANNELS, 2:4), layers without
 * {@code @Prune} have none, and a saved and loaded network has the same weights bit for bit and
 * masks restored from its zeros, which keep holding when it is trained further. Also
 * {@link GlobalPruning} on a compiled network.
 */
class PruningGeneratedTest {
  private static final int BATCH = 8;
  private static final int EXAMPLES = 64;
  /** 8 steps per epoch: 32 steps, past every schedule's end. */
  private static final int EPOCHS = 4;
  private static final int END_STEP = 20;
  /** Mask updates at steps 5, 10, 15 and 20; the last one at the target. */
  private static final int FREQUENCY = 5;

  private static ModelCompiler.Loaded models;

  @TempDir
  Path dir;

  private static String prune(double initial, double target, String structure) {
    return "@Prune(initial = " + initial + ", target = " + target + ", beginStep = 0, endStep = "
        + END_STEP + ", frequency = " + FREQUENCY + structure + ")";
  }

  @BeforeAll
  static void compileModels() {
    String channels = ", structure = Structure.CHANNELS";
    String twoOfFour = ", structure = Structure.N_OF_M, n = 2, m = 4";
    models = ModelCompiler.compile(
        model("UnstructuredCnn", "@Model(input = {8, 8, 1})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, activation = RELU)",
            prune(0.5, 0.8, "") + " Conv2DLayer conv();",
            "@MaxPooling2D({2, 2}) Layer pool();",
            "@Flatten Layer flatten();",
            "@Dense(units = 8, activation = RELU) " + prune(0.2, 0.6, "") + " DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        // Not ReLU: a pruned channel's output is 0, where ReLU's gradient is 0 too, and the
        // masks would have nothing left to hold.
        model("ChannelPruned", "@Model(input = {6, 6, 1})", String.join("\n",
            "@Conv2D(filters = 5, kernel = {3, 3})",
            prune(0.2, 0.4, channels) + " Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 10, activation = LEAKY_RELU)",
            prune(0.3, 0.6, channels) + " DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("TwoOfFour", "@Model(input = {5, 5, 2})", String.join("\n",
            "@Conv2D(filters = 3, kernel = {2, 2}, activation = RELU)", // rows 2 * 2 * 2 = 8
            prune(0.5, 0.5, twoOfFour) + " Conv2DLayer conv();",
            "@Flatten Layer flatten();", // 4 * 4 * 3 = 48 rows for the dense kernel
            "@Dense(units = 6, activation = RELU) " + prune(0.5, 0.5, twoOfFour),
            "DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")),
        model("Unpruned", "@Model(input = {6, 6, 1})", String.join("\n",
            "@Conv2D(filters = 4, kernel = {3, 3}, activation = RELU) Conv2DLayer conv();",
            "@Flatten Layer flatten();",
            "@Dense(units = 8, activation = RELU) DenseLayer hidden();",
            "@Dense(units = 3, activation = SOFTMAX) DenseLayer output();")));
  }

  @Test
  void unstructuredKernelsEndWithExactlyTheTargetShareOfZeros() throws Exception {
    GeneratedNetwork net = trained("UnstructuredCnn", false);
    assertEquals(Math.round(0.8 * 36), zeros(kernel(net, "conv")), "conv: 80% of 3x3x1x4");
    assertEquals(Math.round(0.6 * 288), zeros(kernel(net, "hidden")), "hidden: 60% of 36x8");
    assertNoZeros(net, "output");
    assertSurvivesSaveLoadAndFurtherTraining(net, "UnstructuredCnn");
  }

  @Test
  void sparseInferenceKernelsPredictWhatTheDenseOnesDo() {
    GeneratedNetwork net = trained("UnstructuredCnn", false);
    java.util.SplittableRandom r = new java.util.SplittableRandom(3);
    int n = 7;
    float[] x = new float[n * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextDouble() < 0.5 ? 0f : (float) r.nextDouble();
    }
    float[][] byMode = new float[3][];
    dev.topiary.runtime.KernelMode[] modes = dev.topiary.runtime.KernelMode.values();
    for (int k = 0; k < modes.length; k++) {
      net.kernelMode(modes[k]);
      float[] batch = new float[n * net.outputSize()];
      net.predict(x, n, batch);
      for (int i = 0; i < n; i++) { // one at a time too: the batch-1 path
        float[] one = net.predict(java.util.Arrays.copyOfRange(x, i * net.inputSize(),
            (i + 1) * net.inputSize()));
        for (int j = 0; j < one.length; j++) {
          assertEquals(batch[i * net.outputSize() + j], one[j], 1e-5, modes[k] + " batch vs one");
        }
      }
      byMode[k] = batch;
    }
    for (int k = 1; k < modes.length; k++) {
      for (int i = 0; i < byMode[0].length; i++) {
        assertEquals(byMode[0][i], byMode[k][i], 1e-5, modes[k] + " vs " + modes[0] + " at " + i);
      }
    }
  }

  @Test
  void strictVariantEndsWithTheSameCounts() {
    GeneratedNetwork net = trained("UnstructuredCnn", true);
    assertEquals(Math.round(0.8 * 36), zeros(kernel(net, "conv")));
    assertEquals(Math.round(0.6 * 288), zeros(kernel(net, "hidden")));
    assertNoZeros(net, "output");
  }

  @Test
  void channelPruningZeroesWholeOutputColumnsAndTheirBiases() throws Exception {
    GeneratedNetwork net = trained("ChannelPruned", false);
    assertPrunedChannels(net, "conv", 9, 5, Math.round(0.4 * 5));
    assertPrunedChannels(net, "hidden", 80, 10, Math.round(0.6 * 10));
    assertNoZeros(net, "output");
    assertSurvivesSaveLoadAndFurtherTraining(net, "ChannelPruned");
  }

  @Test
  void twoOfFourKeepsAtMostTwoOfEveryFourWeightsAlongTheInputs() throws Exception {
    GeneratedNetwork net = trained("TwoOfFour", false);
    assertTwoOfFour(net, "conv", 8, 3);
    assertTwoOfFour(net, "hidden", 48, 6);
    assertNoZeros(net, "output");
    assertSurvivesSaveLoadAndFurtherTraining(net, "TwoOfFour");
  }

  @Test
  void globalPruningZeroesTheSmallestWeightsOfAllKernelsTogetherAndNoBias() {
    GeneratedNetwork net = models.newNetwork("Unpruned", 5);
    SplittableRandom rng = new SplittableRandom(6);
    List<float[]> before = new ArrayList<>();
    for (Parameter p : net.parameters()) {
      if (p.name.endsWith("/bias")) {
        for (int i = 0; i < p.size(); i++) {
          p.value[i] = (float) (rng.nextDouble() * 0.01 + 1e-4); // smaller than any kernel weight
        }
      }
      before.add(p.value.clone());
    }
    long[] counts = GlobalPruning.prune(net, 0.8);

    int total = 0;
    int zeros = 0;
    double largestPruned = 0;
    double smallestKept = Double.POSITIVE_INFINITY;
    List<Long> perKernel = new ArrayList<>();
    Parameter[] params = net.parameters().toArray(new Parameter[0]);
    for (int k = 0; k < params.length; k++) {
      Parameter p = params[k];
      if (p.name.endsWith("/bias")) {
        assertArrayEquals(before.get(k), p.value, p.name + " must be untouched");
        continue;
      }
      long kernelZeros = 0;
      for (int i = 0; i < p.size(); i++) {
        double magnitude = Math.abs(before.get(k)[i]);
        if (p.value[i] == 0f) {
          kernelZeros++;
          largestPruned = Math.max(largestPruned, magnitude);
        } else {
          assertEquals(before.get(k)[i], p.value[i], p.name + "[" + i + "] kept must be unchanged");
          smallestKept = Math.min(smallestKept, magnitude);
        }
      }
      perKernel.add(kernelZeros);
      total += p.size();
      zeros += (int) kernelZeros;
    }
    assertEquals(Math.round(0.8 * total), zeros, "80% of all " + total + " kernel weights");
    assertTrue(largestPruned <= smallestKept, "one threshold for all kernels: pruned |w| up to "
        + largestPruned + ", kept from " + smallestKept);
    assertEquals(perKernel, Arrays.stream(counts).boxed().toList(), "the counts per layer");
  }

  /** A fresh {@code Topiary<model>}, trained on random data past its schedules' end. */
  private static GeneratedNetwork trained(String model, boolean strict) {
    GeneratedNetwork net = models.newNetwork(model, 3);
    Trainer trainer = Trainer.of(net).adam(0.01).batchSize(BATCH).epochs(EPOCHS)
        .strictPruning(strict).progress(false);
    trainer.fit(data(net, EXAMPLES, 4));
    assertTrue(trainer.optimizer().iterations() > END_STEP,
        "trained " + trainer.optimizer().iterations() + " steps, not past " + END_STEP);
    assertEquals(2, prunings(net).length, model + ": a KernelPruning per @Prune layer");
    return net;
  }

  /**
   * Saves {@code net}, loads it with the generated {@code load(File)}, and checks that the weights
   * are the same bit for bit and the masks were restored from the kernels' zeros; then trains the
   * loaded network for fewer steps than the schedule's frequency and checks that the pruned
   * weights are still zero; then for three more mask updates, after which each kernel is still
   * as sparse as in the file (a loaded network counts its steps from 1 again, and its masks,
   * recomputed from the current magnitudes as tfmot does, never become less sparse than the
   * file's).
   */
  private void assertSurvivesSaveLoadAndFurtherTraining(GeneratedNetwork net, String model)
      throws Exception {
    File file = dir.resolve(model + ".topiary").toFile();
    net.save(file);
    GeneratedNetwork loaded = load(model, file);
    Parameter[] expected = net.parameters().toArray(new Parameter[0]);
    Parameter[] actual = loaded.parameters().toArray(new Parameter[0]);
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].name, actual[i].name);
      assertArrayEquals(bits(expected[i].value), bits(actual[i].value),
          model + " " + expected[i].name + " after load");
    }
    try (InputStream in = new FileInputStream(file)) {
      Parameter[] streamed = loadFromStream(model, in).parameters().toArray(new Parameter[0]);
      for (int i = 0; i < expected.length; i++) {
        assertArrayEquals(bits(expected[i].value), bits(streamed[i].value),
            model + " " + expected[i].name + " after load(InputStream)");
      }
    }
    for (int i = 0; i < prunings(net).length; i++) {
      KernelPruning before = prunings(net)[i];
      KernelPruning after = prunings(loaded)[i];
      assertArrayEquals(before.kernelMask(), after.kernelMask(), before.layer() + " kernel mask");
      if (before.biasMask() != null) {
        assertArrayEquals(before.biasMask(), after.biasMask(), before.layer() + " bias mask");
      }
    }

    Map<String, float[]> saved = new HashMap<>();
    for (Parameter p : actual) {
      saved.put(p.name, p.value.clone());
    }
    Trainer further = Trainer.of(loaded).adam(0.1).batchSize(BATCH).epochs(1).progress(false);
    further.fit(data(loaded, (FREQUENCY - 1) * BATCH, 9));
    assertEquals(FREQUENCY - 1, further.optimizer().iterations());
    for (int k = 0; k < prunings(loaded).length; k++) {
      KernelPruning original = prunings(net)[k];
      KernelPruning pruning = prunings(loaded)[k];
      assertStillPruned(model, pruning.kernel(), original.kernelMask(), saved);
      if (pruning.bias() != null) {
        assertStillPruned(model, pruning.bias(), original.biasMask(), saved);
      }
    }
    Trainer.of(loaded).adam(0.1).batchSize(BATCH).epochs(1).progress(false)
        .fit(data(loaded, 3 * FREQUENCY * BATCH, 10));
    for (int k = 0; k < prunings(loaded).length; k++) {
      Parameter kernel = prunings(loaded)[k].kernel();
      assertEquals(zeros(saved.get(kernel.name)), zeros(kernel.value),
          model + " " + kernel.name + ": zeros after three more mask updates");
    }
  }


  /**
   * Masked entries of {@code p} are still 0, although the last step's gradient of some of them
   * was not (tfmot semantics: only the mask, re-applied, holds them), and kept ones moved.
   */
  private static void assertStillPruned(String model, Parameter p, float[] mask,
      Map<String, float[]> before) {
    float[] old = before.get(p.name);
    int pushed = 0;
    int moved = 0;
    for (int i = 0; i < old.length; i++) {
      if (mask[i] == 0f) {
        assertEquals(0f, p.value[i], model + " " + p.name + "[" + i + "] was pruned");
        pushed += p.grad[i] != 0f ? 1 : 0;
      } else {
        moved += p.value[i] != old[i] ? 1 : 0;
      }
    }
    assertTrue(pushed > 0 && moved > 0, model + " " + p.name + ": " + pushed + " pruned weights "
        + "had a gradient and " + moved + " kept ones moved, so the check proves little");
  }

  private static GeneratedNetwork loadFromStream(String model, InputStream in) throws Exception {
    try {
      return (GeneratedNetwork) models.load("Topiary" + model).getMethod("load",
          InputStream.class).invoke(null, in);
    } catch (InvocationTargetException e) {
      throw (Exception) e.getCause();
    }
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

  /**
   * CHANNELS: exactly {@code pruned} of the kernel's {@code cols} output columns are all zero,
   * with their biases; every other column holds no zero.
   */
  private static void assertPrunedChannels(GeneratedNetwork net, String layer, int rows,
      int cols, long pruned) {
    float[] w = kernel(net, layer);
    float[] b = parameter(net, layer + "/bias").value;
    assertEquals(rows * cols, w.length, layer + " kernel size");
    int zeroColumns = 0;
    for (int c = 0; c < cols; c++) {
      int columnZeros = 0;
      for (int r = 0; r < rows; r++) {
        columnZeros += w[r * cols + c] == 0f ? 1 : 0;
      }
      String where = layer + " column " + c;
      assertTrue(columnZeros == 0 || columnZeros == rows,
          where + " is partly pruned: " + columnZeros + " of " + rows + " zeros");
      if (columnZeros == rows) {
        zeroColumns++;
        assertEquals(0f, b[c], where + " is pruned, so its bias must be 0");
      }
    }
    assertEquals(pruned, zeroColumns, layer + ": channels pruned");
  }

  /**
   * N_OF_M with n = 2, m = 4: in each column, every group of 4 consecutive rows (the input
   * dimension) holds at most 2 non-zeros, so exactly half of the kernel is zero.
   */
  private static void assertTwoOfFour(GeneratedNetwork net, String layer, int rows, int cols) {
    float[] w = kernel(net, layer);
    assertEquals(rows * cols, w.length, layer + " kernel size");
    for (int c = 0; c < cols; c++) {
      for (int g = 0; g < rows / 4; g++) {
        int nonZeros = 0;
        for (int r = 4 * g; r < 4 * g + 4; r++) {
          nonZeros += w[r * cols + c] != 0f ? 1 : 0;
        }
        assertTrue(nonZeros <= 2, layer + " column " + c + " rows " + 4 * g + ".." + (4 * g + 3)
            + " hold " + nonZeros + " non-zeros");
      }
    }
    assertEquals(w.length / 2, zeros(w), layer + ": 2 of every 4 weights pruned");
  }

  private static void assertNoZeros(GeneratedNetwork net, String layer) {
    assertEquals(0, zeros(kernel(net, layer)), layer + " has no @Prune, so no zero weights");
  }

  /** Random features in [-1, 1] and random labels for {@code net}. */
  private static Dataset data(GeneratedNetwork net, int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n * net.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(net.outputSize());
    }
    return Dataset.of(x, y, net.inputSize());
  }

  private static float[] kernel(GeneratedNetwork net, String layer) {
    return parameter(net, layer + "/kernel").value;
  }

  private static Parameter parameter(GeneratedNetwork net, String name) {
    return net.parameters().stream().filter(p -> p.name.equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(net.modelName() + " has no parameter " + name));
  }

  private static int zeros(float[] w) {
    int n = 0;
    for (float v : w) {
      n += v == 0f ? 1 : 0;
    }
    return n;
  }

  private static int[] bits(float[] v) {
    int[] bits = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      bits[i] = Float.floatToRawIntBits(v[i]);
    }
    return bits;
  }

  /** The network's pruning rules, in layer order. */
  private static KernelPruning[] prunings(Network net) {
    return net.trainingRules().stream().filter(r -> r instanceof KernelPruning)
        .map(r -> (KernelPruning) r).toArray(KernelPruning[]::new);
  }
}
