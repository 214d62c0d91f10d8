package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Structure;
import dev.topiary.runtime.optim.Adam;
import dev.topiary.runtime.optim.CosineDecay;
import dev.topiary.runtime.optim.Optimizer;
import dev.topiary.runtime.optim.Sgd;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad checkpoints: each is refused with a {@link CheckpointException} that says what was
 * expected and found, and leaves the network and optimizer as they were.
 */
class HostileCheckpointTest {
  /** A pruned network's checkpoint after one epoch of Adam. */
  private static byte[] good;

  @BeforeAll
  static void save(@TempDir Path dir) throws IOException {
    TinyNetwork net = new TinyNetwork(3, ResumeTest.schedule(), Structure.UNSTRUCTURED, null);
    Trainer.of(net).adam(0.01).batchSize(10).progress(false).epochs(1)
        .listeners(new ModelCheckpoint(dir.resolve("c.ckpt").toString())).fit(ResumeTest.data());
    good = Files.readAllBytes(dir.resolve("c.ckpt"));
  }

  private static TinyNetwork pruned() {
    return new TinyNetwork(9, ResumeTest.schedule(), Structure.UNSTRUCTURED, null);
  }

  /** Resumes {@code bytes} into a fresh pruned network and Adam; expects a refusal. */
  private static String refused(byte[] bytes) {
    return refused(new ByteArrayInputStream(bytes), pruned(), new Adam(0.01));
  }

  private static String refused(InputStream in, TinyNetwork net, Optimizer optimizer) {
    float[] kernel = net.kernel.value.clone();
    float[] mask = net.pruning == null ? null : net.pruning.kernelMask().clone();
    Trainer t = Trainer.of(net).optimizer(optimizer);
    CheckpointException e = assertThrows(CheckpointException.class, () -> t.resume(in));
    assertArrayEquals(kernel, net.kernel.value, "weights untouched");
    if (mask != null) {
      assertArrayEquals(mask, net.pruning.kernelMask(), "mask untouched");
      assertEquals(0, net.pruning.steps());
    }
    assertEquals(0, optimizer.iterations(), "optimizer untouched");
    assertEquals(0, t.initialEpoch());
    assertTrue(e.getMessage().startsWith("checkpoint stream "), e.getMessage());
    return e.getMessage();
  }

