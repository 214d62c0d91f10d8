package dev.topiary.runtime.io;

import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.Parameter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;

/**
 * Checks a whole model file held in memory and only then copies its values into parameters.
 *
 * <p>The checks run in this order, so that each failure gets the most useful message: magic and
 * version (is this a file we can parse at all?), structure (truncation, unknown encodings),
 * checksum (corruption: a flipped byte in a name is reported as corruption, not as another
 * network), then the match with the network (name, architecture, tensors), or, for a file read
 * without a network, with the file's own architecture; then the memory the values need. Nothing
 * is allocated by a size the file states before these checks have bounded it.
 */
final class ModelFileReader {
  private final byte[] bytes;
  private final String where;
  private final ByteArrayInputStream stream;
  private final DataInputStream in;
  /** What is being read, for the message if the file ends there. */
  private String reading = "the magic number";

  private int version;
  private String modelName;
  private String architecture;
  private final List<Tensor> tensors = new ArrayList<>();

  /** Where one tensor's parts lie in the file, as its header says. */
  private static final class Tensor {
    String name;
    int encoding;
    int length;
    /** Dense: the first value; sparse: the first stored value. */
    int valuesOffset;
    int count;
    int indexKind;
    int indexOffset;
    int indexBytes;
    int source;
  }

  ModelFileReader(byte[] bytes, String where) {
    this.bytes = bytes;
    this.where = where;
    this.stream = new ByteArrayInputStream(bytes);
    this.in = new DataInputStream(stream);
  }

  void readInto(String expectedName, String expectedArchitecture, Parameter[] params)
      throws IOException {
    parse();
    checkMatch(expectedName, expectedArchitecture, params);
    decodeInto(params);
  }

  /**
   * Whatever valid file this is: its name, architecture and tensors, decoded. Its tensors must be
   * exactly those of its architecture's layers (each kernel, and each bias a layer has), each
   * once and of the size the layer implies.
   */
  ModelFile.Contents readAll() throws IOException {
    parse();
    checkArchitecture();
    long values = 0;
    for (Tensor x : tensors) {
      values += x.length;
    }
    checkMemory(4 * values, "its " + values + " values");
    Parameter[] params = new Parameter[tensors.size()];
    try {
      for (int t = 0; t < params.length; t++) {
        params[t] = Parameter.stored(tensors.get(t).name, new float[tensors.get(t).length]);
      }
    } catch (OutOfMemoryError e) {
      // the check above passed but the heap could not give one array that large (fragmented,
      // or filled since): the arrays allocated so far are garbage, and the heap as it was
      params = null;
      throw new ModelFileException(where + " needs " + 4 * values + " bytes for its " + values
          + " values, and this JVM's heap could not allocate them");
    }
    decodeInto(params);
    return new ModelFile.Contents(modelName, architecture, params);
  }

  private void parse() throws IOException {
    checkMagic();
    try {
      readStructure();
    } catch (EOFException e) {
      throw new ModelFileException(where + " is truncated: file ends after " + bytes.length
          + " bytes, in " + reading);
    } catch (UTFDataFormatException e) {
      throw new ModelFileException(where + " is corrupted: " + reading + " is not valid UTF-8");
    }
  }

  private void decodeInto(Parameter[] params) {
    // Indicators last: they are computed from their sources' loaded values.
    for (int t = 0; t < params.length; t++) {
      Tensor x = tensors.get(t);
      if (x.encoding == ModelFile.DENSE_FLOAT32) {
        decodeFloats(x.valuesOffset, params[t].value);
      } else if (x.encoding == ModelFile.SPARSE_FLOAT32) {
        SparseIndex.decode(bytes, x.indexOffset, x.indexKind, x.count, x.valuesOffset,
            params[t].value);
      }
    }
    int one = Float.floatToRawIntBits(1f);
    for (int t = 0; t < params.length; t++) {
      if (tensors.get(t).encoding == ModelFile.INDICATOR_OF) {
        float[] source = params[tensors.get(t).source].value;
        float[] dst = params[t].value;
        for (int i = 0; i < dst.length; i++) {
          dst[i] = Float.intBitsToFloat(Float.floatToRawIntBits(source[i]) != 0 ? one : 0);
        }
      }
    }
  }

