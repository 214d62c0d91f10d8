package dev.topiary.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train} with a validation split, early stopping and a CSV log, on a slice of MNIST; and
 * its checkpoints and resume, on a few MNIST-shaped random images.
 */
class TrainCommandTest {
  @Test
  void trainsWithValidationEarlyStoppingAndACsvLog(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Path csv = dir.resolve("log.csv");
    int code = Main.run(new String[] {"train", "--train", "2000", "--epochs", "3",
        "--validation-split", "0.2", "--early-stopping", "1", "--csv", csv.toString(), "--out",
        dir.resolve("seed.topiary").toString()}, new PrintStream(out, true, "UTF-8"), System.err);
    String text = out.toString("UTF-8");
    assertEquals(0, code, text);
    assertTrue(text.contains("val_loss"), text);
    List<String> rows = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertTrue(rows.size() >= 3 && rows.size() <= 4, "header and 2 or 3 epochs: " + rows);
    assertTrue(rows.get(1).startsWith("1,") && !rows.get(1).contains(",,"),
        "val_loss and val_accuracy present: " + rows.get(1));
    assertTrue(Files.size(dir.resolve("seed.topiary")) > 0);
  }

  /** MNIST-shaped IDX files of a few random 28x28 images, in {@code dir}; returns it. */
  static Path tinyMnist(Path dir, int train, int test) throws IOException {
    Files.createDirectories(dir);
    Random r = new Random(7);
    int[] counts = {train, train, test, test};
    for (int f = 0; f < 4; f++) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(b);
      boolean images = f % 2 == 0;
      out.writeInt(images ? 0x803 : 0x801);
      out.writeInt(counts[f]);
      if (images) {
        out.writeInt(28);
        out.writeInt(28);
      }
      for (int i = 0; i < counts[f]; i++) {
        if (images) {
          for (int p = 0; p < 28 * 28; p++) {
            out.write(p / 79 == i % 10 ? 255 : r.nextInt(64));
          }
        } else {
          out.write(i % 10);
        }
      }
      Files.write(dir.resolve(Mnist.FILES.get(f)), b.toByteArray());
    }
    return dir;
  }

  private static String run(String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, "UTF-8"),
        new PrintStream(err, true, "UTF-8"));
    String text = out.toString("UTF-8") + err.toString("UTF-8");
    assertEquals(0, code, text);
    return text;
  }

  @Test
  void earlyStoppingWithoutASplitHoldsOutATenthAndCheckpointsEveryEpoch(@TempDir Path dir)
      throws Exception {
    Path data = tinyMnist(dir.resolve("mnist"), 200, 20);
    Path ckpt = dir.resolve("ckpt");
    String text = run("train", "--data", data.toString(), "--epochs", "3", "--early-stopping",
        "2", "--checkpoint", ckpt.toString(), "--out", dir.resolve("m.topiary").toString());
    assertTrue(text.contains("holding out the last 10% of the training images"), text);
    assertTrue(text.contains("val_loss"), text);
    for (int e = 1; e <= 3; e++) {
      assertTrue(Files.isRegularFile(ckpt.resolve("epoch-" + e + ".ckpt")), e + ": " + text);
    }
  }

  @Test
  void resumeContinuesTheRunBitForBit(@TempDir Path dir) throws Exception {
    Path data = tinyMnist(dir.resolve("mnist"), 120, 10);
    Path ckpt = dir.resolve("ckpt");
    String[] common = {"train", "--data", data.toString(), "--batch", "16", "--epochs", "2",
        "--validation-split", "0.25"};
    run(concat(common, "--checkpoint", ckpt.toString(), "--out",
        dir.resolve("straight.topiary").toString()));
    String resumed = run(concat(common, "--resume", ckpt.resolve("epoch-1.ckpt").toString(),
        "--out", dir.resolve("resumed.topiary").toString()));
    assertTrue(resumed.contains("resuming " + ckpt.resolve("epoch-1.ckpt") + " after epoch 1, "
        + "up to epoch 2"), resumed);
    assertTrue(resumed.contains("epoch 2: loss") && !resumed.contains("epoch 1: loss"), resumed);
    assertArrayEquals(Files.readAllBytes(dir.resolve("straight.topiary")),
        Files.readAllBytes(dir.resolve("resumed.topiary")),
        "two epochs in one run equal one, a checkpoint, and one more");
  }

  @Test
  void resumingFromABadFileSaysWhatItFound(@TempDir Path dir) throws Exception {
    Path data = tinyMnist(dir.resolve("mnist"), 20, 10);
    Path bad = Files.write(dir.resolve("bad.ckpt"), new byte[] {1, 2, 3});
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"train", "--data", data.toString(), "--resume",
        bad.toString()}, new PrintStream(new ByteArrayOutputStream(), true, "UTF-8"),
        new PrintStream(err, true, "UTF-8"));
    assertTrue(code != 0);
    assertTrue(err.toString("UTF-8").contains("not a Topiary training checkpoint"),
        err.toString("UTF-8"));
  }

  private static String[] concat(String[] a, String... b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
