package dev.topiary.samples;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads the entries of a ustar archive (POSIX.1-1988), enough for the tarballs {@code npm pack}
 * makes: 512-byte headers, names with the ustar prefix, sizes in octal, content padded to 512.
 * Pax and GNU extension headers are returned as entries of their own type and can be skipped.
 */
@DesktopOnly
final class TarReader {
  static final int BLOCK = 512;

  /** One archive member: its path, content size and type flag ({@code '0'} a regular file). */
  static final class Entry {
    final String name;
    final long size;
    final char type;

    Entry(String name, long size, char type) {
      this.name = name;
      this.size = size;
      this.type = type;
    }

    /** Whether this is a regular file (type {@code '0'}, or NUL in pre-POSIX archives). */
    boolean isFile() {
      return type == '0' || type == '\0';
    }
  }

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private final byte[] buf = new byte[1 << 16];
  private Entry current;
  /** Content bytes of the current entry not read yet, then the padding to the block boundary. */
  private long remaining;
  private long padding;

  /** Reads from {@code in}, which is read as needed and not closed. */
  TarReader(InputStream in) {
    this.in = in;
  }

  /** Skips what is left of the current entry and returns the next one, or null at the end. */
  Entry next() throws IOException {
    skipFully(remaining + padding);
    remaining = 0;
    padding = 0;
    int read = readUpTo(header, BLOCK);
    if (read == 0 || isZero(header)) {
      return null; // end-of-archive blocks, or (tolerated) no end marker at a block boundary
    }
    if (read < BLOCK) {
      throw new EOFException("tar archive ends inside a header: expected " + BLOCK
          + " bytes, found " + read);
    }
    checkChecksum();
    String name = text(0, 100);
    boolean ustar = text(257, 6).startsWith("ustar");
    String prefix = ustar ? text(345, 155) : "";
    long size = octal(124, 12, "size");
    current = new Entry(prefix.isEmpty() ? name : prefix + "/" + name, size, (char) header[156]);
    remaining = size;
    padding = (BLOCK - size % BLOCK) % BLOCK;
    return current;
  }

  /** Copies the rest of the current entry's content to {@code out}. */
  void copyTo(OutputStream out) throws IOException {
    while (remaining > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
      if (n < 0) {
        throw new EOFException("tar archive ends inside " + current.name + ": expected "
            + current.size + " bytes, found " + (current.size - remaining));
      }
      out.write(buf, 0, n);
      remaining -= n;
    }
  }

  private void checkChecksum() throws IOException {
    long expected = octal(148, 8, "checksum");
    long found = 0;
    for (int i = 0; i < BLOCK; i++) {
      // The checksum field itself counts as eight spaces.
      found += i >= 148 && i < 156 ? ' ' : header[i] & 0xFF;
    }
    if (found != expected) {
      throw new IOException("not a tar archive or corrupted: header checksum expected " + expected
          + " (stored), found " + found);
    }
  }

  /** A NUL-terminated field. */
  private String text(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** An octal number, optionally padded with leading spaces and ended by NUL or space. */
  private long octal(int offset, int length, String field) throws IOException {
    long value = 0;
    int i = offset;
    while (i < offset + length && header[i] == ' ') {
      i++;
    }
    for (; i < offset + length && header[i] != 0 && header[i] != ' '; i++) {
      int digit = header[i] - '0';
      if (digit < 0 || digit > 7) {
        throw new IOException("not a tar archive or corrupted: expected an octal " + field
            + ", found \"" + text(offset, length) + "\"");
      }
      value = value * 8 + digit;
    }
    return value;
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private int readUpTo(byte[] b, int len) throws IOException {
    int done = 0;
    for (int n; done < len && (n = in.read(b, done, len - done)) >= 0; ) {
      done += n;
    }
    return done;
  }

  private void skipFully(long n) throws IOException {
    while (n > 0) {
      int read = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (read < 0) {
        throw new EOFException("tar archive ends inside " + current.name + ": expected "
            + current.size + " bytes and padding to a 512-byte block");
      }
      n -= read;
    }
  }
}
