package dev.topiary.samples;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Writes small ustar archives for tests, header field by header field as POSIX.1-1988 lays them out. */
final class TarWriter {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  /** Adds a regular file; {@code prefix} goes in the ustar prefix field (empty for none). */
  TarWriter file(String prefix, String name, byte[] content) {
    out.writeBytes(header(prefix, name, content.length, '0'));
    out.writeBytes(content);
    out.writeBytes(new byte[(512 - content.length % 512) % 512]);
    return this;
  }

  TarWriter file(String name, byte[] content) {
    return file("", name, content);
  }

  TarWriter directory(String name) {
    out.writeBytes(header("", name, 0, '5'));
    return this;
  }

  /** The archive with the two zero blocks that end it. */
  byte[] finish() {
    out.writeBytes(new byte[1024]);
    return out.toByteArray();
  }

  /** The archive as it is so far, without the end marker. */
  byte[] unfinished() {
    return out.toByteArray();
  }

  static byte[] header(String prefix, String name, long size, char type) {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0001750");
    put(h, 116, "0001750");
    put(h, 124, String.format("%011o", size));
    put(h, 136, "14612345670");
    h[156] = (byte) type;
    put(h, 257, "ustar");
    put(h, 263, "00");
    put(h, 345, prefix);
    long sum = 0;
    for (int i = 0; i < 512; i++) {
      sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xFF;
    }
    put(h, 148, String.format("%06o", sum));
    h[155] = ' ';
    return h;
  }

  private static void put(byte[] h, int offset, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    System.arraycopy(b, 0, h, offset, b.length);
  }
}
