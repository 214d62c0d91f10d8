package dev.topiary.runtime.io;

import static dev.topiary.runtime.io.ModelFileTest.FP;
import static dev.topiary.runtime.io.ModelFileTest.NAME;
import static dev.topiary.runtime.io.ModelFileTest.bytes;
import static dev.topiary.runtime.io.ModelFileTest.param;
import static dev.topiary.runtime.io.ModelFileTest.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.runtime.Parameter;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UTFDataFormatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests that a failed {@link ModelFile#write} leaves the old file as it was and no temporary files. */
class ModelFileWriteFailureTest {
  @TempDir File dir;

  private File existingModel() throws IOException {
    File file = new File(dir, "seed.topiary");
    ModelFile.write(file, NAME, FP, small());
    return file;
  }

  private static String longName() {
    char[] name = new char[70_000];
    Arrays.fill(name, 'x');
    return new String(name);
  }

  @Test
  void failureInTheMiddleOfWritingKeepsTheOldFile() throws IOException {
    File file = existingModel();
    byte[] before = bytes(file);
    // writeUTF refuses names over 65,535 bytes: after the header and a megabyte of values are written.
    Parameter[] params = {new Parameter("big", 250_000), param(longName(), 1f)};
    assertThrows(UTFDataFormatException.class, () -> ModelFile.write(file, NAME, FP, params));
    assertArrayEquals(before, bytes(file));
    assertArrayEquals(new String[] {"seed.topiary"}, dir.list(), "temporary file left behind");
    Parameter[] loaded = ModelFileTest.blank(small());
    ModelFile.read(file, NAME, FP, loaded);
    assertArrayEquals(ModelFileTest.rawBits(small()), ModelFileTest.rawBits(loaded));
  }

  @Test
  void failedRenameLeavesNoTemporaryFile() throws IOException {
    File target = new File(dir, "seed.topiary");
    assertTrue(target.mkdir());
    File inside = new File(target, "keep");
    try (OutputStream out = new FileOutputStream(inside)) {
      out.write(7);
    }
    // a directory at the target is refused before anything is written (ModelFileTargetTest)
    IOException e = assertThrows(IOException.class, () -> ModelFile.write(target, NAME, FP, small()));
    assertEquals("cannot write model file " + target + ": it is a directory; expected a file or "
        + "nothing there", e.getMessage());
    assertArrayEquals(new String[] {"seed.topiary"}, dir.list(), "temporary file left behind");
    assertArrayEquals(new byte[] {7}, bytes(inside));
  }

  @Test
  void missingDirectoryIsReportedBeforeWriting() {
    File missing = new File(new File(dir, "no-such-dir"), "seed.topiary");
    IOException e = assertThrows(IOException.class, () -> ModelFile.write(missing, NAME, FP, small()));
    assertEquals("cannot write model file " + missing + ": expected directory "
        + missing.getParentFile() + " to exist", e.getMessage());
    assertEquals(0, dir.list().length);
  }

  @Test
  void overwritingSucceedsAndLeavesOnlyTheNewFile() throws IOException {
    File file = existingModel();
    ModelFile.write(file, NAME, FP, new Parameter[] {param("conv/kernel", 9, 9, 9, 9, 9),
        param("conv/bias", 8, 8)});
    assertArrayEquals(new String[] {"seed.topiary"}, dir.list());
    Parameter[] loaded = ModelFileTest.blank(small());
    ModelFile.read(file, NAME, FP, loaded);
    assertEquals(9f, loaded[0].value[4]);
    assertEquals(8f, loaded[1].value[1]);
  }

  @Test
  void missingArgumentsAreRejectedBeforeAnyFileIsMade() {
    File file = new File(dir, "seed.topiary");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ModelFile.write(file, NAME, FP, new Parameter[] {small()[0], null}));
    assertEquals("expected a named parameter at params[1], found null", e.getMessage());
    assertEquals(0, dir.list().length);
  }
}
