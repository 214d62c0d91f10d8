package dev.topiary.runtime.io;

import dev.topiary.runtime.Parameter;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * Reads and writes the weights of a generated network: the Topiary model file format.
 *
 * <p>Layout, big-endian ({@link java.io.DataOutputStream}):
 *
 * <pre>
 * bytes[8] magic        "TOPIARY\0"
 * int      version      1 if every tensor is dense, else {@link #FORMAT_VERSION} (2)
 * UTF      modelName    the network's name, e.g. "SeedCnn"
 * UTF      architecture  the network's description of its layers and shapes
 * int      tensorCount
 * tensorCount times:
 *   UTF    name         "layer/kernel" and "layer/bias" (Conv2D, Dense, DepthwiseConv2D,
 *                       Conv1D), "layer/depthwise_kernel", "layer/pointwise_kernel" and
 *                       "layer/bias" (SeparableConv2D): LayerDescription.tensors()
 *   byte   encoding     {@link #DENSE_FLOAT32}, {@link #SPARSE_FLOAT32} or {@link #INDICATOR_OF}
 *   int    length       the number of values
 *   DENSE_FLOAT32 (0):
 *     float[length]     raw IEEE 754 bits (NaN payloads kept)
 *   SPARSE_FLOAT32 (1), version 2:
 *     int    count      the number of stored values: all but the +0.0 ones
 *     byte   indexKind  0 = bitmap, 1 = gaps
 *     int    indexBytes
 *     bytes[indexBytes] bitmap: ceil(length / 8) bytes, bit (i &amp; 7) of byte (i &gt;&gt; 3)
 *                       set iff value i is stored, unused bits 0; gaps: count unsigned LEB128
 *                       varints, the first stored position, then each next one minus the
 *                       previous minus 1
 *     float[count]      the stored values in position order, raw bits
 *   INDICATOR_OF (2), version 2:
 *     int    source     another tensor, dense or sparse, of the same length: this tensor is 1.0
 *                       where the source stores a value (is not +0.0) and +0.0 elsewhere
 * long     checksum     CRC-32 of every byte before it
 * </pre>
 *
 * <p>The writer picks for each tensor the smallest encoding, and of the two sparse indexes the
 * smaller (gaps win below about one stored value in eight). A pruned kernel is thus stored as its
 * non-zero values and their positions, and its pruning mask as a reference to it (the mask
 * implied). Every encoding gives back the same bits. Files with dense tensors only are written as
 * version 1, byte for byte what earlier Topiary versions wrote and read; version 2 files are
 * refused by those versions with a message that names the version.
 *
 * <p>UTF is {@link java.io.DataOutput#writeUTF}: a 2-byte length, then modified UTF-8. Files are
 * written to a temporary file beside the target, synced, then renamed into place, so a failed or
 * interrupted save never leaves a half-written model at the target. Loading checks everything
 * before it changes a value: on any error the parameters are left untouched.
 *
 * <h2>What a reader checks, and what it refuses</h2>
 *
 * A model file may come from anywhere, so a reader believes no size before it has bounded it. It
 * throws {@link ModelFileException} (an {@link IOException}) naming the file ("model file
 * x.topiary", or "model stream") and saying what was expected and found, or an
 * {@link IOException} if the file cannot be read; nothing else, whatever the bytes. In order:
 * <ol>
 *   <li><b>Head.</b> The first 8 bytes must be the magic number and the next 4 a version this
 *       reader knows (1 or 2), checked before anything more is read: a stream of anything else
 *       is refused after 12 bytes.
 *   <li><b>Size.</b> The whole file is read into memory only while the heap has room for it
 *       (about a third of the free heap: the bytes, the values decoded from them, a copy);
 *       a longer file or stream is refused.
 *   <li><b>Structure.</b> Every length, count and offset must lie within the bytes that remain:
 *       a file that ends early is "truncated" (naming what it was reading). A negative length,
 *       count or index size, an unknown encoding or index kind (encodings other than dense in a
 *       version 1 file), a stored-value count above the tensor's length, a bitmap of another
 *       size than {@code ceil(length / 8)} bytes or with bits past the last value, gaps that
 *       repeat, overrun the length or leave unread bytes, an indicator whose source is not another
 *       dense or sparse tensor of its length, and any byte after the checksum are refused as
 *       "corrupted".
 *   <li><b>Checksum.</b> The CRC-32 of every byte before it must match.
 *   <li><b>Tensors.</b> Into a network ({@link #read(File, String, String, Parameter[])}): the
 *       model name, the architecture text and every tensor's name, order and length must be the
 *       network's. Without one ({@link #read(File)}): the architecture text must parse, with every
 *       stated shape the one the layer's options give (see
 *       {@code dev.topiary.architecture.Architecture}), and the tensors must be exactly the
 *       architecture's (each Conv2D and Dense layer's {@code name/kernel} of the size its shapes
 *       give, and its {@code name/bias} if it has one), each once: an unknown, missing or repeated
 *       tensor, or one of another length, is refused. So no tensor is ever decoded to a size the
 *       architecture does not state (a sparse tensor of a few bytes can state any length).
 *   <li><b>Memory.</b> The decoded values are allocated only if the heap has room for them.
 * </ol>
 */
public final class ModelFile {
  /** The newest format version, which this class writes when a tensor is not dense. */
  public static final int FORMAT_VERSION = 2;
  /** The version of files whose tensors are all dense, the only version before sparse storage. */
  public static final int DENSE_FORMAT_VERSION = 1;
  /** Tensor encoding: {@code length} float32 values. */
  public static final byte DENSE_FLOAT32 = 0;
  /** Tensor encoding: the values other than +0.0 and their positions (version 2). */
  public static final byte SPARSE_FLOAT32 = 1;
  /** Tensor encoding: 1.0 where another tensor stores a value, +0.0 elsewhere (version 2). */
  public static final byte INDICATOR_OF = 2;

  static final byte[] MAGIC = {'T', 'O', 'P', 'I', 'A', 'R', 'Y', 0};
  private static final int CHUNK = 1 << 16;

  private ModelFile() {}

  /**
   * Writes a model file atomically: to a temporary file in the same directory, synced to disk,
   * then renamed to {@code file}. If the rename fails (as on Windows when {@code file} exists), the
   * old file is deleted and the rename tried once more. On failure the temporary file is deleted
   * and, unless that last retry was reached, an existing file at {@code file} is left as it was.
   *
   * <p>What is at the target decides:
   * <ul>
   *   <li>nothing, or a regular file this process may write: the model replaces it;
   *   <li>a directory (even an empty one): refused, the directory is left as it was;
   *   <li>a file this process may not write ({@link File#canWrite()} is false, e.g. read-only):
   *       refused, it is left as it was (a rename could replace it, but its owner asked for it to
   *       be kept);
   *   <li>a symbolic link: followed; the file it points to is replaced (atomically, beside it) and
   *       the link is kept.
   * </ul>
   * The temporary file is named {@code .<name>.<random>.tmp}, beside the file the model goes to.
   * A process killed in the middle of a save leaves it behind; it is never read, and later saves
   * leave it alone too (another save may be writing it at that moment): delete such files when no
   * save is running.
   *
   * @param architecture the network's description of its layers and shapes, checked on load
   * @param params the network's tensors, in the order they are to be loaded
   * @throws IOException if the target is a directory or may not be written, the directory does
   *     not exist, or a write, sync or rename fails
   */
  public static void write(File file, String modelName, String architecture, Parameter[] params)
      throws IOException {
    present(file, "a model file to write");
    checkArguments(modelName, architecture, params);
    if (file.isDirectory()) {
      throw new IOException("cannot write model file " + file + ": it is a directory; expected a "
          + "file or nothing there");
    }
    if (file.exists() && !file.canWrite()) {
      throw new IOException("cannot write model file " + file + ": it may not be written "
          + "(read-only); expected a writable file or nothing there");
    }
    File target = file.getCanonicalFile(); // through symbolic links: replace what they point to
    File dir = target.getParentFile();
    if (dir == null || !dir.isDirectory()) {
      throw new IOException("cannot write model file " + file + ": expected directory " + dir
          + " to exist");
    }
    File tmp = File.createTempFile("." + target.getName() + ".", ".tmp", dir);
    boolean moved = false;
    try {
      try (FileOutputStream out = new FileOutputStream(tmp)) {
        write(out, modelName, architecture, params);
        out.getFD().sync();
      }
      moveIntoPlace(tmp, target);
      moved = true;
    } finally {
      if (!moved) {
        tmp.delete();
      }
    }
  }

  /**
   * Writes a model file's bytes to {@code out} and flushes it; does not close it.
   *
   * @throws IOException if writing fails or a name is longer than 65,535 bytes in UTF-8
   */
  public static void write(OutputStream out, String modelName, String architecture,
      Parameter[] params) throws IOException {
    present(out, "a stream to write the model to");
    checkArguments(modelName, architecture, params);
    BufferedOutputStream buffered = new BufferedOutputStream(out, CHUNK);
    CRC32 crc = new CRC32();
    DataOutputStream data = new DataOutputStream(new CheckedOutputStream(buffered, crc));
    TensorEncoding[] encodings = TensorEncoding.choose(params);
    int version = DENSE_FORMAT_VERSION;
    for (TensorEncoding e : encodings) {
      if (e.encoding != DENSE_FLOAT32) {
        version = FORMAT_VERSION;
      }
    }
    data.write(MAGIC);
    data.writeInt(version);
    data.writeUTF(modelName);
    data.writeUTF(architecture);
    data.writeInt(params.length);
    byte[] chunk = new byte[CHUNK];
    for (int t = 0; t < params.length; t++) {
      data.writeUTF(params[t].name);
      data.writeByte(encodings[t].encoding);
      data.writeInt(params[t].value.length);
      encodings[t].write(data, params[t].value, chunk);
    }
    data.flush();
    // The checksum covers every byte before it, so it bypasses the checked stream.
    new DataOutputStream(buffered).writeLong(crc.getValue());
    buffered.flush();
  }

  /**
   * Loads a model file into {@code params}, which must be the tensors of network
   * {@code modelName} with architecture {@code architecture}, in the order they were saved.
   * Nothing is changed unless the whole file is valid.
   *
   * @throws ModelFileException if the file is not a Topiary model file, has an unsupported version
   *     or encoding, holds another network or architecture or other tensors, is truncated or
   *     corrupted; the message names the file and says what was expected and found
   * @throws IOException if the file cannot be read
   */
  public static void read(File file, String modelName, String architecture, Parameter[] params)
      throws IOException {
    present(file, "a model file to read");
    checkArguments(modelName, architecture, params);
    byte[] bytes;
    try (InputStream in = new FileInputStream(file)) {
      bytes = readAll(in, file.length(), "model file " + file.getName());
    }
    new ModelFileReader(bytes, "model file " + file.getName()).readInto(modelName, architecture, params);
  }

  /**
   * {@link #read(File, String, String, Parameter[])} from a stream, e.g. an Android asset. Reads
   * to the end of the stream; does not close it.
   */
  public static void read(InputStream in, String modelName, String architecture, Parameter[] params)
      throws IOException {
    present(in, "a stream to read the model from");
    checkArguments(modelName, architecture, params);
    byte[] bytes = readAll(in, -1, "model stream");
    new ModelFileReader(bytes, "model stream").readInto(modelName, architecture, params);
  }

  /** What a model file holds: the network's name, its architecture and its tensors. */
  public static final class Contents {
    /** The name the file was saved under. */
    public final String modelName;
    /** The architecture description the file was saved with. */
    public final String architecture;
    /** The tensors in file order, decoded (without gradients). */
    public final Parameter[] tensors;

    Contents(String modelName, String architecture, Parameter[] tensors) {
      this.modelName = modelName;
      this.architecture = architecture;
      this.tensors = tensors;
    }
  }

  /**
   * Reads a whole model file of any network, checked like {@link #read(File, String, String,
   * Parameter[])} except for the match with a given network.
   *
   * @throws ModelFileException if the file is not a Topiary model file, has an unsupported version
   *     or encoding, is truncated or corrupted
   */
  public static Contents read(File file) throws IOException {
    present(file, "a model file to read");
    byte[] bytes;
    try (InputStream in = new FileInputStream(file)) {
      bytes = readAll(in, file.length(), "model file " + file.getName());
    }
    return new ModelFileReader(bytes, "model file " + file.getName()).readAll();
  }

  /** {@link #read(File)} from a stream, read to its end and not closed. */
  public static Contents read(InputStream in) throws IOException {
    present(in, "a stream to read the model from");
    byte[] bytes = readAll(in, -1, "model stream");
    return new ModelFileReader(bytes, "model stream").readAll();
  }

  private static void moveIntoPlace(File tmp, File file) throws IOException {
    if (tmp.renameTo(file)) {
      return;
    }
    // Windows does not rename over an existing file (never a directory: see write).
    if (file.isFile() && file.delete() && tmp.renameTo(file)) {
      return;
    }
    throw new IOException("cannot move model file into place: expected to rename " + tmp.getName()
        + " to " + file + (file.isDirectory() ? ", which is a directory" : "") + ", and could not");
  }

  /**
   * Reads a whole file or stream into memory, bounded: the magic number and version are checked
   * from the first 12 bytes, before anything more is read; then the bytes may grow only while
   * the heap has room for them twice (the bytes and the values decoded from them).
   * {@code knownLength} is the file's length, or -1 for a stream.
   */
  private static byte[] readAll(InputStream in, long knownLength, String where)
      throws IOException {
    byte[] head = new byte[MAGIC.length + 4];
    int n = readUpTo(in, head, 0, head.length);
    ModelFileReader.checkHead(head, n, where);
    if (n < head.length) {
      return java.util.Arrays.copyOf(head, n); // the reader reports the truncation
    }
    // a file is read once into an array of its length; a stream's array grows by copies
    int parts = knownLength >= 0 ? 2 : 3;
    long limit = Math.min(Integer.MAX_VALUE - 8, memoryLimit(parts, parts * knownLength));
    if (knownLength > limit) {
      throw new ModelFileException(where + " has " + knownLength + " bytes, expected at most "
          + limit + " (what this JVM's heap can hold to read and decode it)");
    }
    byte[] bytes = new byte[(int) Math.max(knownLength, 4096)];
    System.arraycopy(head, 0, bytes, 0, n);
    while (true) {
      n = readUpTo(in, bytes, n, bytes.length);
      if (n < bytes.length) {
        return java.util.Arrays.copyOf(bytes, n);
      }
      int b = in.read();
      if (b < 0) {
        return bytes;
      }
      long grown = Math.min(2L * bytes.length, limit);
      if (grown <= bytes.length) {
        limit = Math.min(Integer.MAX_VALUE - 8, memoryLimit(parts, parts * 2L * bytes.length));
        grown = Math.min(2L * bytes.length, limit);
      }
      if (grown <= bytes.length) {
        throw new ModelFileException(where + " goes on past " + bytes.length + " bytes, expected "
            + "at most " + limit + " (what this JVM's heap can hold to read and decode it)");
      }
      bytes = java.util.Arrays.copyOf(bytes, (int) grown);
      bytes[n++] = (byte) b;
    }
  }

  /** Reads into {@code b[from..to)} until it is full or the stream ends; returns the end. */
  private static int readUpTo(InputStream in, byte[] b, int from, int to) throws IOException {
    int n = from;
    while (n < to) {
      int r = in.read(b, n, to - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  /**
   * Bytes a file may have: the heap's free space over {@code parts}: 2 for a file (its bytes and
   * the values decoded from them), 3 for a stream (and the copy its growing array makes).
   */
  private static long memoryLimit(int parts, long wanted) {
    return ModelFileReader.freeHeap(wanted) / parts;
  }

  /** Fails with a message saying what was null. */
  private static void present(Object source, String what) {
    if (source == null) {
      throw new IllegalArgumentException("expected " + what + ", found null");
    }
  }

  private static void checkArguments(String modelName, String architecture, Parameter[] params) {
    if (modelName == null || architecture == null || params == null) {
      throw new IllegalArgumentException("expected a model name, architecture and parameters, found "
          + (modelName == null ? "no name" : architecture == null ? "no architecture" : "no parameters"));
    }
    for (int i = 0; i < params.length; i++) {
      if (params[i] == null || params[i].name == null) {
        throw new IllegalArgumentException("expected a named parameter at params[" + i + "], found "
            + (params[i] == null ? "null" : "a parameter without a name"));
      }
    }
  }
}
