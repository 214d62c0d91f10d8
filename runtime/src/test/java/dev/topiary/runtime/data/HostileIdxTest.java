package dev.topiary.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IDX files as an attacker or a damaged download would have them (issue 15, items 6 and 7):
 * headers whose sizes the data does not hold, sizes whose product overflows, corrupt and
 * truncated gzip, trailing bytes. Each is an {@link IdxFormatException} naming the file.
 */
class HostileIdxTest {
  @TempDir File dir;

  private static final int[] PIXELS = {0, 1, 2, 3, 4, 5, 255, 254, 128, 127, 64, 200};

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private Idx.Images readFile(String name, byte[] bytes) throws IOException {
    File f = new File(dir, name);
    Files.write(f.toPath(), bytes);
    try (java.io.InputStream in = new java.io.FileInputStream(f)) {
      return Idx.readImages(in, name);
    }
  }

  private IdxFormatException refused(String name, byte[] bytes) {
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> readFile(name, bytes));
    assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
    return e;
  }

  @Test
  void aHeaderIsBelievedOnlyAsFarAsTheDataGoes() {
    // 16 bytes claiming 33,554,431 images of 8x8 used to allocate 8 GB of floats
    IdxFormatException e = refused("huge", IdxTest.images(Idx.IMAGE_MAGIC, 33_554_431, 8, 8,
        new int[0]));
    assertEquals("huge: expected 2147483584 pixel bytes for 33554431 images of 8x8, file ends "
        + "after 0", e.getMessage());
    byte[] labels = IdxTest.labels(Idx.LABEL_MAGIC, new int[0]);
    labels[4] = 0x7f; // 2,130,706,432 labels, none present
    IdxFormatException l = assertThrows(IdxFormatException.class,
        () -> Idx.readLabels(new ByteArrayInputStream(labels), "labs"));
    assertEquals("labs: expected 2130706432 label bytes, file ends after 0", l.getMessage());
  }

  @Test
  void nullArgumentsAreRefusedWithAMessage() {
    for (org.junit.jupiter.api.function.Executable call : new org.junit.jupiter.api.function.Executable[] {
        () -> Idx.readImages(null),
        () -> Idx.readLabels(null),
        () -> Idx.read((File) null, new File(dir, "l")),
        () -> Idx.read(new ByteArrayInputStream(new byte[0]), null),
        () -> Dataset.of(null, new int[0], 1),
        () -> Dataset.of(new float[0], null, 1)}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
      assertTrue(e.getMessage().startsWith("expected ") && e.getMessage().contains("null"),
          e.getMessage());
    }
  }

  @Test
  void theProductOfTheSizesCannotWrapAround() {
    // 0x7FFFFFFF images of 0x7FFFFFFF x 4: the long product wraps to 4 ("2^31 - 1 images of 4 pixels")
    IdxFormatException e = refused("wrap", IdxTest.images(Idx.IMAGE_MAGIC, 0x7FFFFFFF,
        0x7FFFFFFF, 4, new int[] {1, 2, 3, 4}));
    assertTrue(e.getMessage().contains("expected at most 2147483639 pixels"), e.getMessage());
    assertTrue(e.getMessage().contains("= 18446744056529682436"), e.getMessage());
  }

  @Test
  void bytesAfterTheDeclaredDataAreRefused() throws IOException {
    byte[] img = IdxTest.images(Idx.IMAGE_MAGIC, 2, 2, 3, PIXELS);
    byte[] longer = Arrays.copyOf(img, img.length + 1);
    IdxFormatException e = refused("extra", longer);
    assertEquals("extra: expected the data to end after the 12 pixel bytes its header declares, "
        + "found more bytes", e.getMessage());
    refused("extra.gz", gzip(longer));
    byte[] labels = Arrays.copyOf(IdxTest.labels(Idx.LABEL_MAGIC, new int[] {1, 2}), 11);
    assertThrows(IdxFormatException.class,
        () -> Idx.readLabels(new ByteArrayInputStream(labels), "labs"));
  }

  @Test
  void everyTruncationOfAGzipFileIsRefusedNamingTheFile() throws IOException {
    byte[] gz = gzip(IdxTest.images(Idx.IMAGE_MAGIC, 2, 2, 3, PIXELS));
    for (int n = 0; n < gz.length; n++) {
      IdxFormatException e = refused("cut.gz", Arrays.copyOf(gz, n));
      assertTrue(e.getMessage().startsWith("cut.gz: "), n + ": " + e.getMessage());
    }
  }

  @Test
  void everySingleBitFlipOfAGzipFileIsRefusedOrGivesTheSamePixels() throws IOException {
    // flips in the gzip header's time, flags for no field, or OS byte change nothing; any flip
    // that changes the data must be caught by the trailer's CRC-32 and length
    byte[] img = IdxTest.images(Idx.IMAGE_MAGIC, 2, 2, 3, PIXELS);
    float[] expected = readFile("ok.gz", gzip(img)).pixels;
    byte[] gz = gzip(img);
    int refused = 0;
    for (int bit = 0; bit < gz.length * 8; bit++) {
      byte[] flipped = gz.clone();
      flipped[bit >>> 3] ^= (byte) (1 << (bit & 7));
      try {
        Idx.Images loaded = readFile("flip.gz", flipped);
        assertArrayEquals(expected, loaded.pixels, "bit " + bit + " loaded other pixels");
      } catch (IdxFormatException e) {
        assertTrue(e.getMessage().startsWith("flip.gz: "), e.getMessage());
        refused++;
      }
    }
    assertTrue(refused > gz.length * 8 / 2, refused + " of " + gz.length * 8 + " refused");
  }
}
