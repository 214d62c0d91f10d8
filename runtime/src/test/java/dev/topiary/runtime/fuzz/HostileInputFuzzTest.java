package dev.topiary.runtime.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.data.Idx;
import dev.topiary.runtime.data.IdxFormatException;
import dev.topiary.runtime.inference.InferenceModel;
import dev.topiary.runtime.io.ModelFile;
import dev.topiary.runtime.io.ModelFileException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Hostile and damaged inputs to every reader of untrusted bytes (issue 15): {@link
 * InferenceModel#load(java.io.InputStream)}, a generated network's {@code load} (through
 * {@link FuzzNetwork}, the runtime's stand-in for generated code, which calls what generated code
 * calls), and {@link Idx}. Seeded and repeatable; run by the build in a fork of its own with a
 * 256 MB heap (the {@code fuzz} Surefire execution of {@code runtime/pom.xml}), so that believing
 * a hostile size shows up as an {@link OutOfMemoryError}.
 *
 * <p>Each input must either be refused with a documented exception ({@link ModelFileException}
 * or another {@link IOException} for model files, {@link IdxFormatException} for IDX files) or
 * load with shapes that agree with its layers; nothing may hang.
 */
@Tag("fuzz")
class HostileInputFuzzTest {
  private static final long SEED = 0x70_91_A2_15L;
  private static final Duration LIMIT = Duration.ofSeconds(90);

  /** A conv, pool, flatten and two dense layers: every layer kind with weights and without. */
  static final String CNN = "input 6x6x2; conv Conv2D 4 k3x3 s1x1 VALID RELU bias -> 4x4x4;"
      + " pool MaxPooling2D p2x2 s2x2 VALID -> 2x2x4; flatten Flatten -> 16;"
      + " hidden Dense 5 RELU no-bias -> 5; output Dense 3 SOFTMAX bias -> 3";

  private int loaded;
  private int refused;

  // ---------------------------------------------------------------- model files

  /** The tensors {@code architecture} implies, with values from {@code rng}, {@code zeros} of them 0. */
  static Parameter[] tensors(String architecture, SplittableRandom rng, double zeros) {
    List<Parameter> out = new ArrayList<>();
    for (LayerDescription l : Architecture.parse(architecture).layers()) {
      if (l.kind().weighted()) {
        out.add(filled(l.name() + "/kernel", l.kernelSize(), rng, zeros));
        if (l.bias()) {
          out.add(filled(l.name() + "/bias", l.outputChannels(), rng, zeros));
        }
      }
    }
    return out.toArray(new Parameter[0]);
  }

  private static Parameter filled(String name, int n, SplittableRandom rng, double zeros) {
    Parameter p = new Parameter(name, n);
    for (int i = 0; i < n; i++) {
      p.value[i] = rng.nextDouble() < zeros ? 0f : (float) (rng.nextDouble() * 2 - 1);
    }
    return p;
  }

