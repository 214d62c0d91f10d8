package dev.topiary.runtime.inference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.io.ModelFile;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once compiled, inference allocates nothing per call: a model shaped like the seed CNN (a conv
 * of 32 filters, 2x2 pooling, a Dense layer of 64 units, dense or 80% zeros, softmax over 10;
 * and as channel pruning leaves it, 14 filters and 29 units, which the vector path pads), on
 * digit-like inputs (zero borders: blank windows), one example at a time and in batches. On the
 * Vector API kernels this is what shows that C2 kept its intrinsics: an operation it gives up
 * runs the library's fallback, which allocates arrays (two int species through the same methods
 * did that: 4,429 bytes a call here). The JIT needs time, so the test measures windows of calls
 * until one allocates under 16 bytes a call (one boxed vector is 80), and fails with the last
 * window's figure if none does within a minute.
 *
 * <p>It runs alone in a fresh JVM on each path (tag {@code allocation}, the runtime's pom), as an
 * application that only predicts: after many other tests in one JVM, whose code polluted the
 * Vector API methods' type profiles, C2 gave up intrinsics it keeps otherwise (9 KB a call, once
 * in CI), which made the test fail by chance. The price: a single vector boxed once per call
 * (80 bytes, found with a probe and fixed in {@code VectorConvPool}) does not show in this JVM.
 */
@Tag("allocation")
class SteadyStateAllocationTest {
  static String arch(int filters, int units) {
    return "input 16x16x1; conv Conv2D " + filters + " k3x3 s1x1 VALID RELU bias -> 14x14x"
        + filters + "; pool MaxPooling2D p2x2 s2x2 VALID -> 7x7x" + filters + "; flatten "
        + "Flatten -> " + 49 * filters + "; hidden Dense " + units + " RELU bias -> " + units
        + "; output Dense 10 SOFTMAX bias -> 10";
  }

  @TempDir Path dir;

  @Test
  void predictionsAllocateNothingOnceCompiled() throws IOException {
    // hidden kernel dense and 80% zeros: the vector path's batch 1 lists through the conv or
    // takes the sparse product, and its batches run the lane layout or the tiled kernels
    for (double hiddenZeros : new double[] {0, 0.8}) {
      check(32, 64, hiddenZeros);
    }
    // as channel pruning leaves the seed: 14 filters and 29 units, which the vector path pads
    check(14, 29, 0);
  }

  private void check(int filters, int units, double hiddenZeros) throws IOException {
    SplittableRandom r = new SplittableRandom(5);
    int flat = 49 * filters;
    float[][] w = {random(r, 9 * filters, 0.8), random(r, filters, 0),
        random(r, flat * units, hiddenZeros), random(r, units, 0), random(r, units * 10, 0),
        random(r, 10, 0)};
    String[] names = {"conv/kernel", "conv/bias", "hidden/kernel", "hidden/bias",
        "output/kernel", "output/bias"};
    Parameter[] params = new Parameter[names.length];
    for (int i = 0; i < names.length; i++) {
      params[i] = Parameter.stored(names[i], w[i]);
    }
    File f = dir.resolve("seedlike" + filters + "-" + hiddenZeros + ".topiary").toFile();
    ModelFile.write(f, "SeedLike", arch(filters, units), params);
    InferenceModel model = InferenceModel.load(f);
    int n = 64;
    float[] images = new float[n * 256];
    for (int i = 0; i < n; i++) { // a blob in the middle, zeros around it
      for (int y = 4; y < 12; y++) {
        for (int x = 4 + i % 3; x < 11; x++) {
          images[i * 256 + y * 16 + x] = r.nextDouble() < 0.6 ? (float) r.nextDouble() : 0f;
        }
      }
    }
    float[] one = new float[256];
    float[] out = new float[10];
    float[] outs = new float[n * 10];
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long deadline = System.nanoTime() + 60_000_000_000L;
    double perCall = Double.NaN;
    int calls = 2_000;
    while (System.nanoTime() < deadline) {
      long before = threads.getThreadAllocatedBytes(thread);
      for (int c = 0; c < calls; c++) {
        System.arraycopy(images, (c % n) * 256, one, 0, 256);
        model.predict(one, out);
        if (c % 100 == 0) {
          model.predict(images, n, outs);
        }
      }
      perCall = (threads.getThreadAllocatedBytes(thread) - before) / (double) calls;
      if (perCall < 16) {
        break;
      }
    }
    String expected = System.getProperty("topiary.expectKernels");
    assertTrue(expected == null
        || expected.equals(dev.topiary.runtime.kernels.Kernels.implementation()),
        "expected the " + expected + " kernels, found " + dev.topiary.runtime.kernels.Kernels.implementation());
    assertTrue(perCall < 16, "inference still allocates " + perCall + " bytes per call after "
        + "a minute of calls (kernels: " + dev.topiary.runtime.kernels.Kernels.implementation()
        + ", " + filters + " filters, " + units + " units, hidden kernel " + hiddenZeros
        + " zeros)");
  }

  private static float[] random(SplittableRandom r, int size, double zeros) {
    float[] v = new float[size];
    for (int i = 0; i < size; i++) {
      v[i] = r.nextDouble() < zeros ? 0f : (float) (2 * r.nextDouble() - 1) * 0.3f;
    }
    return v;
  }
}