  private void checkMagic() throws ModelFileException {
    checkHead(bytes, Math.min(bytes.length, ModelFile.MAGIC.length), where);
  }

  /**
   * Checks the first {@code n} bytes of a file: the magic number, and the version once its 4
   * bytes are there ({@code n >= 12}).
   */
  static void checkHead(byte[] head, int n, String where) throws ModelFileException {
    int m = Math.min(n, ModelFile.MAGIC.length);
    for (int i = 0; i < m; i++) {
      if (head[i] != ModelFile.MAGIC[i]) {
        StringBuilder found = new StringBuilder();
        for (int j = 0; j < m; j++) {
          found.append(j == 0 ? "" : " ").append(String.format("%02x", head[j] & 0xFF));
        }
        throw new ModelFileException(where + " is not a Topiary model file: expected it to start "
            + "with \"TOPIARY\\0\" (54 4f 50 49 41 52 59 00), found " + found);
      }
    }
    if (n >= ModelFile.MAGIC.length + 4) {
      int at = ModelFile.MAGIC.length;
      checkVersion((head[at] & 0xFF) << 24 | (head[at + 1] & 0xFF) << 16
          | (head[at + 2] & 0xFF) << 8 | (head[at + 3] & 0xFF), where);
    }
  }

  private static void checkVersion(int version, String where) throws ModelFileException {
    if (version != ModelFile.DENSE_FORMAT_VERSION && version != ModelFile.FORMAT_VERSION) {
      throw new ModelFileException(where + " has format version " + version + ", expected "
          + ModelFile.DENSE_FORMAT_VERSION + " or " + ModelFile.FORMAT_VERSION + " (the versions "
          + "this Topiary reads; a newer Topiary may have written it)");
    }
  }

  /**
   * Refuses to allocate {@code bytesNeeded} for {@code what} unless the heap has that much to
   * spare: a hostile size ends in a message, not in an {@link OutOfMemoryError}.
   */
  static void checkMemory(long bytesNeeded, String what, String where) throws ModelFileException {
    long free = freeHeap(2 * bytesNeeded);
    if (bytesNeeded > free / 2) { // half: room left for what the caller builds from them
      throw new ModelFileException(where + " needs " + bytesNeeded + " bytes for " + what
          + ", more than half the " + free + " bytes this JVM's heap has free");
    }
  }

