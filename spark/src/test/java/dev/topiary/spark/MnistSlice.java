package dev.topiary.spark;

import dev.topiary.runtime.data.Dataset;
import dev.topiary.samples.Mnist;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A small slice of the real MNIST (found or fetched by the samples' {@link Mnist#load()}) written
 * back as IDX files: the training files gzipped, the test files plain, as both occur.
 */
final class MnistSlice {
  private static Mnist mnist;

  private MnistSlice() {}

  /** MNIST, read once per test JVM. */
  static synchronized Mnist mnist() throws IOException {
    if (mnist == null) {
      mnist = Mnist.load();
    }
    return mnist;
  }

  /** Writes the first {@code train} and {@code test} examples into {@code dir}. */
  static Path write(Path dir, int train, int test) throws IOException {
    Mnist mnist = mnist();
    Files.createDirectories(dir);
    writeImages(dir.resolve("train-images-idx3-ubyte.gz"), mnist.train(), train);
    writeLabels(dir.resolve("train-labels-idx1-ubyte.gz"), mnist.train(), train);
    writeImages(dir.resolve("t10k-images-idx3-ubyte"), mnist.test(), test);
    writeLabels(dir.resolve("t10k-labels-idx1-ubyte"), mnist.test(), test);
    return dir;
  }

  static void writeImages(Path file, Dataset data, int n) throws IOException {
    try (DataOutputStream out = new DataOutputStream(open(file))) {
      out.writeInt(0x00000803);
      out.writeInt(n);
      out.writeInt(28);
      out.writeInt(28);
      for (int i = 0; i < n; i++) {
        for (float v : data.example(i)) {
          out.writeByte(Math.round(v * 255));
        }
      }
    }
  }

  private static void writeLabels(Path file, Dataset data, int n) throws IOException {
    try (DataOutputStream out = new DataOutputStream(open(file))) {
      out.writeInt(0x00000801);
      out.writeInt(n);
      for (int i = 0; i < n; i++) {
        out.writeByte(data.label(i));
      }
    }
  }

  private static OutputStream open(Path file) throws IOException {
    OutputStream out = Files.newOutputStream(file);
    return file.toString().endsWith(".gz") ? new GZIPOutputStream(out) : out;
  }
}
