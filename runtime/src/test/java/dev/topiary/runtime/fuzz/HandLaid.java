package dev.topiary.runtime.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.CRC32;

/**
 * Model files of {@link FuzzNetwork}'s architecture laid out by hand, field by field as
 * {@code ModelFile}'s Javadoc documents them, with one field set to a chosen value and the
 * checksum correct: the kernel dense (encoding 0), sparse with a bitmap (1) or the indicator of
 * the bias (2), then the bias, dense.
 */
final class HandLaid {
  /** Fields: version, tensor count, kernel length, stored count or source, index kind, index bytes. */
  static final int FIELDS = 6;

  private HandLaid() {}

  static byte[] file(int encoding, int field, int value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.write(new byte[] {'T', 'O', 'P', 'I', 'A', 'R', 'Y', 0});
      out.writeInt(field == 0 ? value : 2);
      out.writeUTF(FuzzNetwork.NAME);
      out.writeUTF(FuzzNetwork.ARCHITECTURE);
      out.writeInt(field == 1 ? value : 2);
      int length = field == 2 ? value : FuzzNetwork.IN * FuzzNetwork.OUT;
      out.writeUTF("output/kernel");
      out.writeByte(encoding);
      out.writeInt(length);
      if (encoding == 0) {
        for (int i = 0; i < FuzzNetwork.IN * FuzzNetwork.OUT; i++) {
          out.writeFloat(i * 0.25f);
        }
      } else if (encoding == 1) {
        out.writeInt(field == 3 ? value : 2); // two stored values
        out.writeByte(field == 4 ? value : 0); // bitmap
        out.writeInt(field == 5 ? value : 3); // ceil(18 / 8)
        out.write(new byte[] {0x05, 0, 0});
        out.writeFloat(1.5f);
        out.writeFloat(-2f);
      } else {
        out.writeInt(field == 3 ? value : 1); // the bias: of another length, to be refused
      }
      out.writeUTF("output/bias");
      out.writeByte(0);
      out.writeInt(FuzzNetwork.OUT);
      for (int i = 0; i < FuzzNetwork.OUT; i++) {
        out.writeFloat(i);
      }
      out.flush();
      CRC32 crc = new CRC32();
      crc.update(bytes.toByteArray());
      out.writeLong(crc.getValue());
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
