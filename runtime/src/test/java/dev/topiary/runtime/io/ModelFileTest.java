package dev.topiary.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link ModelFile}: exact round trips, the documented layout and every failure. */
class ModelFileTest {
  static final String NAME = "SeedCnn";
  static final String FP = "conv 3x3x1x2";
  /** The size of {@link #small()}'s file; {@link #layoutIsAsDocumented} shows how it adds up. */
  static final int SMALL_FILE_SIZE = 109;

  @TempDir File dir;

  static Parameter param(String name, float... values) {
    Parameter p = new Parameter(name, values.length);
    System.arraycopy(values, 0, p.value, 0, values.length);
    return p;
  }

  /** Two tensors: conv/kernel with 5 values and conv/bias with 2. */
  static Parameter[] small() {
    return new Parameter[] {
      param("conv/kernel", 1f, -2f, 0.5f, 3e-8f, Float.NaN),
      param("conv/bias", 0.25f, -0f),
    };
  }

  /** Like {@code like}, with every value 42 so that a load shows up. */
  static Parameter[] blank(Parameter[] like) {
    Parameter[] out = new Parameter[like.length];
    for (int i = 0; i < like.length; i++) {
      out[i] = new Parameter(like[i].name, like[i].size());
      Arrays.fill(out[i].value, 42f);
    }
    return out;
  }

  static int[] rawBits(Parameter[] params) {
    int n = 0;
    for (Parameter p : params) {
      n += p.size();
    }
    int[] bits = new int[n];
    int k = 0;
    for (Parameter p : params) {
      for (float v : p.value) {
        bits[k++] = Float.floatToRawIntBits(v);
      }
    }
    return bits;
  }

  File seed() {
    return new File(dir, "seed.topiary");
  }

  byte[] smallFileBytes() throws IOException {
    ModelFile.write(seed(), NAME, FP, small());
    return bytes(seed());
  }

  static byte[] bytes(File f) throws IOException {
    try (InputStream in = new FileInputStream(f)) {
      return in.readAllBytes();
    }
  }

  void overwrite(byte[] data) throws IOException {
    try (OutputStream out = new FileOutputStream(seed())) {
      out.write(data);
    }
  }