  /**
   * The bytes the heap has free, or could have: when fewer than {@code wanted} look free, a
   * collection runs first (what looks used may be garbage), so that a refusal is not for garbage.
   */
  static long freeHeap(long wanted) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (free < wanted) {
      System.gc();
      free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }
    return free;
  }

  private void checkMemory(long bytesNeeded, String what) throws ModelFileException {
    checkMemory(bytesNeeded, what, where);
  }

  /**
   * The file's tensors are exactly those its architecture implies: a kernel of each Conv2D and
   * Dense layer of the size the layer's shapes give, a bias of its channels where the layer has
   * one; each once, nothing else.
   */
  private void checkArchitecture() throws ModelFileException {
    Map<String, Integer> expected = new LinkedHashMap<>();
    try {
      for (LayerDescription l : Architecture.parse(architecture).layers()) {
        for (Map.Entry<String, Integer> t : l.tensors().entrySet()) {
          expected.put(l.name() + "/" + t.getKey(), t.getValue());
        }
      }
    } catch (IllegalArgumentException e) {
      throw new ModelFileException(where + " has an architecture that does not hold together: "
          + e.getMessage());
    }
    Set<String> seen = new HashSet<>();
    for (Tensor x : tensors) {
      if (!seen.add(x.name)) {
        throw new ModelFileException(where + " holds tensor '" + x.name + "' twice, expected each "
            + "tensor once");
      }
      Integer size = expected.get(x.name);
      if (size == null) {
        throw new ModelFileException(where + " holds tensor '" + x.name + "', which no layer of "
            + "its architecture has: expected the tensors " + expected.keySet());
      }
      if (size != x.length) {
        throw new ModelFileException(where + ": tensor '" + x.name + "' has " + x.length
            + " values, expected " + size + " (the size its layer's shapes give)");
      }
    }
    if (seen.size() != expected.size()) {
      List<String> missing = new ArrayList<>(expected.keySet());
      missing.removeAll(seen);
      throw new ModelFileException(where + " lacks the tensors " + missing + " of its "
          + "architecture: expected " + expected.keySet());
    }
  }

  private void readStructure() throws IOException {
    in.readFully(new byte[ModelFile.MAGIC.length]);
    reading = "the format version";
    version = in.readInt();
    checkVersion(version, where);
    reading = "the model name";
    modelName = in.readUTF();
    reading = "the architecture";
    architecture = in.readUTF();
    reading = "the tensor count";
    int count = in.readInt();
    if (count < 0) {
      throw new ModelFileException(where + " is corrupted: expected a tensor count, found " + count);
    }
    for (int t = 0; t < count; t++) {
      readTensor(t);
    }
    checkSources();
    reading = "the checksum";
    int end = position();
    long stored = in.readLong();
    if (stream.available() > 0) {
      throw new ModelFileException(where + " is corrupted: expected the file to end after the "
          + "checksum at byte " + (end + 8) + ", found " + stream.available() + " more bytes");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, end);
    if (crc.getValue() != stored) {
      throw new ModelFileException(where + " is corrupted: checksum of its first " + end
          + " bytes expected " + hex(stored) + " (stored in the file), found " + hex(crc.getValue()));
    }
  }

  private void readTensor(int t) throws IOException {
    Tensor x = new Tensor();
    reading = "the name of tensor " + t;
    x.name = in.readUTF();
    reading = "the encoding of tensor '" + x.name + "'";
    x.encoding = in.readByte();
    boolean known = x.encoding == ModelFile.DENSE_FLOAT32
        || version == ModelFile.FORMAT_VERSION && (x.encoding == ModelFile.SPARSE_FLOAT32
            || x.encoding == ModelFile.INDICATOR_OF);
    if (!known) {
      throw new ModelFileException(where + ": tensor '" + x.name + "' has encoding " + x.encoding
          + ", expected " + (version == ModelFile.DENSE_FORMAT_VERSION
              ? ModelFile.DENSE_FLOAT32 + " (dense float32, the only encoding of format version "
                  + version + ")"
              : "0, 1 or 2 (dense, sparse or indicator, the encodings of format version "
                  + version + ")"));
    }
    reading = "the length of tensor '" + x.name + "'";
    x.length = in.readInt();
    if (x.length < 0) {
      throw corrupted(x, "a negative length " + x.length);
    }
    if (x.encoding == ModelFile.DENSE_FLOAT32) {
      x.valuesOffset = skip(4L * x.length, "the values of tensor '" + x.name + "' (" + x.length
          + " floats from byte " + position() + ")");
    } else if (x.encoding == ModelFile.SPARSE_FLOAT32) {
      readSparse(x);
    } else {
      reading = "the source of tensor '" + x.name + "'";
      x.source = in.readInt();
    }
    tensors.add(x);
  }

  private void readSparse(Tensor x) throws IOException {
    reading = "the stored-value count of tensor '" + x.name + "'";
    x.count = in.readInt();
    if (x.count < 0 || x.count > x.length) {
      throw corrupted(x, x.count + " stored values, expected 0 to " + x.length);
    }
    reading = "the index of tensor '" + x.name + "'";
    x.indexKind = in.readByte();
    if (x.indexKind != TensorEncoding.BITMAP && x.indexKind != TensorEncoding.GAPS) {
      throw corrupted(x, "index kind " + x.indexKind + ", expected 0 (bitmap) or 1 (gaps)");
    }
    x.indexBytes = in.readInt();
    if (x.indexBytes < 0) {
      throw corrupted(x, "a negative index size " + x.indexBytes);
    }
    x.indexOffset = skip(x.indexBytes, "the index of tensor '" + x.name + "' (" + x.indexBytes
        + " bytes from byte " + position() + ")");
    x.valuesOffset = skip(4L * x.count, "the values of tensor '" + x.name + "' (" + x.count
        + " floats from byte " + position() + ")");
    String wrong = SparseIndex.check(bytes, x.indexOffset, x.indexKind, x.indexBytes, x.length,
        x.count);
    if (wrong != null) {
      throw corrupted(x, wrong);
    }
  }

  /** Every indicator refers to another tensor, dense or sparse, of its length. */
  private void checkSources() throws ModelFileException {
    for (Tensor x : tensors) {
      if (x.encoding != ModelFile.INDICATOR_OF) {
        continue;
      }
      Tensor s = x.source >= 0 && x.source < tensors.size() ? tensors.get(x.source) : null;
      if (s == null || s == x || s.encoding == ModelFile.INDICATOR_OF || s.length != x.length) {
        throw corrupted(x, "source tensor " + x.source + ", expected another dense or sparse tensor"
            + " of " + x.length + " values among the " + tensors.size());
      }
    }
  }

  /** Skips {@code n} bytes of {@code what}; returns where they start. */
  private int skip(long n, String what) throws IOException {
    reading = what;
    if (n > stream.available()) {
      throw new EOFException();
    }
    int start = position();
    stream.skip(n);
    return start;
  }

  private ModelFileException corrupted(Tensor x, String what) {
    return new ModelFileException(where + " is corrupted: tensor '" + x.name + "' has " + what);
  }

  private void checkMatch(String expectedName, String expectedArchitecture, Parameter[] params)
      throws ModelFileException {
    if (!modelName.equals(expectedName)) {
      throw new ModelFileException(where + " holds network '" + modelName + "', expected '"
          + expectedName + "'");
    }
    if (!architecture.equals(expectedArchitecture)) {
      throw new ModelFileException(where + " holds network '" + modelName + "' of another "
          + "architecture (were its layers changed since it was saved?): expected ["
          + expectedArchitecture + "], found [" + architecture + "]");
    }
    List<String> names = new ArrayList<>();
    for (Tensor x : tensors) {
      names.add(x.name);
    }
    if (names.size() != params.length) {
      List<String> expected = new ArrayList<>();
      for (Parameter p : params) {
        expected.add(p.name);
      }
      throw new ModelFileException(where + " holds " + names.size() + " tensors " + names
          + ", expected " + params.length + " " + expected);
    }
    for (int t = 0; t < params.length; t++) {
      Tensor x = tensors.get(t);
      if (!x.name.equals(params[t].name)) {
        throw new ModelFileException(where + ": tensor " + t + " is '" + x.name
            + "', expected '" + params[t].name + "'");
      }
      if (x.length != params[t].value.length) {
        throw new ModelFileException(where + ": tensor '" + x.name + "' has " + x.length
            + " values, expected " + params[t].value.length);
      }
    }
  }

  private void decodeFloats(int offset, float[] dst) {
    for (int i = 0, b = offset; i < dst.length; i++, b += 4) {
      dst[i] = SparseIndex.floatAt(bytes, b);
    }
  }

  private int position() {
    return bytes.length - stream.available();
  }

  private static String hex(long v) {
    return String.format("0x%08x", v);
  }
}