  /** {@code bytes} with its checksum made right again, so a later check has to find the fault. */
  private static byte[] resealed(byte[] bytes) {
    byte[] b = bytes.clone();
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 8);
    long v = crc.getValue();
    for (int i = 0; i < 8; i++) {
      b[b.length - 8 + i] = (byte) (v >>> (56 - 8 * i));
    }
    return b;
  }

  private static int indexOf(byte[] b, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i + t.length <= b.length; i++) {
      if (Arrays.equals(Arrays.copyOfRange(b, i, i + t.length), t)) {
        return i;
      }
    }
    throw new AssertionError(text + " not found");
  }

  @Test
  void theGoodOneResumes() throws IOException {
    TinyNetwork net = pruned();
    Trainer t = Trainer.of(net).adam(0.01).resume(new ByteArrayInputStream(good));
    assertEquals(1, t.initialEpoch());
    assertEquals(10, t.optimizer().iterations());
    assertEquals(10, net.pruning.steps());
  }

  @Test
  void wrongMagic() {
    byte[] b = good.clone();
    b[3] = 'X';
    String m = refused(b);
    assertTrue(m.contains("not a Topiary training checkpoint") && m.contains("TOPICKPT")
        && m.contains("54 4f 50 58"), m);
    String model = refused("TOPIARY\0\0\0\0\1".getBytes(StandardCharsets.ISO_8859_1));
    assertTrue(model.contains("not a Topiary training checkpoint"), model);
  }

  @Test
  void wrongVersion() {
    byte[] b = good.clone();
    b[11] = 9;
    String m = refused(b);
    assertTrue(m.contains("format version 9, expected 1"), m);
  }

  @Test
  void everyTruncationSaysSo() {
    for (int n = 0; n < good.length; n++) {
      String m = refused(Arrays.copyOf(good, n));
      assertTrue(m.contains("is truncated: it ends after " + n + " bytes, in "), n + ": " + m);
    }
  }

  @Test
  void aFlippedBitFailsTheChecksum() {
    byte[] b = good.clone();
    b[b.length / 2] ^= 0x10;
    String m = refused(b);
    assertTrue(m.contains("is corrupted: checksum expected"), m);
  }

  @Test
  void bytesAfterTheChecksum() {
    String m = refused(Arrays.copyOf(good, good.length + 1));
    assertTrue(m.contains("is corrupted") && m.contains("1 bytes after the checksum"), m);
  }

  @Test
  void hostileSizesAllocateNothingTheyState() {
    // the first tensor's length (after its name, "output/kernel") set to Integer.MAX_VALUE
    byte[] b = good.clone();
    int at = indexOf(b, "output/kernel") + "output/kernel".length();
    b[at] = 0x7f;
    b[at + 1] = b[at + 2] = b[at + 3] = (byte) 0xff;
    String m = refused(resealed(b));
    assertTrue(m.contains("truncated") && m.contains("tensor output/kernel"), m);
    b[at] = (byte) 0xff; // negative
    String negative = refused(resealed(b));
    assertTrue(negative.contains("corrupted") && negative.contains("negative length"), negative);
  }

  @Test
  void anEndlessStreamIsCutOff() {
    InputStream endless = new SequenceInputStream(new ByteArrayInputStream(good),
        new InputStream() {
          @Override
          public int read() {
            return 0;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            Arrays.fill(b, off, off + len, (byte) 0);
            return len;
          }
        });
    long max = CheckpointReader.maxBytes(pruned());
    String m = refused(endless, pruned(), new Adam(0.01));
    assertTrue(m.contains("goes on past " + max + " bytes"), m);
  }

  @Test
  void anotherNetwork() {
    byte[] b = good.clone();
    b[indexOf(b, "Tiny") + 3] = 'Z';
    String m = refused(resealed(b));
    assertTrue(m.contains("saved from another network") && m.contains("expected network Tiny, "
        + "found network TinZ"), m);
    String unpruned = refused(new ByteArrayInputStream(good), new TinyNetwork(9, null, null,
        null), new Adam(0.01));
    assertTrue(unpruned.contains("expected 0 training rules, found 1"), unpruned);
  }

  @Test
  void anotherArchitecture() {
    byte[] b = good.clone();
    b[indexOf(b, "Dense 4") + 6] = '5';
    String m = refused(resealed(b));
    assertTrue(m.contains("expected the architecture") && m.contains("Dense 5"), m);
  }

  @Test
  void anotherOptimizerOrSchedule() {
    String sgd = refused(new ByteArrayInputStream(good), pruned(), new Sgd(0.01, 0.9));
    assertTrue(sgd.contains("does not fit the trainer's optimizer") && sgd.contains("expected "
        + "the state of Sgd, found that of Adam"), sgd);
    String schedule = refused(new ByteArrayInputStream(good), pruned(),
        new Adam(new CosineDecay(0.01, 100, 0)));
    assertTrue(schedule.contains("with a learning rate schedule, found one with a fixed"),
        schedule);
  }

  @Test
  void aMaskThatIsNotZerosAndOnes() {
    // the mask follows the rule's layer name "output" and its step and floor (16 bytes)
    byte[] b = good.clone();
    int at = lastIndexOf(b, "output") + "output".length() + 16 + 4;
    b[at] = 0x40; // 2.0f
    String m = refused(resealed(b));
    assertTrue(m.contains("corrupted") && m.contains("kernel mask expected 0 or 1"), m);
  }

  private static int lastIndexOf(byte[] b, String text) {
    byte[] t = text.getBytes(StandardCharsets.UTF_8);
    for (int i = b.length - t.length; i >= 0; i--) {
      if (Arrays.equals(Arrays.copyOfRange(b, i, i + t.length), t)) {
        return i;
      }
    }
    throw new AssertionError(text + " not found");
  }
}
