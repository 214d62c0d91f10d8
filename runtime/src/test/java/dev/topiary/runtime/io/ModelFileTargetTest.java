package dev.topiary.runtime.io;

import static dev.topiary.runtime.io.ModelFileTest.FP;
import static dev.topiary.runtime.io.ModelFileTest.NAME;
import static dev.topiary.runtime.io.ModelFileTest.blank;
import static dev.topiary.runtime.io.ModelFileTest.param;
import static dev.topiary.runtime.io.ModelFileTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link ModelFile#write(File, String, String, Parameter[])} does with what is already at
 * the target, as its Javadoc decides (issue 15, item 11): a directory and a file that may not be
 * written are refused and kept, a symbolic link is followed and kept, and a temporary file left by
 * a killed save is left alone and changes nothing.
 */
class ModelFileTargetTest {
  @TempDir File dir;

  private static Parameter[] other() {
    return new Parameter[] {param("conv/kernel", 9f, 8f, 7f, 6f, 5f), param("conv/bias", 4f, 3f)};
  }

  private static void assertHolds(File file, Parameter[] expected) throws IOException {
    Parameter[] loaded = blank(expected);
    ModelFile.read(file, NAME, FP, loaded);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i].value, loaded[i].value, expected[i].name);
    }
  }

  @Test
  void anEmptyDirectoryAtTheTargetIsRefusedAndKept() {
    File target = new File(dir, "model.topiary");
    assertTrue(target.mkdir());
    IOException e = assertThrows(IOException.class,
        () -> ModelFile.write(target, NAME, FP, small()));
    assertTrue(e.getMessage().contains("it is a directory"), e.getMessage());
    assertTrue(target.isDirectory(), "the directory must still be there");
    assertTrue(dir.list().length == 1, "no temporary file left: " + String.join(", ", dir.list()));
  }

  @Test
  void aTargetThatMayNotBeWrittenIsRefusedAndKept() throws IOException {
    File plain = new File(dir, "kept.topiary");
    ModelFile.write(plain, NAME, FP, small());
    // File.canWrite() as for a read-only file (the tests may run as root, who may write anything)
    File readOnly = new File(plain.getPath()) {
      private static final long serialVersionUID = 1L;

      @Override
      public boolean canWrite() {
        return false;
      }
    };
    IOException e = assertThrows(IOException.class,
        () -> ModelFile.write(readOnly, NAME, FP, other()));
    assertTrue(e.getMessage().contains("may not be written"), e.getMessage());
    assertHolds(plain, small());
  }

  @Test
  void aSymbolicLinkIsFollowedAndKept() throws IOException {
    File real = new File(dir, "v3.topiary");
    ModelFile.write(real, NAME, FP, small());
    File link = new File(dir, "current.topiary");
    Files.createSymbolicLink(link.toPath(), real.toPath());

    ModelFile.write(link, NAME, FP, other());

    assertTrue(Files.isSymbolicLink(link.toPath()), "the link must stay a link");
    assertHolds(real, other());
    assertHolds(link, other());
  }

  @Test
  void aTemporaryFileLeftByAKilledSaveIsLeftAloneAndChangesNothing() throws IOException {
    File target = new File(dir, "model.topiary");
    File leftover = new File(dir, ".model.topiary.123456.tmp"); // as a killed save leaves it
    Files.write(leftover.toPath(), new byte[] {'T', 'O', 'P'});
    ModelFile.write(target, NAME, FP, small());
    assertHolds(target, small());
    assertTrue(leftover.isFile(), "a save leaves other saves' temporary files alone");
    assertTrue(dir.list().length == 2, String.join(", ", dir.list()));
  }
}
