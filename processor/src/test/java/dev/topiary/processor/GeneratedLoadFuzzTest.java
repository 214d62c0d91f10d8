package dev.topiary.processor;

import static dev.topiary.processor.ModelCompiler.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.io.ModelFileException;
import dev.topiary.runtime.prune.GlobalPruning;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real generated {@code load(InputStream)} of a compiled model, and {@link InferenceModel#load}
 * on the same bytes, against every truncation and bit flip of its saved files (dense, and pruned
 * so that they are stored sparse) and random mutations with the checksum recomputed (issue 15).
 * Seeded. Each load either refuses with a {@link ModelFileException} naming the stream or gives
 * a network of the model's own shapes; the runtime's own fuzz test ({@code HostileInputFuzzTest})
 * covers the readers under a small heap.
 */
class GeneratedLoadFuzzTest {
  private static ModelCompiler.Loaded models;
  private static Method load;

  @TempDir File dir;

  @BeforeAll
  static void compileModels() throws NoSuchMethodException {
    models = ModelCompiler.compile(model("FuzzCnn", "@Model(input = {6, 6, 1})", String.join("\n",
        "@Conv2D(filters = 3, kernel = {3, 3}, activation = RELU) Conv2DLayer conv();",
        "@MaxPooling2D({2, 2}) Layer pool();",
        "@Flatten Layer flatten();",
        "@Dense(units = 4, activation = SOFTMAX) DenseLayer output();")));
    load = models.load("TopiaryFuzzCnn").getMethod("load", InputStream.class);
  }

  private byte[] saved(double sparsity, long seed) throws IOException {
    GeneratedNetwork net = models.newNetwork("FuzzCnn", seed);
    if (sparsity > 0) {
      GlobalPruning.prune(net, sparsity);
    }
    File f = new File(dir, "fuzz" + seed + ".topiary");
    net.save(f);
    return Files.readAllBytes(f.toPath());
  }

  private int loaded;
  private int refused;

  private void tryLoad(byte[] bytes, String what) {
    try {
      GeneratedNetwork net = (GeneratedNetwork) load.invoke(null, new ByteArrayInputStream(bytes));
      float[] out = net.predict(new float[36]);
      assertEquals(4, out.length, what);
      loaded++;
    } catch (InvocationTargetException e) {
      Throwable t = e.getCause();
      if (!(t instanceof ModelFileException)) {
        throw new AssertionError(what + ": the generated load threw " + t, t);
      }
      assertTrue(t.getMessage().startsWith("model stream"), what + ": " + t.getMessage());
      refused++;
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
    try {
      InferenceModel m = InferenceModel.load(new ByteArrayInputStream(bytes));
      assertEquals(36, m.inputSize(), what);
      assertEquals(4, m.predict(new float[36]).length, what);
    } catch (ModelFileException e) {
      assertTrue(e.getMessage().startsWith("model stream"), what + ": " + e.getMessage());
    } catch (IOException | RuntimeException | Error e) {
      throw new AssertionError(what + ": InferenceModel.load threw " + e, e);
    }
  }

  @Test
  void truncationsFlipsAndMutationsAreRefusedOrLoadWhole() throws IOException {
    byte[][] files = {saved(0, 1), saved(0.9, 2)};
    SplittableRandom rng = new SplittableRandom(15);
    assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
      for (byte[] file : files) {
        tryLoad(file, "the file as saved");
        for (int n = 0; n < file.length; n++) {
          tryLoad(Arrays.copyOf(file, n), "cut to " + n);
        }
        for (int i = 0; i < 2000; i++) {
          int bit = rng.nextInt(file.length * 8);
          byte[] flipped = file.clone();
          flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
          tryLoad(flipped, "bit " + bit);
        }
        for (int i = 0; i < 2000; i++) {
          byte[] mutated = file.clone();
          int at = rng.nextInt(8, mutated.length - 8);
          mutated[at] = (byte) rng.nextInt(256);
          CRC32 crc = new CRC32();
          crc.update(mutated, 0, mutated.length - 8);
          long v = crc.getValue();
          for (int b = 0; b < 8; b++) {
            mutated[mutated.length - 1 - b] = (byte) (v >>> (8 * b));
          }
          tryLoad(mutated, "byte " + at + " set, checksum recomputed");
        }
      }
    });
    assertTrue(loaded >= 2 && refused > 0, loaded + " loaded, " + refused + " refused");
  }

  @Test
  void theFileAsSavedLoadsEveryValue() throws Exception {
    byte[] file = saved(0.9, 3);
    GeneratedNetwork loadedNet = (GeneratedNetwork) load.invoke(null, new ByteArrayInputStream(file));
    GeneratedNetwork original = models.newNetwork("FuzzCnn", 3);
    GlobalPruning.prune(original, 0.9);
    for (int p = 0; p < original.parameters().size(); p++) {
      Parameter a = original.parameters().get(p);
      assertArrayEquals(a.value, loadedNet.parameters().get(p).value, a.name);
    }
  }
}
