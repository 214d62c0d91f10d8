package dev.topiary.runtime.io;

import dev.topiary.runtime.internal.Parameter;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Checks a whole model file held in memory and only then copies its values into parameters.
 *
 * <p>The checks run in this order, so that each failure gets the most useful message: magic and
 * version (is this a file we can parse at all?), structure (truncation, unknown encodings),
 * checksum (corruption: a flipped byte in a name is reported as corruption, not as another
 * network), then the match with the network (name, architecture, tensors).
 */
final class ModelFileReader {
  private final byte[] bytes;
  private final String where;
  private final ByteArrayInputStream stream;
  private final DataInputStream in;
  /** What is being read, for the message if the file ends there. */
  private String reading = "the magic number";

  private String modelName;
  private String fingerprint;
  private final List<String> names = new ArrayList<>();
  private final List<Integer> lengths = new ArrayList<>();
  private final List<Integer> offsets = new ArrayList<>();

  ModelFileReader(byte[] bytes, String where) {
    this.bytes = bytes;
    this.where = where;
    this.stream = new ByteArrayInputStream(bytes);
    this.in = new DataInputStream(stream);
  }

  void readInto(String expectedName, String expectedFingerprint, Parameter[] params)
      throws IOException {
    checkMagic();
    try {
      readStructure();
    } catch (EOFException e) {
      throw new ModelFileException(where + " is truncated: file ends after " + bytes.length
          + " bytes, in " + reading);
    } catch (UTFDataFormatException e) {
      throw new ModelFileException(where + " is corrupted: " + reading + " is not valid UTF-8");
    }
    checkMatch(expectedName, expectedFingerprint, params);
    for (int t = 0; t < params.length; t++) {
      decodeFloats(offsets.get(t), params[t].value);
    }
  }

  private void checkMagic() throws ModelFileException {
    int n = Math.min(bytes.length, ModelFile.MAGIC.length);
    for (int i = 0; i < n; i++) {
      if (bytes[i] != ModelFile.MAGIC[i]) {
        StringBuilder found = new StringBuilder();
        for (int j = 0; j < n; j++) {
          found.append(j == 0 ? "" : " ").append(String.format("%02x", bytes[j] & 0xFF));
        }
        throw new ModelFileException(where + " is not a Topiary model file: expected it to start "
            + "with \"TOPIARY\\0\" (54 4f 50 49 41 52 59 00), found " + found);
      }
    }
  }

  private void readStructure() throws IOException {
    in.readFully(new byte[ModelFile.MAGIC.length]);
    reading = "the format version";
    int version = in.readInt();
    if (version != ModelFile.FORMAT_VERSION) {
      throw new ModelFileException(where + " has format version " + version + ", expected "
          + ModelFile.FORMAT_VERSION + " (the only version this Topiary reads; a newer Topiary may"
          + " have written it)");
    }
    reading = "the model name";
    modelName = in.readUTF();
    reading = "the architecture fingerprint";
    fingerprint = in.readUTF();
    reading = "the tensor count";
    int count = in.readInt();
    if (count < 0) {
      throw new ModelFileException(where + " is corrupted: expected a tensor count, found " + count);
    }
    for (int t = 0; t < count; t++) {
      readTensorHeader(t);
    }
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

  private void readTensorHeader(int t) throws IOException {
    reading = "the name of tensor " + t;
    String name = in.readUTF();
    reading = "the encoding of tensor '" + name + "'";
    int encoding = in.readByte();
    if (encoding != ModelFile.DENSE_FLOAT32) {
      throw new ModelFileException(where + ": tensor '" + name + "' has encoding " + encoding
          + ", expected " + ModelFile.DENSE_FLOAT32 + " (dense float32, the only encoding of format "
          + "version " + ModelFile.FORMAT_VERSION + ")");
    }
    reading = "the length of tensor '" + name + "'";
    int length = in.readInt();
    if (length < 0) {
      throw new ModelFileException(where + " is corrupted: tensor '" + name
          + "' has a negative length " + length);
    }
    reading = "the values of tensor '" + name + "' (" + length + " floats from byte "
        + position() + ")";
    long bytesOfValues = 4L * length;
    if (bytesOfValues > stream.available()) {
      throw new EOFException();
    }
    names.add(name);
    lengths.add(length);
    offsets.add(position());
    stream.skip(bytesOfValues);
  }

  private void checkMatch(String expectedName, String expectedFingerprint, Parameter[] params)
      throws ModelFileException {
    if (!modelName.equals(expectedName)) {
      throw new ModelFileException(where + " holds network '" + modelName + "', expected '"
          + expectedName + "'");
    }
    if (!fingerprint.equals(expectedFingerprint)) {
      throw new ModelFileException(where + " holds network '" + modelName + "' of another "
          + "architecture (were its layers changed since it was saved?): expected ["
          + expectedFingerprint + "], found [" + fingerprint + "]");
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
      if (!names.get(t).equals(params[t].name)) {
        throw new ModelFileException(where + ": tensor " + t + " is '" + names.get(t)
            + "', expected '" + params[t].name + "'");
      }
      if (lengths.get(t) != params[t].value.length) {
        throw new ModelFileException(where + ": tensor '" + names.get(t) + "' has "
            + lengths.get(t) + " values, expected " + params[t].value.length);
      }
    }
  }

  private void decodeFloats(int offset, float[] dst) {
    for (int i = 0, b = offset; i < dst.length; i++, b += 4) {
      int bits = (bytes[b] & 0xFF) << 24 | (bytes[b + 1] & 0xFF) << 16
          | (bytes[b + 2] & 0xFF) << 8 | (bytes[b + 3] & 0xFF);
      dst[i] = Float.intBitsToFloat(bits);
    }
  }

  private int position() {
    return bytes.length - stream.available();
  }

  private static String hex(long v) {
    return String.format("0x%08x", v);
  }
}
