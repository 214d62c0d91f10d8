package dev.topiary.runtime.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads the IDX files of the original MNIST distribution (LeCun, Cortes and Burges), plain or
 * gzip-compressed.
 *
 * <p>An IDX file is a big-endian header followed by the values. The header is a magic number
 * {@code 0x000008DD} ({@code 0x08}: unsigned bytes, {@code DD}: the number of dimensions) and one
 * 32-bit size per dimension. Image files ({@link #IMAGE_MAGIC}) have three dimensions (count,
 * rows, columns), label files ({@link #LABEL_MAGIC}) one (count). Pixels become floats
 * {@code value / 255f} in [0, 1], one example of {@code rows * cols} values after the other (NHWC
 * with one channel). Gzip input (first bytes {@code 1f 8b}) is unwrapped transparently.
 *
 * <p>The stream methods read from the stream's current position and leave it open; they read ahead
 * in large chunks, so its position afterwards is unspecified.
 *
 * <p>A file may come from anywhere, so its header is believed only as far as the data goes: the
 * arrays grow as values arrive (a header stating millions of images over a few bytes costs a few
 * bytes, then a message), unless a plain file has exactly the bytes its header states, and the
 * product {@code count * rows * cols} is checked for overflow.
 * The data must end where the header says: a shorter file is truncated, a longer one refused.
 * Gzip input is read to its end, so its trailer (CRC-32 and length) is verified. Every such
 * problem is an {@link IdxFormatException} whose message names the file.
 */
public final class Idx {
  /** The magic number of an image file: unsigned bytes, 3 dimensions. */
  public static final int IMAGE_MAGIC = 0x00000803;
  /** The magic number of a label file: unsigned bytes, 1 dimension. */
  public static final int LABEL_MAGIC = 0x00000801;

  private static final int CHUNK = 1 << 16;
  /** {@code PIXEL[b] == b / 255f}: exactly the division, without dividing 47 million times. */
  private static final float[] PIXEL = new float[256];

  static {
    for (int b = 0; b < 256; b++) {
      PIXEL[b] = b / 255f;
    }
  }

  private Idx() {}

  /**
   * Images of one IDX image file: {@code count} examples of {@code rows * cols} pixels.
   */
  public static final class Images {
    /** The number of images. */
    public final int count;
    /** The height of each image. */
    public final int rows;
    /** The width of each image. */
    public final int cols;
    /** {@code count * rows * cols} values in [0, 1], row-major, one image after the other. */
    public final float[] pixels;

    Images(int count, int rows, int cols, float[] pixels) {
      this.count = count;
      this.rows = rows;
      this.cols = cols;
      this.pixels = pixels;
    }
  }

  /**
   * Reads an image file and its label file into a data set of examples of {@code rows * cols}
   * values.
   *
   * @throws IdxFormatException if a file is not the IDX file expected, is truncated, or the counts
   *     of images and labels differ; the message names the file
   * @throws IOException if a file cannot be read
   */
  public static Dataset read(File images, File labels) throws IOException {
    present(images, "an IDX image file");
    present(labels, "an IDX label file");
    try (InputStream imageIn = new FileInputStream(images);
        InputStream labelIn = new FileInputStream(labels)) {
      Images img = readImages(imageIn, images.getName(), images.length());
      int[] lab = readLabels(labelIn, labels.getName(), labels.length());
      return dataset(img, images.getName(), lab, labels.getName());
    }
  }

  /**
   * Reads an image stream and its label stream into a data set of examples of
   * {@code rows * cols} values. The streams are not closed.
   *
   * @throws IdxFormatException if a stream is not the IDX data expected, is truncated, or the
   *     counts of images and labels differ
   * @throws IOException if a stream cannot be read
   */
  public static Dataset read(InputStream images, InputStream labels) throws IOException {
    present(images, "a stream of IDX images");
    present(labels, "a stream of IDX labels");
    return read(images, "images", labels, "labels");
  }

  /**
   * Reads one IDX image file's data. The stream is not closed.
   *
   * @throws IdxFormatException if the magic number is not {@link #IMAGE_MAGIC}, a size is not
   *     positive, or the data is shorter than the header promises
   */
  public static Images readImages(InputStream in) throws IOException {
    return readImages(in, "images");
  }

  /**
   * Reads one IDX label file's data: one unsigned byte per example. The stream is not closed.
   *
   * @throws IdxFormatException if the magic number is not {@link #LABEL_MAGIC} or the data is
   *     shorter than the header promises
   */
  public static int[] readLabels(InputStream in) throws IOException {
    return readLabels(in, "labels");
  }

  private static Dataset read(
      InputStream images, String imageSource, InputStream labels, String labelSource)
      throws IOException {
    return dataset(readImages(images, imageSource), imageSource, readLabels(labels, labelSource),
        labelSource);
  }

  private static Dataset dataset(Images img, String imageSource, int[] lab, String labelSource)
      throws IdxFormatException {
    if (lab.length != img.count) {
      throw new IdxFormatException("expected one label per image: " + imageSource + " holds "
          + img.count + " images, " + labelSource + " holds " + lab.length + " labels");
    }
    return Dataset.of(img.pixels, lab, img.rows * img.cols);
  }

  static Images readImages(InputStream raw, String source) throws IOException {
    return readImages(raw, source, -1);
  }

  static int[] readLabels(InputStream raw, String source) throws IOException {
    return readLabels(raw, source, -1);
  }

  /**
   * The capacity to start an array of {@code total} values at: all of them when the file is
   * plain and has exactly the header's bytes and theirs ({@code fileLength}, -1 if unknown), so
   * that a whole file is read without copies; else one chunk, grown as values arrive.
   */
  private static int initialCapacity(InputStream in, long fileLength, int header, long total) {
    boolean whole = !(in instanceof GZIPInputStream) && fileLength == header + total;
    // (a file too large for the heap is read growing, to a message when the heap runs out)
    return whole && 4 * total <= freeHeap(4 * total) ? (int) total : (int) Math.min(total, CHUNK);
  }

  private static Images readImages(InputStream raw, String source, long fileLength)
      throws IOException {
    present(raw, "a stream of IDX images");
    try (InputStream in = unwrap(raw, source)) {
      byte[] header = new byte[16];
      readMagic(in, header, IMAGE_MAGIC, "image", source);
      int read = 4 + readFully(in, header, 4, 12);
      if (read < 16) {
        throw new IdxFormatException(source + ": expected a 16-byte IDX image header, file ends after "
            + read + " bytes");
      }
      int count = intAt(header, 4);
      int rows = intAt(header, 8);
      int cols = intAt(header, 12);
      if (count < 0 || rows <= 0 || cols <= 0) {
        throw new IdxFormatException(source + ": expected a non-negative image count and positive "
            + "rows and columns, found " + count + " images of " + rows + "x" + cols);
      }
      // each factor is below 2^31, so count * rows < 2^62 cannot overflow; the last product can
      long perImage = (long) rows * cols;
      long limit = Integer.MAX_VALUE - 8;
      if (perImage > limit || count > limit / perImage) {
        throw new IdxFormatException(source + ": expected at most " + limit + " pixels, found "
            + count + " images of " + rows + "x" + cols + " = "
            + java.math.BigInteger.valueOf(count).multiply(java.math.BigInteger.valueOf(perImage)));
      }
      int total = (int) (count * perImage);
      float[] pixels = readPixels(in, total, initialCapacity(in, fileLength, 16, total), source,
          count + " images of " + rows + "x" + cols);
      expectEnd(in, source, total + " pixel bytes");
      return new Images(count, rows, cols, pixels);
    } catch (ZipException | EOFException e) {
      throw corruptGzip(source, e);
    }
  }

  private static int[] readLabels(InputStream raw, String source, long fileLength)
      throws IOException {
    present(raw, "a stream of IDX labels");
    try (InputStream in = unwrap(raw, source)) {
      byte[] header = new byte[8];
      readMagic(in, header, LABEL_MAGIC, "label", source);
      int read = 4 + readFully(in, header, 4, 4);
      if (read < 8) {
        throw new IdxFormatException(source + ": expected an 8-byte IDX label header, file ends after "
            + read + " bytes");
      }
      int count = intAt(header, 4);
      if (count < 0) {
        throw new IdxFormatException(source + ": expected a non-negative label count, found " + count);
      }
      // grown as bytes arrive: a header's count is believed only as far as the data goes
      int[] labels = new int[initialCapacity(in, fileLength, 8, count)];
      byte[] buf = new byte[CHUNK];
      int done = 0;
      while (done < count) {
        if (done == labels.length) {
          labels = Arrays.copyOf(labels, grow(labels.length, count, 4, source));
        }
        int n = in.read(buf, 0, Math.min(buf.length, labels.length - done));
        if (n < 0) {
          throw new IdxFormatException(source + ": expected " + count + " label bytes, file ends after "
              + done);
        }
        for (int i = 0; i < n; i++) {
          labels[done + i] = buf[i] & 0xFF;
        }
        done += n;
      }
      expectEnd(in, source, count + " label bytes");
      return labels;
    } catch (ZipException | EOFException e) {
      throw corruptGzip(source, e);
    }
  }

  /**
   * Reads {@code total} unsigned bytes as pixels, into an array grown as they arrive (so that a
   * header's count costs memory only as far as the data goes).
   */
  private static float[] readPixels(InputStream in, int total, int capacity, String source,
      String what) throws IOException {
    float[] pixels = new float[capacity];
    byte[] buf = new byte[CHUNK];
    int done = 0;
    while (done < total) {
      if (done == pixels.length) {
        pixels = Arrays.copyOf(pixels, grow(pixels.length, total, 4, source));
      }
      int n = in.read(buf, 0, Math.min(buf.length, pixels.length - done));
      if (n < 0) {
        throw new IdxFormatException(source + ": expected " + total + " pixel bytes for " + what
            + ", file ends after " + done);
      }
      for (int i = 0; i < n; i++) {
        pixels[done + i] = PIXEL[buf[i] & 0xFF];
      }
      done += n;
    }
    return pixels;
  }

  /**
   * The next size of an array of {@code length} elements of {@code bytes} bytes filling up to
   * {@code total}: doubled, at most {@code total}, and only if the heap has room for it.
   */
  private static int grow(int length, int total, int bytes, String source)
      throws IdxFormatException {
    int next = (int) Math.min(total, 2L * length);
    long free = freeHeap((long) bytes * next);
    if ((long) bytes * next > free) {
      throw new IdxFormatException(source + ": holds more than " + length + " values (" + total
          + " stated), more than this JVM's heap has room for (" + free + " bytes free)");
    }
    return next;
  }

  /** Refuses any byte after the data the header declared. */
  private static void expectEnd(InputStream in, String source, String declared) throws IOException {
    if (in.read() >= 0) {
      throw new IdxFormatException(source + ": expected the data to end after the " + declared
          + " its header declares, found more bytes");
    }
  }

  private static IdxFormatException corruptGzip(String source, IOException e) {
    return new IdxFormatException(source + ": is not valid gzip data (truncated or corrupted: "
        + e.getMessage() + ")");
  }

  private static void readMagic(InputStream in, byte[] header, int expected, String kind,
      String source) throws IOException {
    int read = readFully(in, header, 0, 4);
    String wanted = "expected IDX " + kind + " magic " + hex(expected);
    if (read < 4) {
      throw new IdxFormatException(source + ": " + wanted + ", file ends after " + read + " bytes");
    }
    int magic = intAt(header, 0);
    if (magic != expected) {
      String hint = magic == IMAGE_MAGIC ? " (an image file)"
          : magic == LABEL_MAGIC ? " (a label file)" : "";
      throw new IdxFormatException(source + ": " + wanted + ", found " + hex(magic) + hint);
    }
  }

  /**
   * A buffered view of {@code raw}, gunzipped if it starts with the gzip magic {@code 1f 8b};
   * closing the view leaves {@code raw} open but frees the inflater.
   */
  private static InputStream unwrap(InputStream raw, String source) throws IOException {
    InputStream shielded = new FilterInputStream(raw) {
      @Override
      public void close() {
        // The caller owns raw.
      }
    };
    BufferedInputStream in = new BufferedInputStream(shielded, CHUNK);
    in.mark(2);
    int b0 = in.read();
    int b1 = in.read();
    in.reset();
    try {
      return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(in, CHUNK) : in;
    } catch (ZipException | EOFException e) {
      throw corruptGzip(source, e);
    }
  }

  /** Reads up to {@code len} bytes, fewer only at end of stream; returns how many. */
  private static int readFully(InputStream in, byte[] b, int off, int len) throws IOException {
    int done = 0;
    while (done < len) {
      int n = in.read(b, off + done, len - done);
      if (n < 0) {
        break;
      }
      done += n;
    }
    return done;
  }

  /**
   * The bytes the heap has free, or could have: when fewer than {@code wanted} look free, a
   * collection runs first (what looks used may be garbage), so that a refusal is not for garbage.
   */
  private static long freeHeap(long wanted) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (free < wanted) {
      System.gc();
      free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
    return free;
  }

  private static void present(Object source, String what) {
    if (source == null) {
      throw new IllegalArgumentException("expected " + what + ", found null");
    }
  }

  private static int intAt(byte[] b, int i) {
    return (b[i] & 0xFF) << 24 | (b[i + 1] & 0xFF) << 16 | (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
  }

  private static String hex(int v) {
    String digits = Integer.toHexString(v);
    return "0x" + "00000000".substring(digits.length()) + digits;
  }
}
