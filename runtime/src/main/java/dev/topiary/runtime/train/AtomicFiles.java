package dev.topiary.runtime.train;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;

/** Small files the training listeners write: to a temporary file beside the target, then renamed. */
final class AtomicFiles {
  private AtomicFiles() {}

  static void write(File file, byte[] bytes) throws IOException {
    File dir = file.getAbsoluteFile().getParentFile();
    if (dir == null || !dir.isDirectory()) {
      throw new IOException("cannot write " + file + ": expected directory " + dir + " to exist");
    }
    File tmp = File.createTempFile("." + file.getName() + ".", ".tmp", dir);
    try {
      try (FileOutputStream out = new FileOutputStream(tmp)) {
        out.write(bytes);
        out.getFD().sync();
      }
      if (!tmp.renameTo(file) && !(file.isFile() && file.delete() && tmp.renameTo(file))) {
        throw new IOException("cannot move " + tmp.getName() + " into place as " + file);
      }
    } finally {
      tmp.delete(); // gone after a successful rename; a leftover on failure
    }
  }
}