  /** Writes {@code data} as seed.topiary, loads it into blank small() parameters, returns the message. */
  String failure(byte[] data) throws IOException {
    overwrite(data);
    Parameter[] params = blank(small());
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFile.read(seed(), NAME, FP, params));
    for (Parameter p : params) {
      for (float v : p.value) {
        assertEquals(42f, v, "a failed load must leave the parameters untouched");
      }
    }
    return e.getMessage();
  }

  @Test
  void roundTripIsBitExact() throws IOException {
    int[] special = {
      0x7fc12345, 0x7f812345, 0xffc00000, 0xff800001, // NaNs: quiet and signalling, with payloads
      0x80000000, 0x00000000, // -0.0 and 0.0
      0x00000001, 0x007fffff, 0x80000001, 0x807fffff, // subnormals
      0x7f800000, 0xff800000, 0x7f7fffff, 0x3eaaaaab, // infinities, MAX_VALUE, 1/3
    };
    Parameter specials = new Parameter("specials", special.length);
    for (int i = 0; i < special.length; i++) {
      specials.value[i] = Float.intBitsToFloat(special[i]);
    }
    Parameter random = new Parameter("dense/kernel", 100_000); // 400 KB: crosses write chunks
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < random.size(); i++) {
      random.value[i] = Float.intBitsToFloat(r.nextInt());
    }
    Parameter[] saved = {specials, new Parameter("empty", 0), random};
    ModelFile.write(seed(), NAME, FP, saved);
    Parameter[] loaded = blank(saved);
    ModelFile.read(seed(), NAME, FP, loaded);
    assertArrayEquals(rawBits(saved), rawBits(loaded));
    assertArrayEquals(new String[] {"seed.topiary"}, dir.list(), "no temporary files left");
  }

  @Test
  void streamVariantsRoundTrip() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ModelFile.write(out, NAME, FP, small());
    assertEquals(SMALL_FILE_SIZE, out.size());
    Parameter[] loaded = blank(small());
    ModelFile.read(new ByteArrayInputStream(out.toByteArray()), NAME, FP, loaded);
    assertArrayEquals(rawBits(small()), rawBits(loaded));
    byte[] truncated = Arrays.copyOf(out.toByteArray(), 20);
    assertEquals("model stream is truncated: file ends after 20 bytes, in the model name",
        assertThrows(ModelFileException.class,
            () -> ModelFile.read(new ByteArrayInputStream(truncated), NAME, FP, blank(small())))
            .getMessage());
  }

  @Test
  void layoutIsAsDocumented() throws IOException {
    byte[] file = smallFileBytes();
    assertEquals(SMALL_FILE_SIZE, file.length);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(file));
    byte[] magic = new byte[8];
    in.readFully(magic);
    assertArrayEquals(new byte[] {'T', 'O', 'P', 'I', 'A', 'R', 'Y', 0}, magic);
    assertEquals(1, in.readInt());
    assertEquals(NAME, in.readUTF()); // bytes 12..21
    assertEquals(FP, in.readUTF()); // bytes 21..35
    assertEquals(2, in.readInt()); // bytes 35..39
    assertEquals("conv/kernel", in.readUTF()); // bytes 39..52
    assertEquals(0, in.readByte()); // byte 52
    assertEquals(5, in.readInt()); // bytes 53..57
    assertEquals(Float.floatToRawIntBits(1f), in.readInt()); // values: bytes 57..77
    in.skipBytes(16);
    assertEquals("conv/bias", in.readUTF()); // bytes 77..88
    assertEquals(0, in.readByte()); // byte 88
    assertEquals(2, in.readInt()); // bytes 89..93
    assertEquals(0.25f, in.readFloat()); // values: bytes 93..101
    assertEquals(0x80000000, in.readInt());
    CRC32 crc = new CRC32();
    crc.update(file, 0, 101);
    assertEquals(crc.getValue(), in.readLong()); // bytes 101..109
    assertEquals(-1, in.read());
  }

  @Test
  void badMagicIsNotATopiaryFile() throws IOException {
    byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
    assertEquals("model file seed.topiary is not a Topiary model file: expected it to start with "
        + "\"TOPIARY\\0\" (54 4f 50 49 41 52 59 00), found 50 4b 03 04 14 00 00 00", failure(zip));
    assertTrue(failure(new byte[] {'T', 'O', 'X'}).endsWith("found 54 4f 58"));
  }

  @Test
  void unsupportedVersionSaysWhichItFound() throws IOException {
    byte[] file = smallFileBytes();
    file[11] = 3;
    assertEquals("model file seed.topiary has format version 3, expected 1 or 2 (the versions this "
        + "Topiary reads; a newer Topiary may have written it)", failure(file));
  }

  @Test
  void unknownEncodingNamesTheTensor() throws IOException {
    byte[] file = smallFileBytes();
    file[52] = 1;
    assertEquals("model file seed.topiary: tensor 'conv/kernel' has encoding 1, expected 0 (dense "
        + "float32, the only encoding of format version 1)", failure(file));
  }

  @Test
  void fileOfAnotherNetwork() throws IOException {
    ModelFile.write(seed(), "Other", FP, small());
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFile.read(seed(), NAME, FP, blank(small())));
    assertEquals("model file seed.topiary holds network 'Other', expected 'SeedCnn'", e.getMessage());
  }

  @Test
  void fileOfAnotherArchitectureShowsBothArchitectures() throws IOException {
    ModelFile.write(seed(), NAME, "conv 5x5x1x2", small());
    ModelFileException e = assertThrows(ModelFileException.class,
        () -> ModelFile.read(seed(), NAME, FP, blank(small())));
    assertEquals("model file seed.topiary holds network 'SeedCnn' of another architecture (were its "
        + "layers changed since it was saved?): expected [conv 3x3x1x2], found [conv 5x5x1x2]",
        e.getMessage());
  }

  @Test
  void tensorMismatchesSayWhichTensor() throws IOException {
    ModelFile.write(seed(), NAME, FP, new Parameter[] {param("conv/kernel", 1, 2, 3, 4, 5)});
    assertEquals("model file seed.topiary holds 1 tensors [conv/kernel], expected 2 "
        + "[conv/kernel, conv/bias]", assertThrows(ModelFileException.class,
            () -> ModelFile.read(seed(), NAME, FP, blank(small()))).getMessage());
    ModelFile.write(seed(), NAME, FP, new Parameter[] {small()[0], param("dense/bias", 1, 2)});
    assertEquals("model file seed.topiary: tensor 1 is 'dense/bias', expected 'conv/bias'",
        assertThrows(ModelFileException.class,
            () -> ModelFile.read(seed(), NAME, FP, blank(small()))).getMessage());
    ModelFile.write(seed(), NAME, FP, new Parameter[] {small()[0], param("conv/bias", 1, 2, 3)});
    assertEquals("model file seed.topiary: tensor 'conv/bias' has 3 values, expected 2",
        assertThrows(ModelFileException.class,
            () -> ModelFile.read(seed(), NAME, FP, blank(small()))).getMessage());
  }

  @Test
  void truncatedFilesSayWhereTheyEnd() throws IOException {
    byte[] file = smallFileBytes();
    Object[][] cuts = {
      {0, "the magic number"}, {5, "the magic number"}, {10, "the format version"},
      {16, "the model name"}, {30, "the architecture"}, {37, "the tensor count"},
      {45, "the name of tensor 0"}, {52, "the encoding of tensor 'conv/kernel'"},
      {55, "the length of tensor 'conv/kernel'"},
      {60, "the values of tensor 'conv/kernel' (5 floats from byte 57)"},
      {93, "the values of tensor 'conv/bias' (2 floats from byte 93)"},
      {101, "the checksum"}, {108, "the checksum"},
    };
    for (Object[] cut : cuts) {
      int length = (Integer) cut[0];
      assertEquals("model file seed.topiary is truncated: file ends after " + length + " bytes, in "
          + cut[1], failure(Arrays.copyOf(file, length)));
    }
  }

  @Test
  void bytesAfterTheChecksumAreCorruption() throws IOException {
    byte[] file = Arrays.copyOf(smallFileBytes(), SMALL_FILE_SIZE + 3);
    assertEquals("model file seed.topiary is corrupted: expected the file to end after the checksum "
        + "at byte 109, found 3 more bytes", failure(file));
  }

  @Test
  void flippedValueByteFailsTheChecksum() throws IOException {
    byte[] file = smallFileBytes();
    CRC32 crc = new CRC32();
    crc.update(file, 0, 101);
    long stored = crc.getValue();
    file[60] ^= 0x10;
    crc.reset();
    crc.update(file, 0, 101);
    assertEquals(String.format("model file seed.topiary is corrupted: checksum of its first 101 bytes"
        + " expected 0x%08x (stored in the file), found 0x%08x", stored, crc.getValue()),
        failure(file));
  }

  @Test
  void flippedNameByteIsCorruptionNotAnotherNetwork() throws IOException {
    byte[] file = smallFileBytes();
    file[15] ^= 0x01;
    assertTrue(failure(file).startsWith("model file seed.topiary is corrupted: checksum"));
  }

  @Test
  void everySingleFlippedByteIsCaught() throws IOException {
    byte[] good = smallFileBytes();
    for (int i = 0; i < good.length; i++) {
      for (int mask : new int[] {0x01, 0x80, 0xFF}) {
        byte[] file = good.clone();
        file[i] ^= (byte) mask;
        failure(file); // asserts a ModelFileException and untouched parameters
      }
    }
  }
}
