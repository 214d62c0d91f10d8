package dev.topiary.spark;

import dev.topiary.samples.CommandLine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * An output directory written once: files go to a temporary directory beside it, which is moved
 * into place at the end, so a reader sees all of a run's files or none.
 */
final class OutputDir {
  private final Path target;
  private final Path tmp;

  private OutputDir(Path target, Path tmp) {
    this.target = target;
    this.tmp = tmp;
  }

  /**
   * Refuses a {@code target} that exists and is not an empty directory, before any work starts,
   * so a run never overwrites another's results.
   */
  static void checkFree(Path target) throws CommandLine.UsageException, IOException {
    if (Files.exists(target)) {
      boolean empty;
      try (Stream<Path> s = Files.isDirectory(target) ? Files.list(target) : null) {
        empty = s != null && !s.findAny().isPresent();
      }
      if (!empty) {
        throw new CommandLine.UsageException("expected --out to name a new or empty directory, found "
            + target.toAbsolutePath() + " with files in it; choose another or remove it");
      }
    }
  }

  /** A temporary directory beside {@code target}, to fill and then {@link #commit()}. */
  static OutputDir create(Path target) throws IOException {
    Path abs = target.toAbsolutePath();
    Files.createDirectories(abs.getParent());
    return new OutputDir(abs, Files.createTempDirectory(abs.getParent(),
        "." + abs.getFileName() + ".tmp-"));
  }

  /** Where to write the files. */
  Path dir() {
    return tmp;
  }

  void write(String name, String text) throws IOException {
    Files.write(tmp.resolve(name), text.getBytes(StandardCharsets.UTF_8));
  }

  /** Moves the finished directory into place (replacing an empty one), atomically. */
  void commit() throws IOException {
    Files.deleteIfExists(target); // only ever an empty directory, as checkFree required
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Removes the temporary directory after a failure. */
  void discard() {
    if (!Files.exists(tmp)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(tmp)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not remove " + tmp + ": " + e.getMessage());
    }
  }
}
