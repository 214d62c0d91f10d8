package dev.topiary.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model files written by hand as an attacker would (valid checksums, hostile sizes): every one is
 * refused with a {@link ModelFileException} naming the file, before any size it states is
 * allocated (issue 15, items 1, 2, 4 and 5).
 */
class HostileModelFileTest {
  /** One Dense layer 2 -> 2 with a bias: tensors d/kernel (4 values) and d/bias (2). */
  static final String ARCH = "input 2; d Dense 2 SOFTMAX bias -> 2";

  @TempDir File dir;

  /** A tensor's header and payload, as {@link ModelFile} lays them out. */
  interface Payload {
    void write(DataOutputStream out) throws IOException;
  }

  /** A version 2 file of {@code ARCH} with the given tensors, its checksum correct. */
  static byte[] file(String architecture, Payload... tensors) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(ModelFile.MAGIC);
    out.writeInt(2);
    out.writeUTF("M");
    out.writeUTF(architecture);
    out.writeInt(tensors.length);
    for (Payload t : tensors) {
      t.write(out);
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    return bytes.toByteArray();
  }

  static Payload dense(String name, float... values) {
    return out -> {
      out.writeUTF(name);
      out.writeByte(ModelFile.DENSE_FLOAT32);
      out.writeInt(values.length);
      for (float v : values) {
        out.writeFloat(v);
      }
    };
  }

  /** A sparse tensor of {@code length} values storing none: a gaps index of 0 bytes. */
  static Payload emptySparse(String name, int length) {
    return out -> {
      out.writeUTF(name);
      out.writeByte(ModelFile.SPARSE_FLOAT32);
      out.writeInt(length);
      out.writeInt(0);
      out.writeByte(TensorEncoding.GAPS);
      out.writeInt(0);
    };
  }

  static Payload indicator(String name, int length, int source) {
    return out -> {
      out.writeUTF(name);
      out.writeByte(ModelFile.INDICATOR_OF);
      out.writeInt(length);
      out.writeInt(source);
    };
  }

  private ModelFileException refused(byte[] bytes, String expected) throws IOException {
    File f = new File(dir, "hostile.topiary");
    Files.write(f.toPath(), bytes);
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(f));
    assertTrue(e.getMessage().startsWith("model file hostile.topiary"), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    ModelFileException s = assertThrows(ModelFileException.class,
        () -> ModelFile.read(new ByteArrayInputStream(bytes)));
    assertTrue(s.getMessage().startsWith("model stream"), s.getMessage());
    return e;
  }

  @Test
  void aValidFileOfItsArchitectureLoads() throws IOException {
    byte[] ok = file(ARCH, dense("d/kernel", 1, 2, 3, 4), dense("d/bias", 5, 6));
    ModelFile.Contents c = ModelFile.read(new ByteArrayInputStream(ok));
    assertEquals(2, c.tensors.length);
    assertArrayEquals(new float[] {1, 2, 3, 4}, c.tensors[0].value);
  }

  @Test
  void aSparseTensorClaimingMoreValuesThanItsLayerHasIsRefusedBeforeAllocation()
      throws IOException {
    // 91 bytes that used to end in OutOfMemoryError: a sparse tensor of 2^31 - 1 values, none stored
    for (int length : new int[] {Integer.MAX_VALUE, 1 << 28, 5}) {
      byte[] bytes = file(ARCH, emptySparse("d/kernel", length), dense("d/bias", 0, 0));
      refused(bytes, "tensor 'd/kernel' has " + length + " values, expected 4");
    }
  }

  @Test
  void anIndicatorOfAHugeSourceIsRefused() throws IOException {
    byte[] bytes = file(ARCH, emptySparse("d/kernel", 1 << 28), indicator("d/bias", 1 << 28, 0));
    refused(bytes, "expected 4");
  }

  @Test
  void manyLargeTensorsAreRefusedByName() throws IOException {
    Payload[] tensors = new Payload[40];
    for (int t = 0; t < tensors.length; t++) {
      tensors[t] = emptySparse("t" + t + "/kernel", 1 << 22);
    }
    refused(file(ARCH, tensors), "holds tensor 't0/kernel', which no layer of its architecture has");
  }

  @Test
  void anUnusedTensorIsRefused() throws IOException {
    byte[] bytes = file(ARCH, dense("d/kernel", 1, 2, 3, 4), dense("d/bias", 5, 6),
        dense("extra/kernel", 7));
    refused(bytes, "holds tensor 'extra/kernel', which no layer of its architecture has");
  }

  @Test
  void aDuplicateTensorIsRefusedNotOverwritten() throws IOException {
    byte[] bytes = file(ARCH, dense("d/kernel", 1, 2, 3, 4), dense("d/bias", 5, 6),
        dense("d/kernel", 9, 9, 9, 9));
    refused(bytes, "holds tensor 'd/kernel' twice");
  }

