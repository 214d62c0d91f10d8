package dev.topiary.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link Idx} on small IDX files made here. */
class IdxTest {
  @TempDir File dir;

  /** Three 2x3 images whose pixels cover 0, 255 and values in between. */
  private static final int[] PIXELS = {
    0, 1, 2, 3, 4, 5,
    255, 254, 128, 127, 64, 200,
    10, 20, 30, 40, 50, 60,
  };
  private static final int[] LABELS = {7, 0, 255};

  static byte[] images(int magic, int count, int rows, int cols, int[] pixels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, magic);
    writeInt(out, count);
    writeInt(out, rows);
    writeInt(out, cols);
    for (int p : pixels) {
      out.write(p);
    }
    return out.toByteArray();
  }

  static byte[] labels(int magic, int[] labels) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, magic);
    writeInt(out, labels.length);
    for (int l : labels) {
      out.write(l);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream out = new GZIPOutputStream(bytes)) {
      out.write(data);
    }
    return bytes.toByteArray();
  }

  private File file(String name, byte[] data) throws IOException {
    File f = new File(dir, name);
    try (OutputStream out = new FileOutputStream(f)) {
      out.write(data);
    }
    return f;
  }

  private static Dataset read(byte[] images, byte[] labels) throws IOException {
    return Idx.read(new ByteArrayInputStream(images), new ByteArrayInputStream(labels));
  }

  private static void assertSample(Dataset data) {
    assertEquals(3, data.size());
    assertEquals(6, data.exampleSize());
    for (int i = 0; i < 3; i++) {
      assertEquals(LABELS[i], data.label(i));
      float[] x = data.example(i);
      for (int j = 0; j < 6; j++) {
        assertEquals(PIXELS[i * 6 + j] / 255f, x[j], 0f, "example " + i + " pixel " + j);
      }
    }
    assertEquals(0f, data.example(0)[0]);
    assertEquals(1f, data.example(1)[0]);
  }

  @Test
  void readsImagesAndLabelsFromStreams() throws IOException {
    assertSample(read(images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS), labels(Idx.LABEL_MAGIC, LABELS)));
  }

  @Test
  void readsPlainAndGzipFiles() throws IOException {
    byte[] img = images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS);
    byte[] lab = labels(Idx.LABEL_MAGIC, LABELS);
    assertSample(Idx.read(file("img", img), file("lab", lab)));
    assertSample(Idx.read(file("img.gz", gzip(img)), file("lab.gz", gzip(lab))));
    assertSample(Idx.read(file("img2", img), file("lab2.gz", gzip(lab))));
  }

  @Test
  void lowerLevelMethodsGiveShapeAndLabels() throws IOException {
    Idx.Images img = Idx.readImages(new ByteArrayInputStream(images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS)));
    assertEquals(3, img.count);
    assertEquals(2, img.rows);
    assertEquals(3, img.cols);
    assertEquals(18, img.pixels.length);
    assertEquals(128 / 255f, img.pixels[8]);
    assertArrayEquals(LABELS, Idx.readLabels(new ByteArrayInputStream(labels(Idx.LABEL_MAGIC, LABELS))));
  }

  @Test
  void emptyFilesGiveAnEmptyDataSet() throws IOException {
    Dataset data = read(images(Idx.IMAGE_MAGIC, 0, 28, 28, new int[0]), labels(Idx.LABEL_MAGIC, new int[0]));
    assertEquals(0, data.size());
    assertEquals(784, data.exampleSize());
  }

  @Test
  void leavesTheCallersStreamsOpen() throws IOException {
    boolean[] closed = new boolean[1];
    InputStream in = new FilterInputStream(new ByteArrayInputStream(gzip(labels(Idx.LABEL_MAGIC, LABELS)))) {
      @Override
      public void close() {
        closed[0] = true;
      }
    };
    Idx.readLabels(in);
    assertFalse(closed[0]);
  }

  @Test
  void readsInLargeChunksNotByteByByte() throws IOException {
    int count = 1000;
    int[] pixels = new int[count * 28 * 28];
    Arrays.fill(pixels, 3);
    int[] calls = new int[1];
    InputStream in = new FilterInputStream(new ByteArrayInputStream(images(Idx.IMAGE_MAGIC, count, 28, 28, pixels))) {
      @Override
      public int read() throws IOException {
        calls[0]++;
        return super.read();
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        calls[0]++;
        return super.read(b, off, len);
      }
    };
    Idx.Images img = Idx.readImages(in);
    assertEquals(3 / 255f, img.pixels[img.pixels.length - 1]);
    // 784,016 bytes in 64 KiB chunks is 13 reads; byte by byte would be 784,016.
    assertTrue(calls[0] < 40, "reads from the stream: " + calls[0]);
  }

  @Test
  void wrongImageMagicSaysWhatItFound() {
    byte[] lab = labels(Idx.LABEL_MAGIC, LABELS);
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> Idx.read(file("train-images-idx3-ubyte", lab), file("train-labels-idx1-ubyte", lab)));
    assertEquals("train-images-idx3-ubyte: expected IDX image magic 0x00000803, found 0x00000801"
        + " (a label file)", e.getMessage());
  }

  @Test
  void wrongLabelMagicSaysWhatItFound() {
    byte[] img = images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> read(img, img));
    assertEquals("labels: expected IDX label magic 0x00000801, found 0x00000803 (an image file)",
        e.getMessage());
    byte[] html = "<!DOCTYPE html>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    e = assertThrows(IdxFormatException.class, () -> read(img, html));
    assertEquals("labels: expected IDX label magic 0x00000801, found 0x3c21444f", e.getMessage());
  }

  @Test
  void truncatedPixelsSayHowManyWereExpectedAndFound() {
    byte[] img = images(Idx.IMAGE_MAGIC, 4, 2, 3, PIXELS);
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> read(img, labels(Idx.LABEL_MAGIC, new int[4])));
    assertEquals("images: expected 24 pixel bytes for 4 images of 2x3, file ends after 18",
        e.getMessage());
  }

  @Test
  void truncatedGzipPixelsAreReportedTheSameWay() throws IOException {
    byte[] img = gzip(images(Idx.IMAGE_MAGIC, 4, 2, 3, PIXELS));
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> Idx.read(file("i.gz", img), file("l", labels(Idx.LABEL_MAGIC, new int[4]))));
    assertEquals("i.gz: expected 24 pixel bytes for 4 images of 2x3, file ends after 18",
        e.getMessage());
  }

  @Test
  void truncatedHeadersSayWhereTheFileEnds() {
    byte[] img = Arrays.copyOf(images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS), 10);
    byte[] lab = labels(Idx.LABEL_MAGIC, LABELS);
    IdxFormatException e = assertThrows(IdxFormatException.class, () -> read(img, lab));
    assertEquals("images: expected a 16-byte IDX image header, file ends after 10 bytes", e.getMessage());
    e = assertThrows(IdxFormatException.class, () -> read(new byte[0], lab));
    assertEquals("images: expected IDX image magic 0x00000803, file ends after 0 bytes", e.getMessage());
    byte[] shortLab = Arrays.copyOf(lab, 6);
    e = assertThrows(IdxFormatException.class,
        () -> read(images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS), shortLab));
    assertEquals("labels: expected an 8-byte IDX label header, file ends after 6 bytes", e.getMessage());
  }

  @Test
  void truncatedLabelsSayHowManyWereExpectedAndFound() {
    byte[] lab = Arrays.copyOf(labels(Idx.LABEL_MAGIC, LABELS), 9);
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> read(images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS), lab));
    assertEquals("labels: expected 3 label bytes, file ends after 1", e.getMessage());
  }

  @Test
  void countMismatchNamesBothFiles() {
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> Idx.read(file("imgs", images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS)),
            file("labs", labels(Idx.LABEL_MAGIC, new int[] {1, 2}))));
    assertEquals("expected one label per image: imgs holds 3 images, labs holds 2 labels",
        e.getMessage());
  }

  @Test
  void impossibleSizesAreRejectedBeforeAllocating() {
    byte[] lab = labels(Idx.LABEL_MAGIC, LABELS);
    IdxFormatException e = assertThrows(IdxFormatException.class,
        () -> read(images(Idx.IMAGE_MAGIC, 3, 0, 3, new int[0]), lab));
    assertEquals("images: expected a non-negative image count and positive rows and columns, "
        + "found 3 images of 0x3", e.getMessage());
    e = assertThrows(IdxFormatException.class,
        () -> read(images(Idx.IMAGE_MAGIC, 100_000, 28_000, 28, new int[0]), lab));
    assertTrue(e.getMessage().startsWith("images: expected at most 2147483639 pixels, found "
        + "100000 images of 28000x28 = 78400000000"), e.getMessage());
    byte[] negative = labels(Idx.LABEL_MAGIC, new int[0]);
    Arrays.fill(negative, 4, 8, (byte) 0xFF);
    e = assertThrows(IdxFormatException.class,
        () -> read(images(Idx.IMAGE_MAGIC, 3, 2, 3, PIXELS), negative));
    assertEquals("labels: expected a non-negative label count, found -1", e.getMessage());
  }
}
