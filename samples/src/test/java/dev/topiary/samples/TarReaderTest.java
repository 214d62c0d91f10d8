package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tests {@link TarReader} on small archives made by {@link TarWriter}. */
class TarReaderTest {
  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + seed);
    }
    return b;
  }

  private static byte[] content(TarReader tar) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    tar.copyTo(out);
    return out.toByteArray();
  }

  @Test
  void readsNamesSizesTypesAndContent() throws IOException {
    byte[] small = "hello".getBytes(StandardCharsets.US_ASCII);
    byte[] block = bytes(512, 1);
    byte[] big = bytes(70_000, 2); // more than one copy buffer
    byte[] archive = new TarWriter()
        .directory("package/")
        .file("package/a.txt", small)
        .file("package/data/block", block)
        .file("package/empty", new byte[0])
        .file("a/prefix/longer/than/the/name/field", "train-images-idx3-ubyte", big)
        .finish();
    TarReader tar = new TarReader(new ByteArrayInputStream(archive));
    TarReader.Entry dir = tar.next();
    assertEquals("package/", dir.name);
    assertEquals('5', dir.type);
    assertFalse(dir.isFile());
    TarReader.Entry a = tar.next();
    assertEquals("package/a.txt", a.name);
    assertEquals(5, a.size);
    assertTrue(a.isFile());
    assertArrayEquals(small, content(tar));
    assertEquals(512, tar.next().size);
    assertArrayEquals(block, content(tar));
    assertEquals(0, tar.next().size);
    assertArrayEquals(new byte[0], content(tar));
    TarReader.Entry prefixed = tar.next();
    assertEquals("a/prefix/longer/than/the/name/field/train-images-idx3-ubyte", prefixed.name);
    assertArrayEquals(big, content(tar));
    assertNull(tar.next());
  }

  @Test
  void skipsContentThatIsNotRead() throws IOException {
    byte[] archive = new TarWriter()
        .file("skipped", bytes(1000, 3))
        .file("partly-read", bytes(700, 4))
        .file("wanted", bytes(10, 5))
        .finish();
    TarReader tar = new TarReader(new ByteArrayInputStream(archive));
    assertEquals("skipped", tar.next().name);
    assertEquals("partly-read", tar.next().name);
    assertEquals("wanted", tar.next().name);
    assertArrayEquals(bytes(10, 5), content(tar));
    assertNull(tar.next());
  }

  @Test
  void toleratesAMissingEndMarker() throws IOException {
    byte[] archive = new TarWriter().file("only", bytes(3, 6)).unfinished();
    TarReader tar = new TarReader(new ByteArrayInputStream(archive));
    assertEquals("only", tar.next().name);
    assertNull(tar.next());
  }

  @Test
  void truncatedContentSaysHowMuchWasThere() throws IOException {
    byte[] archive = Arrays.copyOf(new TarWriter().file("package/a.txt", bytes(100, 7)).finish(), 512 + 40);
    TarReader tar = new TarReader(new ByteArrayInputStream(archive));
    tar.next();
    EOFException e = assertThrows(EOFException.class, () -> content(tar));
    assertEquals("tar archive ends inside package/a.txt: expected 100 bytes, found 40", e.getMessage());
    byte[] header = Arrays.copyOf(archive, 300);
    EOFException h = assertThrows(EOFException.class,
        () -> new TarReader(new ByteArrayInputStream(header)).next());
    assertEquals("tar archive ends inside a header: expected 512 bytes, found 300", h.getMessage());
  }

  @Test
  void corruptHeadersAreRejected() {
    byte[] archive = new TarWriter().file("name", bytes(3, 8)).finish();
    archive[0] = 'N';
    IOException e = assertThrows(IOException.class,
        () -> new TarReader(new ByteArrayInputStream(archive)).next());
    assertTrue(e.getMessage().startsWith("not a tar archive or corrupted: header checksum expected "),
        e.getMessage());
    byte[] gzip = new byte[600];
    gzip[0] = 0x1f;
    gzip[1] = (byte) 0x8b;
    assertThrows(IOException.class, () -> new TarReader(new ByteArrayInputStream(gzip)).next());
  }
}
