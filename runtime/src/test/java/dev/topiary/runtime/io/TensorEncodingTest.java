package dev.topiary.runtime.io;

import static dev.topiary.runtime.io.ModelFileTest.FP;
import static dev.topiary.runtime.io.ModelFileTest.NAME;
import static dev.topiary.runtime.io.ModelFileTest.blank;
import static dev.topiary.runtime.io.ModelFileTest.rawBits;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.prune.Masks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Tests the encodings of {@link ModelFile}'s version 2 ({@link TensorEncoding}): which one is
 * chosen, bit-exact round trips, the sizes of pruned models, and corrupted sparse payloads.
 */
class TensorEncodingTest {
  /** Gaussian values with each one +0.0 with probability {@code zeros}. */
  static Parameter sparse(String name, long seed, int n, double zeros) {
    Random random = new Random(seed);
    Parameter p = new Parameter(name, n);
    for (int i = 0; i < n; i++) {
      p.value[i] = random.nextDouble() < zeros ? 0f : (float) random.nextGaussian();
    }
    return p;
  }

  static byte[] write(Parameter... params) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFile.write(out, NAME, FP, params);
    return out.toByteArray();
  }

  static Parameter[] read(byte[] file, Parameter[] like) throws IOException {
    Parameter[] loaded = blank(like);
    ModelFile.read(new ByteArrayInputStream(file), NAME, FP, loaded);
    return loaded;
  }

  static ModelFileException failure(byte[] file, Parameter[] like) {
    Parameter[] loaded = blank(like);
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFile.read(new ByteArrayInputStream(file), NAME, FP, loaded));
    for (Parameter p : loaded) {
      for (float v : p.value) {
        assertEquals(42f, v, "a failed load must leave the parameters untouched");
      }
    }
    return e;
  }

  /** {encoding, indexKind} per tensor as chosen for {@code params}. */
  static int[][] chosen(Parameter... params) {
    TensorEncoding[] e = TensorEncoding.choose(params);
    int[][] out = new int[e.length][];
    for (int t = 0; t < e.length; t++) {
      out[t] = new int[] {e[t].encoding, e[t].indexKind};
    }
    return out;
  }

  @Test
  void roundTripsAreBitExactInEveryEncoding() throws IOException {
    Parameter randomBits = new Parameter("random", 10_001);
    Random random = new Random(3);
    for (int i = 0; i < randomBits.size(); i++) {
      randomBits.value[i] = Float.intBitsToFloat(random.nextInt() | 1);
    }
    Parameter specials = sparse("specials", 4, 1_003, 0.9);
    int[] special = {0x80000000, 0x7fc12345, 0xff800001, 0x00000001, 0x807fffff, 0x7f800000};
    for (int i = 0; i < special.length; i++) {
      specials.value[i * 97 + 5] = Float.intBitsToFloat(special[i]); // -0.0 is stored, not dropped
    }
    Parameter[] saved = {
      randomBits, sparse("p80", 5, 5408 * 64 + 3, 0.8), sparse("p95", 6, 70_001, 0.95),
      sparse("p100", 7, 1_000, 1), specials, new Parameter("empty", 0), sparse("one", 8, 1, 0),
      sparse("tail", 9, 13, 0.5),
    };
    assertArrayEquals(new int[][] {
      {0, 0}, {1, TensorEncoding.BITMAP}, {1, TensorEncoding.GAPS}, {1, TensorEncoding.GAPS},
      {1, TensorEncoding.GAPS}, {0, 0}, {0, 0}, {1, TensorEncoding.BITMAP},
    }, chosen(saved));
    byte[] file = write(saved);
    assertEquals(ModelFile.FORMAT_VERSION, file[11]);
    assertArrayEquals(rawBits(saved), rawBits(read(file, saved)));
  }

  @Test
  void denseOnlyFilesStayVersionOne() throws IOException {
    byte[] file = write(sparse("w", 1, 100, 0), sparse("b", 2, 8, 0));
    assertEquals(ModelFile.DENSE_FORMAT_VERSION, file[11]);
  }

  @Test
  void sparseLayoutIsAsDocumented() throws IOException {
    Parameter w = ModelFileTest.param("w", 0, 0, 3, 0, 0, 0, 0, 0, 0, -0f, 0, 0, 0, 0, 0, 0, 0);
    byte[] file = write(w);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
    in.skipBytes(8);
    assertEquals(2, in.readInt());
    in.readUTF();
    in.readUTF();
    assertEquals(1, in.readInt());
    assertEquals("w", in.readUTF());
    assertEquals(ModelFile.SPARSE_FLOAT32, in.readByte());
    assertEquals(17, in.readInt());
    assertEquals(2, in.readInt()); // stored: 3 and -0.0
    assertEquals(TensorEncoding.GAPS, in.readByte()); // 2 bytes of gaps < 3 bytes of bitmap
    assertEquals(2, in.readInt());
    assertEquals(2, in.readByte()); // position 2
    assertEquals(6, in.readByte()); // position 9 = 2 + 6 + 1
    assertEquals(3f, in.readFloat());
    assertEquals(0x80000000, in.readInt());
    in.readLong();
    assertEquals(-1, in.read());
  }

  @Test
  void aMaskIsStoredAsTheIndicatorOfItsKernel() throws IOException {
    Parameter kernel = sparse("dense/kernel", 1, 5408 * 64, 0);
    Parameter mask = Parameter.state("dense/kernel_mask", kernel.size(), 1f);
    Masks.unstructured(kernel.value, 0.8, mask.value);
    Masks.apply(kernel.value, mask.value);
    Parameter bias = sparse("dense/bias", 2, 64, 0);
    for (Parameter[] order : new Parameter[][] {{kernel, bias, mask}, {mask, kernel, bias}}) {
      int[][] encodings = chosen(order);
      int maskAt = order[0] == mask ? 0 : 2;
      assertEquals(ModelFile.INDICATOR_OF, encodings[maskAt][0]);
      assertEquals(order[0] == mask ? 1 : 0, TensorEncoding.choose(order)[maskAt].source);
      assertArrayEquals(rawBits(order), rawBits(read(write(order), order)));
    }
    mask.value[7] = 1f - mask.value[7]; // no longer the kernel's pattern: a bitmap instead
    assertEquals(ModelFile.SPARSE_FLOAT32, chosen(kernel, mask)[1][0]);
    Parameter[] both = {kernel, mask};
    assertArrayEquals(rawBits(both), rawBits(read(write(both), both)));
  }

  @Test
  void an80PercentSparseKernelIsAtMostAQuarterOfDense() throws IOException {
    Parameter dense = sparse("hidden/kernel", 11, 5408 * 64, 0);
    Parameter pruned = sparse("hidden/kernel", 11, 5408 * 64, 0);
    Masks.apply(pruned.value, mask(pruned.value, 0.8));
    double ratio = (double) write(pruned).length / write(dense).length;
    assertTrue(ratio <= 0.25, "80% sparse kernel at " + ratio + " of dense");
    // Index: a bitmap of 1/8 byte per value; values: 0.2 * 4 bytes; against 4 bytes dense.
    assertEquals((1 / 8.0 + 0.8) / 4, ratio, 0.001);
  }

  @Test
  void an80PercentPrunedSeedCnnIsAtMostAQuarterOfDense() throws IOException {
    String[] names = {"conv/kernel", "conv/bias", "hidden/kernel", "hidden/bias", "output/kernel",
        "output/bias"};
    int[] sizes = {3 * 3 * 32, 32, 5408 * 64, 64, 64 * 10, 10};
    Parameter[] dense = new Parameter[names.length];
    Parameter[] pruned = new Parameter[names.length + 3];
    for (int t = 0; t < names.length; t++) {
      dense[t] = sparse(names[t], t, sizes[t], 0);
      pruned[t] = sparse(names[t], t, sizes[t], 0);
    }
    for (int t = 0; t < names.length; t += 2) { // each kernel, with its mask saved after it
      Parameter m = Parameter.state(names[t] + "_mask", sizes[t], 1f);
      Masks.unstructured(pruned[t].value, 0.8, m.value);
      Masks.apply(pruned[t].value, m.value);
      pruned[names.length + t / 2] = m;
    }
    double ratio = (double) write(pruned).length / write(dense).length;
    assertTrue(ratio <= 0.25, "pruned seed CNN at " + ratio + " of dense");
    assertArrayEquals(rawBits(pruned), rawBits(read(write(pruned), pruned)));
  }

  static float[] mask(float[] w, double sparsity) {
    float[] m = new float[w.length];
    Masks.unstructured(w, sparsity, m);
    return m;
  }

  @Test
  void everyFlippedByteOfASparseFileIsCaught() throws IOException {
    Parameter kernel = sparse("k", 1, 40, 0.5); // a bitmap of 5 bytes
    Parameter gaps = sparse("g", 2, 300, 0.97); // gaps
    Parameter mask = new Parameter("m", 40);
    for (int i = 0; i < 40; i++) {
      mask.value[i] = kernel.value[i] != 0f ? 1f : 0f;
    }
    Parameter[] saved = {kernel, gaps, mask};
    assertArrayEquals(new int[][] {{1, 0}, {1, 1}, {2, 0}}, chosen(saved));
    byte[] good = write(saved);
    for (int i = 0; i < good.length; i++) {
      for (int flip : new int[] {0x01, 0x80, 0xFF}) {
        byte[] file = good.clone();
        file[i] ^= (byte) flip;
        failure(file, saved);
      }
    }
    for (int length = 0; length < good.length; length++) {
      assertTrue(failure(Arrays.copyOf(good, length), saved).getMessage()
          .startsWith("model stream is truncated"));
    }
  }

  @Test
  void malformedSparseHeadersSayWhatIsWrong() throws IOException {
    Parameter w = ModelFileTest.param("w", 0, 0, 3, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0);
    Parameter[] saved = {w};
    byte[] good = write(saved);
    int encodingAt = 8 + 4 + 2 + NAME.length() + 2 + FP.length() + 4 + 2 + 1;
    int countAt = encodingAt + 5;
    byte[] file = good.clone();
    file[encodingAt] = 3;
    assertEquals("model stream: tensor 'w' has encoding 3, expected 0, 1 or 2 (dense, sparse or "
        + "indicator, the encodings of format version 2)", failure(file, saved).getMessage());
    file = good.clone();
    file[countAt + 3] = 18;
    assertEquals("model stream is corrupted: tensor 'w' has 18 stored values, expected 0 to 17",
        failure(file, saved).getMessage());
    file = good.clone();
    file[countAt + 4] = 2;
    assertEquals("model stream is corrupted: tensor 'w' has index kind 2, expected 0 (bitmap) or "
        + "1 (gaps)", failure(file, saved).getMessage());
    file = good.clone();
    file[countAt + 3] = 1;
    assertEquals("model stream is corrupted: tensor 'w' has 1 index bytes after its last position",
        failure(file, saved).getMessage());
  }

  @Test
  void indicatorsNeedAnotherDenseOrSparseTensorOfTheirLength() throws IOException {
    Parameter kernel = sparse("k", 1, 40, 0.5);
    Parameter mask = new Parameter("m", 40);
    for (int i = 0; i < 40; i++) {
      mask.value[i] = kernel.value[i] != 0f ? 1f : 0f;
    }
    Parameter other = sparse("o", 2, 39, 0);
    Parameter[] saved = {kernel, other, mask};
    byte[] good = write(saved);
    int sourceAt = good.length - 8 - 4;
    assertEquals(0, good[sourceAt + 3]);
    String[] expected = {
      "source tensor 1, expected another dense or sparse tensor of 40 values among the 3",
      "source tensor 2, expected another dense or sparse tensor of 40 values among the 3",
      "source tensor 3, expected another dense or sparse tensor of 40 values among the 3",
    };
    for (int s = 1; s <= 3; s++) {
      byte[] file = good.clone();
      file[sourceAt + 3] = (byte) s;
      assertEquals("model stream is corrupted: tensor 'm' has " + expected[s - 1],
          failure(file, saved).getMessage());
    }
  }
}