  static byte[] modelFile(String name, String architecture, Parameter[] params) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFile.write(out, name, architecture, params);
    return out.toByteArray();
  }

  /** Rewrites the last 8 bytes: the CRC-32 of every byte before them. */
  static byte[] withChecksum(byte[] file) {
    if (file.length < 8) {
      return file;
    }
    CRC32 crc = new CRC32();
    crc.update(file, 0, file.length - 8);
    long v = crc.getValue();
    for (int i = 0; i < 8; i++) {
      file[file.length - 1 - i] = (byte) (v >>> (8 * i));
    }
    return file;
  }

  /** The corpus: small files of both versions, a pruned one, the network stand-in's own. */
  private static List<byte[]> modelCorpus(SplittableRandom rng) throws IOException {
    List<byte[]> files = new ArrayList<>();
    files.add(modelFile(FuzzNetwork.NAME, FuzzNetwork.ARCHITECTURE,
        tensors(FuzzNetwork.ARCHITECTURE, rng, 0)));
    files.add(modelFile(FuzzNetwork.NAME, FuzzNetwork.ARCHITECTURE,
        tensors(FuzzNetwork.ARCHITECTURE, rng, 0.9))); // sparse, version 2
    files.add(modelFile("Cnn", CNN, tensors(CNN, rng, 0)));
    files.add(modelFile("Cnn", CNN, tensors(CNN, rng, 0.85)));
    return files;
  }

  /** Loads {@code bytes} both ways; fails on anything but a documented refusal. */
  private void loadModel(byte[] bytes, String what) {
    try {
      InferenceModel model = InferenceModel.load(new ByteArrayInputStream(bytes));
      checkShapes(model, what);
      loaded++;
    } catch (ModelFileException e) {
      assertTrue(e.getMessage().startsWith("model stream"), what + ": " + e.getMessage());
      refused++;
    } catch (IOException e) {
      refused++;
    } catch (Throwable t) {
      throw new AssertionError(what + ": InferenceModel.load threw " + t, t);
    }
    FuzzNetwork net = new FuzzNetwork();
    float[][] before = net.values();
    try {
      net.load(new ByteArrayInputStream(bytes));
      loaded++;
    } catch (ModelFileException e) {
      assertTrue(e.getMessage().startsWith("model stream"), what + ": " + e.getMessage());
      for (int p = 0; p < before.length; p++) {
        assertTrue(Arrays.equals(before[p], net.parameters().get(p).value),
            what + ": a refused load changed " + net.parameters().get(p).name);
      }
      refused++;
    } catch (IOException e) {
      refused++;
    } catch (Throwable t) {
      throw new AssertionError(what + ": the generated load threw " + t, t);
    }
  }

  /** A loaded model's shapes are those its own architecture text implies, and it runs. */
  private static void checkShapes(InferenceModel model, String what) {
    Architecture a = Architecture.parse(model.architecture());
    List<LayerDescription> layers = a.layers();
    assertEquals(LayerDescription.size(a.inputShape()), model.inputSize(), what + ": input size");
    assertEquals(layers.get(layers.size() - 1).outSize(), model.outputSize(), what + ": output");
    long largest = model.inputSize();
    for (LayerDescription l : layers) {
      largest = Math.max(largest, l.outSize());
    }
    if (largest <= 1 << 16) {
      float[] out = model.predict(new float[model.inputSize()]);
      assertEquals(model.outputSize(), out.length, what + ": predicted values");
    }
  }

  @Test
  void everyTruncationAndBitFlipOfSmallModelFilesIsRefusedOrLoadsWhole() throws IOException {
    SplittableRandom rng = new SplittableRandom(SEED);
    List<byte[]> corpus = modelCorpus(rng);
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int f = 0; f < corpus.size(); f++) {
        byte[] file = corpus.get(f);
        loadModel(file, "file " + f);
        for (int n = 0; n < file.length; n++) {
          loadModel(Arrays.copyOf(file, n), "file " + f + " cut to " + n + " bytes");
        }
        // every bit of the first two (small) files, a sample of the others
        int flips = f < 2 ? file.length * 8 : 1500;
        for (int i = 0; i < flips; i++) {
          int bit = f < 2 ? i : rng.nextInt(file.length * 8);
          byte[] flipped = file.clone();
          flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
          loadModel(flipped, "file " + f + " bit " + bit + " flipped");
        }
      }
    });
    assertTrue(refused > 0 && loaded >= 6, loaded + " loaded, " + refused + " refused");
  }

  /** Values a size or count field should never be believed at. */
  private static final int[] HOSTILE = {
    0, 1, -1, 2, 3, 7, 8, 255, 256, 65535, 65536, 1 << 22, 1 << 28, (1 << 30) + 1,
    Integer.MAX_VALUE, Integer.MAX_VALUE - 8, Integer.MIN_VALUE, 0x7FFF, 0xFFFF, 0x01000000,
  };

  @Test
  void randomMutationsWithTheChecksumRecomputedAreRefusedOrLoadWhole() throws IOException {
    SplittableRandom rng = new SplittableRandom(SEED + 1);
    List<byte[]> corpus = modelCorpus(rng);
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int i = 0; i < 6000; i++) {
        int f = rng.nextInt(corpus.size());
        byte[] file = corpus.get(f).clone();
        int edits = 1 + rng.nextInt(3);
        StringBuilder what = new StringBuilder("mutation " + i + " of file " + f + ":");
        for (int e = 0; e < edits; e++) {
          int at = 8 + rng.nextInt(Math.max(1, file.length - 16)); // keep the magic: get further
          if (rng.nextBoolean() && at + 4 <= file.length - 8) {
            int v = HOSTILE[rng.nextInt(HOSTILE.length)];
            for (int b = 0; b < 4; b++) {
              file[at + b] = (byte) (v >>> (24 - 8 * b));
            }
            what.append(" int ").append(v).append(" at ").append(at);
          } else if (at < file.length) {
            file[at] = (byte) rng.nextInt(256);
            what.append(" byte at ").append(at);
          }
        }
        loadModel(withChecksum(file), what.toString());
      }
    });
    assertTrue(refused > 0, loaded + " loaded, " + refused + " refused");
  }

  @Test
  void hostileSizesAndCountsInEveryFieldAreRefused() {
    // Each tensor field of a hand-laid file set to each hostile value, the checksum correct.
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int field = 0; field < HandLaid.FIELDS; field++) {
        for (int v : HOSTILE) {
          for (int encoding = 0; encoding < 3; encoding++) {
            byte[] file = HandLaid.file(encoding, field, v);
            loadModel(file, "encoding " + encoding + " field " + field + " = " + v);
          }
        }
      }
    });
  }

  private static final Pattern NUMBER = Pattern.compile("\\d+");

  @Test
  void contradictoryArchitectureTextsAreRefusedOrLoadWithTheirOwnShapes() throws IOException {
    SplittableRandom rng = new SplittableRandom(SEED + 2);
    String[] texts = {CNN, FuzzNetwork.ARCHITECTURE,
        "input 5x5x1; c Conv2D 2 k3x3 s2x2 SAME LINEAR bias -> 3x3x2; f Flatten -> 18;"
            + " o Dense 2 SOFTMAX no-bias -> 2"};
    String[] words = {"VALID", "SAME", "RELU", "LINEAR", "SOFTMAX", "SPARSEMAX", "bias", "no-bias",
        "Dense", "Conv2D", "Flatten", "MaxPooling2D", "ReLU", "Softmax"};
    assertTimeoutPreemptively(LIMIT, () -> {
      for (int i = 0; i < 3000; i++) {
        String original = texts[rng.nextInt(texts.length)];
        String text = mutate(original, rng, words);
        // tensors sized as the original, and (when the text parses) as the text says
        loadModel(modelFile("Arch", text, tensors(original, rng, 0.3)), "[" + text + "]");
        byte[] own = ownTensors(text, rng);
        if (own != null) {
          loadModel(own, "[" + text + "] with its own tensors");
        }
      }
    });
  }

  /**
   * A file of {@code text} with the tensors it implies (nearly all zeros, so that a large layer
   * makes a small file); null if the text does not parse (the load of it was refused) or its
   * layers are too large for this heap to make the file here.
   */
  private static byte[] ownTensors(String text, SplittableRandom rng) throws IOException {
    try {
      return modelFile("Arch", text, tensors(text, rng, 0.99));
    } catch (IllegalArgumentException | OutOfMemoryError e) {
      return null;
    }
  }

  private static String mutate(String text, SplittableRandom rng, String[] words) {
    String s = text;
    int edits = 1 + rng.nextInt(2);
    for (int e = 0; e < edits; e++) {
      if (rng.nextInt(4) == 0) {
        String w = words[rng.nextInt(words.length)];
        String by = words[rng.nextInt(words.length)];
        s = s.replaceFirst("\\b" + Pattern.quote(w) + "\\b", by);
        continue;
      }
      Matcher m = NUMBER.matcher(s);
      List<int[]> spans = new ArrayList<>();
      while (m.find()) {
        spans.add(new int[] {m.start(), m.end()});
      }
      int[] span = spans.get(rng.nextInt(spans.size()));
      int[] values = {0, 1, 2, 3, 5, 9, 46341, 65536, 100000, 2147483647, 4, 16, 1 << 20};
      String by = rng.nextBoolean() ? Integer.toString(values[rng.nextInt(values.length)])
          : Integer.toString(rng.nextInt(1, 40));
      s = s.substring(0, span[0]) + by + s.substring(span[1]);
    }
    return s;
  }

  // ---------------------------------------------------------------- IDX files

  private static byte[] idxImages(int count, int rows, int cols, SplittableRandom rng) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int v : new int[] {Idx.IMAGE_MAGIC, count, rows, cols}) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
    }
    for (int i = 0; i < count * rows * cols; i++) {
      out.write(rng.nextInt(256));
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private void loadIdx(byte[] bytes, String what) {
    try {
      Idx.Images images = Idx.readImages(new ByteArrayInputStream(bytes));
      assertEquals((long) images.count * images.rows * images.cols, images.pixels.length, what);
      loaded++;
    } catch (IdxFormatException e) {
      refused++;
    } catch (Throwable t) {
      throw new AssertionError(what + ": Idx.readImages threw " + t, t);
    }
    try {
      int[] labels = Idx.readLabels(new ByteArrayInputStream(bytes));
      for (int l : labels) {
        assertTrue(l >= 0 && l < 256, what);
      }
      loaded++;
    } catch (IdxFormatException e) {
      refused++;
    } catch (Throwable t) {
      throw new AssertionError(what + ": Idx.readLabels threw " + t, t);
    }
  }

  @Test
  void idxFilesTruncatedFlippedMutatedAndWithHostileHeadersAreRefusedOrLoadWhole()
      throws IOException {
    SplittableRandom rng = new SplittableRandom(SEED + 3);
    byte[] plain = idxImages(3, 4, 5, rng);
    byte[] gz = gzip(plain);
    byte[] labels = Arrays.copyOf(new byte[] {0, 0, 8, 1, 0, 0, 0, 4, 1, 2, 3, 4}, 12);
    assertTimeoutPreemptively(LIMIT, () -> {
      for (byte[] file : new byte[][] {plain, gz, labels, gzip(labels)}) {
        for (int n = 0; n <= file.length; n++) {
          loadIdx(Arrays.copyOf(file, n), "cut to " + n);
        }
        for (int bit = 0; bit < file.length * 8; bit++) {
          byte[] flipped = file.clone();
          flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
          loadIdx(flipped, "bit " + bit);
        }
      }
      for (int i = 0; i < 3000; i++) {
        byte[] mutated = plain.clone();
        int at = rng.nextInt(4, mutated.length - 3);
        int v = HOSTILE[rng.nextInt(HOSTILE.length)];
        for (int b = 0; b < 4; b++) {
          mutated[at + b] = (byte) (v >>> (24 - 8 * b));
        }
        loadIdx(mutated, "int " + v + " at " + at);
        loadIdx(gzip(mutated), "gzip of int " + v + " at " + at); // a valid gzip checksum
      }
      for (int count : HOSTILE) {
        for (int rows : HOSTILE) {
          byte[] header = Arrays.copyOf(idxImages(0, 1, 1, rng), 16);
          for (int b = 0; b < 4; b++) {
            header[4 + b] = (byte) (count >>> (24 - 8 * b));
            header[8 + b] = (byte) (rows >>> (24 - 8 * b));
            header[12 + b] = (byte) (rows >>> (24 - 8 * b));
          }
          loadIdx(header, count + " images of " + rows + "x" + rows);
          loadIdx(gzip(header), "gzip of " + count + " images of " + rows + "x" + rows);
        }
      }
    });
    assertTrue(loaded > 0 && refused > 0, loaded + " loaded, " + refused + " refused");
  }
}
