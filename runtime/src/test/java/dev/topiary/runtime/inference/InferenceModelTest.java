package dev.topiary.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.io.ModelFile;
import dev.topiary.runtime.io.ModelFileException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exports built from model files of a small CNN with channel-pruned layers, checked against a
 * plain-loop forward pass of the uncompacted network.
 */
class InferenceModelTest {
  /** input 6x6x2, SAME conv with 4 filters, 2x2 pool, flatten, LeakyReLU, Dense 5, Dense 3. */
  static final String ARCH = "input 6x6x2; conv Conv2D 4 k3x3 s1x1 SAME RELU bias -> 6x6x4; "
      + "pool MaxPooling2D p2x2 s2x2 VALID -> 3x3x4; flatten Flatten -> 36; "
      + "leaky LeakyReLU a0.2 -> 36; hidden Dense 5 RELU bias -> 5; "
      + "output Dense 3 SOFTMAX bias -> 3";
  static final int FILTERS = 4;
  static final int HIDDEN = 5;

  @TempDir Path dir;

  /** Random weights with conv filters 1 and 3 and hidden unit 2 pruned away (column and bias). */
  static float[][] weights(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] convK = random(r, 3 * 3 * 2 * FILTERS);
    float[] convB = random(r, FILTERS);
    float[] hidK = random(r, 36 * HIDDEN);
    float[] hidB = random(r, HIDDEN);
    float[] outK = random(r, HIDDEN * 3);
    float[] outB = random(r, 3);
    for (int f : new int[] {1, 3}) {
      for (int i = f; i < convK.length; i += FILTERS) {
        convK[i] = 0;
      }
      convB[f] = 0;
    }
    for (int i = 2; i < hidK.length; i += HIDDEN) {
      hidK[i] = 0;
    }
    hidB[2] = 0;
    return new float[][] {convK, convB, hidK, hidB, outK, outB};
  }

  static float[] random(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return v;
  }

  File modelFile(float[][] w) throws IOException {
    return modelFile(w, ARCH);
  }

  File modelFile(float[][] w, String arch) throws IOException {
    File f = dir.resolve("small.topiary").toFile();
    String[] names = {"conv/kernel", "conv/bias", "hidden/kernel", "hidden/bias", "output/kernel",
        "output/bias"};
    Parameter[] params = new Parameter[names.length];
    for (int i = 0; i < names.length; i++) {
      params[i] = Parameter.stored(names[i], w[i]);
    }
    ModelFile.write(f, "Small", arch, params);
    return f;
  }

  /** The uncompacted network by plain loops, in double. */
  static double[] reference(float[][] w, float[] x) {
    double[] conv = new double[6 * 6 * FILTERS];
    for (int y = 0; y < 6; y++) {
      for (int xx = 0; xx < 6; xx++) {
        for (int f = 0; f < FILTERS; f++) {
          double s = w[1][f];
          for (int ky = 0; ky < 3; ky++) {
            for (int kx = 0; kx < 3; kx++) {
              int iy = y + ky - 1;
              int ix = xx + kx - 1;
              if (iy < 0 || iy >= 6 || ix < 0 || ix >= 6) {
                continue;
              }
              for (int c = 0; c < 2; c++) {
                s += x[(iy * 6 + ix) * 2 + c] * (double) w[0][((ky * 3 + kx) * 2 + c) * FILTERS + f];
              }
            }
          }
          conv[(y * 6 + xx) * FILTERS + f] = Math.max(s, 0);
        }
      }
    }
    double[] flat = new double[36];
    for (int py = 0; py < 3; py++) {
      for (int px = 0; px < 3; px++) {
        for (int f = 0; f < FILTERS; f++) {
          double m = Double.NEGATIVE_INFINITY;
          for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
              m = Math.max(m, conv[((2 * py + dy) * 6 + 2 * px + dx) * FILTERS + f]);
            }
          }
          flat[(py * 3 + px) * FILTERS + f] = m > 0 ? m : 0.2 * m;
        }
      }
    }
    double[] hidden = dense(flat, w[2], w[3], HIDDEN);
    for (int u = 0; u < HIDDEN; u++) {
      hidden[u] = Math.max(hidden[u], 0);
    }
    double[] out = dense(hidden, w[4], w[5], 3);
    double max = Math.max(out[0], Math.max(out[1], out[2]));
    double sum = 0;
    for (int j = 0; j < 3; j++) {
      out[j] = Math.exp(out[j] - max);
      sum += out[j];
    }
    for (int j = 0; j < 3; j++) {
      out[j] /= sum;
    }
    return out;
  }

  static double[] dense(double[] x, float[] k, float[] b, int units) {
    double[] y = new double[units];
    for (int u = 0; u < units; u++) {
      double s = b[u];
      for (int i = 0; i < x.length; i++) {
        s += x[i] * (double) k[i * units + u];
      }
      y[u] = s;
    }
    return y;
  }

  static void assertClose(double[] expected, float[] actual, int offset) {
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[offset + j], 1e-5, "output " + j);
    }
  }

  @Test
  void compactsPrunedChannelsAndKeepsTheOutputs() throws IOException {
    float[][] w = weights(1);
    InferenceModel model = InferenceModel.load(modelFile(w));
    assertEquals(2, (int) model.unitsRemoved().get("conv"));
    assertEquals(1, (int) model.unitsRemoved().get("hidden"));
    assertEquals(0, (int) model.unitsRemoved().get("output"), "outputs are never removed");
    // conv 3x3x2x2 + 2, hidden (9 positions x 2 channels) x 4 + 4, output 4 x 3 + 3
    assertEquals(38 + 76 + 15, model.parameterCount());
    assertTrue(model.architecture().contains("conv Conv2D 2 k3x3 s1x1 SAME RELU bias -> 6x6x2"),
        model.architecture());
    assertTrue(model.architecture().contains("flatten Flatten -> 18"), model.architecture());
    SplittableRandom r = new SplittableRandom(7);
    for (int t = 0; t < 20; t++) {
      float[] x = random(r, 72);
      assertClose(reference(w, x), model.predict(x), 0);
    }
  }

  @Test
  void batchesSparseAndDenseKernelsAgree() throws IOException {
    float[][] w = weights(2);
    InferenceModel model = InferenceModel.load(modelFile(w));
    int n = 300; // more than one internal chunk of 256
    float[] xs = random(new SplittableRandom(3), n * 72);
    for (KernelMode mode : KernelMode.values()) {
      model.kernelMode(mode);
      float[] out = new float[n * 3];
      model.predict(xs, n, out);
      for (int i = 0; i < n; i += 37) {
        float[] x = java.util.Arrays.copyOfRange(xs, i * 72, (i + 1) * 72);
        assertClose(reference(w, x), out, i * 3);
        // one example alone runs the batch-1 path: the conv lists its non-zero pooled values
        // and the Dense layer reads them (dense rows, or sparse rows in SPARSE mode)
        assertClose(reference(w, x), model.predict(x), 0);
      }
    }
  }

  @Test
  void denseAfterFlattenReadsTheConvsListInEveryModeAndAgreesWithBatches() throws IOException {
    // no LeakyReLU between Flatten and Dense: at batch 1 the Dense op reads the conv op's list
    // of non-zero pooled values (batches run the batch kernels); with a ReLU layer first, the
    // conv reads the buffer the Dense op writes; hidden kernel dense, or 80% zeros (AUTO picks
    // sparse rows). On the Vector API kernels the batches of a pruned hidden kernel (AUTO at 80%
    // zeros, SPARSE always) run the conv and the Dense product in lane layout: 300 examples are
    // a chunk of 256 (16 tiles) and one of 44 (a partial tile of 12)
    String linked = ARCH.replace("leaky LeakyReLU a0.2 -> 36; ", "");
    String reluFirst = linked.replace("input 6x6x2; ", "input 6x6x2; pre ReLU -> 6x6x2; ");
    SplittableRandom r = new SplittableRandom(11);
    for (String arch : new String[] {linked, reluFirst}) {
      for (double hiddenZeros : new double[] {0, 0.8}) {
        float[][] w = weights(3);
        for (int i = 0; i < w[2].length; i++) {
          w[2][i] = r.nextDouble() < hiddenZeros ? 0f : w[2][i];
        }
        InferenceModel model = InferenceModel.load(modelFile(w, arch));
        int n = 300;
        float[] xs = random(r, n * 72);
        for (KernelMode mode : KernelMode.values()) {
          model.kernelMode(mode);
          float[] out = new float[n * 3];
          model.predict(xs, n, out);
          for (int i = 0; i < n; i += 7) {
            float[] x = java.util.Arrays.copyOfRange(xs, i * 72, (i + 1) * 72);
            float[] input = x.clone();
            if (arch == reluFirst) {
              for (int j = 0; j < input.length; j++) {
                input[j] = Math.max(input[j], 0f);
              }
            }
            assertClose(reference(w, input), out, i * 3);
            assertClose(reference(w, input), model.predict(x), 0);
          }
        }
      }
    }
  }

  @Test
  void oneExampleReadsItsDifferenceFromTheBackgroundAndAgreesWithBatches() throws IOException {
    // 16 filters: the vector conv takes them (the Dense op then reads the pooled tensor), the
    // plain path lists them; biases all positive, so every pooled value of an all-zero image is
    // ReLU(bias): one example runs the product of its difference from that background, plus the
    // background's product; batches (no background) must agree, and an image that is all zero
    // except one pixel lists only what that pixel changes
    String arch = "input 6x6x2; conv Conv2D 16 k3x3 s1x1 VALID RELU bias -> 4x4x16; "
        + "pool MaxPooling2D p2x2 s2x2 VALID -> 2x2x16; flatten Flatten -> 64; "
        + "hidden Dense 5 RELU bias -> 5; output Dense 3 SOFTMAX bias -> 3";
    SplittableRandom r = new SplittableRandom(17);
    float[] convB = random(r, 16);
    for (int i = 0; i < convB.length; i++) {
      convB[i] = Math.abs(convB[i]) + 0.1f;
    }
    float[][] w = {random(r, 3 * 3 * 2 * 16), convB, random(r, 64 * 5), random(r, 5),
        random(r, 15), random(r, 3)};
    InferenceModel model = InferenceModel.load(modelFile(w, arch));
    int n = 40;
    float[] xs = random(r, n * 72);
    java.util.Arrays.fill(xs, 0, 72, 0f); // example 0: the background itself
    java.util.Arrays.fill(xs, 72, 144, 0f); // example 1: one pixel
    xs[72 + 30] = 0.75f;
    for (KernelMode mode : KernelMode.values()) {
      model.kernelMode(mode);
      float[] batch = new float[n * 3];
      model.predict(xs, n, batch);
      for (int i = 0; i < n; i++) {
        float[] one = model.predict(java.util.Arrays.copyOfRange(xs, i * 72, (i + 1) * 72));
        for (int j = 0; j < 3; j++) {
          assertEquals(batch[i * 3 + j], one[j], 1e-5, mode + ", example " + i + ", output " + j);
        }
      }
    }
  }

  @Test
  void oneExampleListedByTheVectorConvAgreesWithBatches() throws IOException {
    // 2x2 pooling: on the Vector API kernels one example runs the conv's listed pass
    // (ConvPool.forwardListed: the differences from the activated bias, blank windows neither
    // written nor listed) and the Dense product of the listed rows; batches of 2 to 15 run the
    // tensor path. 32 filters (a pair of vectors), 14 (one padded vector, as channel pruning
    // leaves the seed) and 40 (a pair and a padded vector).
    // Biases of both signs, linear and ReLU convs, hidden widths of 5 and 29 (padded to one and
    // two vectors on the vector path), 16 and 64 (one and four vectors), images with blank areas,
    // an all-zero image, one with a NaN (every output NaN either way)
    SplittableRandom r = new SplittableRandom(29);
    for (int combo = 0; combo < 6; combo++) {
      int f = new int[] {32, 14, 40}[combo / 2];
      String act = combo % 2 == 0 ? "RELU" : "LINEAR";
      for (int hidden : new int[] {5, 16, 29, 64}) {
        String arch = "input 8x8x1; conv Conv2D " + f + " k3x3 s1x1 VALID " + act + " bias -> "
            + "6x6x" + f + "; pool MaxPooling2D p2x2 s2x2 VALID -> 3x3x" + f + "; flatten "
            + "Flatten -> " + 9 * f + "; hidden Dense " + hidden + " RELU bias -> " + hidden + "; "
            + "output Dense 3 SOFTMAX bias -> 3";
        float[][] w = {random(r, 9 * f), random(r, f), random(r, 9 * f * hidden),
            random(r, hidden), random(r, hidden * 3), random(r, 3)};
        InferenceModel model = InferenceModel.load(modelFile(w, arch));
        int n = 12;
        float[] xs = new float[n * 64];
        for (int i = 2; i < n; i++) { // a block of values in zeros
          int y0 = r.nextInt(6);
          int x0 = r.nextInt(6);
          for (int y = y0; y < Math.min(8, y0 + 1 + r.nextInt(4)); y++) {
            for (int x = x0; x < Math.min(8, x0 + 1 + r.nextInt(4)); x++) {
              xs[i * 64 + y * 8 + x] = (float) r.nextDouble();
            }
          }
        }
        xs[64 + 27] = Float.NaN; // example 1; example 0 all zero
        float[] batch = new float[n * 3];
        model.predict(xs, n, batch);
        for (int i = 0; i < n; i++) {
          float[] one = model.predict(java.util.Arrays.copyOfRange(xs, i * 64, (i + 1) * 64));
          // the listed pass ran, on the vector kernels (the plain ones list their own way)
          DenseOp dense = (DenseOp) model.ops().get(1);
          assertEquals(dev.topiary.runtime.kernels.Kernels.implementation().equals("vector")
              ? DenseOp.Input.LISTED : DenseOp.Input.LIST, dense.input(),
              f + " filters, " + act + ", " + hidden);
          for (int j = 0; j < 3; j++) {
            String where = f + " filters, " + act + ", hidden " + hidden + ", example " + i
                + ", output " + j;
            if (i == 1) {
              assertTrue(Float.isNaN(one[j]) && Float.isNaN(batch[i * 3 + j]), where);
            } else {
              assertEquals(batch[i * 3 + j], one[j], 1e-5, where);
            }
          }
        }
      }
    }
  }

  @Test
  void exportRoundTripIsBitExactAndSmaller() throws IOException {
    File original = modelFile(weights(4));
    InferenceModel model = InferenceModel.load(original);
    File export = dir.resolve("small.export").toFile();
    model.save(export);
    InferenceModel loaded = InferenceModel.load(export);
    assertEquals(model.architecture(), loaded.architecture());
    assertEquals("Small", loaded.modelName());
    float[] x = random(new SplittableRandom(5), 72);
    assertArrayEquals(model.predict(x), loaded.predict(x));
    assertTrue(export.length() < original.length(), export.length() + " vs " + original.length());
    assertEquals(0, Files.list(dir).filter(p -> p.toString().endsWith(".tmp")).count());
  }

  @Test
  void aGeneratedNetworkRefusesAnExport() throws IOException {
    InferenceModel model = InferenceModel.load(modelFile(weights(4)));
    File export = dir.resolve("small.export").toFile();
    model.save(export);
    float[][] w = weights(4);
    Parameter[] params = new Parameter[6];
    String[] names = {"conv/kernel", "conv/bias", "hidden/kernel", "hidden/bias", "output/kernel",
        "output/bias"};
    for (int i = 0; i < 6; i++) {
      params[i] = Parameter.stored(names[i], w[i]);
    }
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFile.read(export, "Small", ARCH, params));
    assertTrue(e.getMessage().contains("holds network 'Small [inference]', expected 'Small'"),
        e.getMessage());
  }

  @Test
  void keepsZeroFiltersWhoseBiasOrFollowingLayerMatters() throws IOException {
    float[][] w = weights(6);
    w[1][1] = 0.5f; // filter 1: zero kernel, non-zero bias -> a constant channel, kept
    InferenceModel model = InferenceModel.load(modelFile(w));
    assertEquals(1, (int) model.unitsRemoved().get("conv"));
    float[] x = random(new SplittableRandom(8), 72);
    assertClose(reference(w, x), model.predict(x), 0);
  }

  @Test
  void evaluatesLikeThePredictions() throws IOException {
    float[][] w = weights(9);
    InferenceModel model = InferenceModel.load(modelFile(w));
    int n = 50;
    float[] xs = random(new SplittableRandom(10), n * 72);
    int[] labels = new int[n];
    int correct = 0;
    double loss = 0;
    for (int i = 0; i < n; i++) {
      labels[i] = i % 3;
      double[] p = reference(w, java.util.Arrays.copyOfRange(xs, i * 72, (i + 1) * 72));
      int best = p[0] >= p[1] && p[0] >= p[2] ? 0 : p[1] >= p[2] ? 1 : 2;
      correct += best == labels[i] ? 1 : 0;
      // unclipped, as Keras computes it from the logits (p here is in double)
      loss -= Math.log(p[labels[i]]);
    }
    Evaluation e = model.evaluate(Dataset.of(xs, labels, 72));
    assertEquals(correct, e.correct());
    assertEquals(loss / n, e.loss(), 1e-4);
  }

  @Test
  void failsClearlyOnBadInputAndBadFiles() throws IOException {
    File f = modelFile(weights(11));
    InferenceModel model = InferenceModel.load(f);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.predict(new float[71]));
    assertTrue(e.getMessage().contains("expected one example of 6x6x2 = 72 values, found 71"),
        e.getMessage());
    byte[] bytes = Files.readAllBytes(f.toPath());
    Path cut = dir.resolve("cut.topiary");
    Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 20));
    ModelFileException truncated = assertThrows(ModelFileException.class,
        () -> InferenceModel.load(cut));
    assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
  }

  @Test
  void memoryHoldsWeightsTwoActivationBuffersAndFixedScratch() throws IOException {
    InferenceModel model = InferenceModel.load(modelFile(weights(12)));
    model.kernelMode(KernelMode.DENSE);
    model.predict(new float[72]);
    long one = model.memoryBytes();
    // weights (129) and two buffers of the largest stored output at batch 1: the flattened
    // pooled 3x3x2 = 18 (the compacted conv's 6x6x2 runs fused with the pool, never stored)
    assertTrue(one >= 4L * (129 + 2 * 18), "" + one);
    model.predict(new float[300 * 72], 300, new float[300 * 3]);
    // batches run in chunks of 256; only the two activation buffers and the output's logits (3,
    // kept for the loss) grow with the batch (the fused conv works in fixed tiles): no
    // per-example gradients or patches
    assertEquals(one + 4L * (2 * 18 + 3) * 255, model.memoryBytes());
    assertTrue(model.summary().contains("fused with pool"), model.summary());
    // conv keeps 2 of 4 filters: 3x3x2x2 weights + 2 biases, all drawn non-zero
    assertTrue(model.summary().matches("(?s).*\\nconv +Conv2D +6x6x2 +38 +38 +2 .*"),
        model.summary());
  }
}