  @Test
  void aMissingTensorIsRefused() throws IOException {
    refused(file(ARCH, dense("d/kernel", 1, 2, 3, 4)), "lacks the tensors [d/bias]");
  }

  @Test
  void anArchitectureThatDoesNotHoldTogetherIsRefusedNamingTheFile() throws IOException {
    // a 1x1 conv with stride 2 on 3x3 computes 2x2, not the 3x3 stated
    String conv = "input 3x3x1; c Conv2D 1 k1x1 s2x2 VALID LINEAR bias -> 3x3x1";
    refused(file(conv, dense("c/kernel", 1), dense("c/bias", 0)), "does not hold together");
    refused(file("input 2; d Dense -4 SOFTMAX bias -> -4"), "does not hold together");
  }

  @Test
  void theInferenceModelsRefusalsNameTheFile() throws IOException {
    File f = new File(dir, "export.topiary");
    Files.write(f.toPath(), file(ARCH, dense("d/kernel", 1, 2, 3, 4), dense("d/bias", 5, 6),
        dense("d/kernel", 1, 2, 3, 4)));
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> dev.topiary.runtime.inference.InferenceModel.load(f));
    assertTrue(e.getMessage().startsWith("model file export.topiary holds tensor 'd/kernel' twice"),
        e.getMessage());
    Files.write(f.toPath(), file("input 2; d Dense 2 SOFTMAX bias -> 3", dense("d/kernel", 1)));
    e = assertThrows(ModelFileException.class,
        () -> dev.topiary.runtime.inference.InferenceModel.load(f));
    assertTrue(e.getMessage().startsWith("model file export.topiary has an architecture"),
        e.getMessage());
  }

  @Test
  void nullArgumentsAreRefusedWithAMessage() {
    Parameter[] params = {new Parameter("d/kernel", 4)};
    for (org.junit.jupiter.api.function.Executable call : new org.junit.jupiter.api.function.Executable[] {
        () -> ModelFile.read((File) null),
        () -> ModelFile.read((InputStream) null),
        () -> ModelFile.read((File) null, "M", ARCH, params),
        () -> ModelFile.read((InputStream) null, "M", ARCH, params),
        () -> ModelFile.write((File) null, "M", ARCH, params),
        () -> ModelFile.write((java.io.OutputStream) null, "M", ARCH, params),
        () -> dev.topiary.runtime.inference.InferenceModel.load((File) null)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
      assertTrue(e.getMessage().startsWith("expected a") && e.getMessage().endsWith("found null"),
          e.getMessage());
    }
  }

  @Test
  void aStreamIsJudgedByItsFirstTwelveBytes() {
    // 400 MB of zeros used to be read to the end (OutOfMemoryError) before the magic was looked at
    CountingZeros zeros = new CountingZeros(400L << 20);
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.read(zeros));
    assertTrue(e.getMessage().contains("is not a Topiary model file"), e.getMessage());
    assertTrue(zeros.read <= 12, "read " + zeros.read + " bytes");

    byte[] head = new byte[12];
    System.arraycopy(ModelFile.MAGIC, 0, head, 0, 8);
    head[11] = 3; // version 3
    CountingZeros after = new CountingZeros(400L << 20, head);
    ModelFileException v = assertThrows(ModelFileException.class, () -> ModelFile.read(after));
    assertTrue(v.getMessage().contains("has format version 3"), v.getMessage());
    assertTrue(after.read <= 12, "read " + after.read + " bytes");
  }

  @Test
  void theGeneratedLoadPathJudgesAStreamByItsHeadToo() {
    CountingZeros zeros = new CountingZeros(400L << 20);
    Parameter[] params = {new Parameter("d/kernel", 4)};
    assertThrows(ModelFileException.class, () -> ModelFile.read(zeros, "M", ARCH, params));
    assertTrue(zeros.read <= 12, "read " + zeros.read + " bytes");
  }

  /** {@code head}, then zeros up to {@code size} bytes, counting what was read. */
  static final class CountingZeros extends InputStream {
    private final long size;
    private final byte[] head;
    long read;

    CountingZeros(long size, byte... head) {
      this.size = size;
      this.head = head;
    }

    @Override
    public int read() {
      if (read >= size) {
        return -1;
      }
      return read < head.length ? head[(int) read++] & 0xFF : (int) (read++ & 0);
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (read >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - read);
      for (int i = 0; i < n; i++) {
        b[off + i] = read + i < head.length ? head[(int) (read + i)] : 0;
      }
      read += n;
      return n;
    }
  }
}
