package dev.topiary.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.topiary.Structure;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.optim.Adam;
import dev.topiary.runtime.optim.CosineDecay;
import dev.topiary.runtime.optim.ExponentialDecay;
import dev.topiary.runtime.optim.Optimizer;
import dev.topiary.runtime.optim.RmsProp;
import dev.topiary.runtime.optim.Sgd;
import dev.topiary.runtime.prune.PolynomialDecay;
import java.io.File;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints that resume: two epochs in one run equal one epoch, a checkpoint, and one more
 * epoch in new objects (network built with another seed, new optimizer, new trainer), bit for bit
 * on the loss, accuracy, weights, masks and optimizer step count.
 */
class ResumeTest {
  /** 100 examples, 80 trained on in batches of 10: 8 steps an epoch. */
  static Dataset data() {
    SplittableRandom r = new SplittableRandom(5);
    int n = 100;
    float[] x = new float[n * TinyNetwork.IN];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = r.nextInt(TinyNetwork.OUT);
      for (int j = 0; j < TinyNetwork.IN; j++) {
        x[i * TinyNetwork.IN + j] = (float) r.nextDouble() + (j / 4 == y[i] ? 1f : 0f);
      }
    }
    return Dataset.of(x, y, TinyNetwork.IN);
  }

  /** Mask updates at steps 4, 8, 12, 16: the second epoch (steps 9 to 16) updates it twice. */
  static PolynomialDecay schedule() {
    return new PolynomialDecay(0.1, 0.6, 0, 16, 4, 3);
  }

  private static Trainer trainer(TinyNetwork net, Optimizer optimizer, boolean strict) {
    return Trainer.of(net).optimizer(optimizer).batchSize(10).progress(false)
        .strictPruning(strict).validationSplit(0.2).threads(1);
  }

  /** Compares the straight run with the stopped and resumed one. */
  private static void check(Path dir, LongFunction<TinyNetwork> network,
      Supplier<Optimizer> optimizer, boolean strict) throws Exception {
    Dataset data = data();
    TinyNetwork straight = network.apply(3);
    Trainer a = trainer(straight, optimizer.get(), strict).epochs(2);
    History whole = a.fit(data);

    TinyNetwork first = network.apply(3);
    ModelCheckpoint saver = new ModelCheckpoint(dir.resolve("epoch-{epoch}.ckpt").toString());
    History one = trainer(first, optimizer.get(), strict).epochs(1).listeners(saver)
        .fit(data);
    File ckpt = dir.resolve("epoch-1.ckpt").toFile();
    assertEquals(ckpt, saver.lastSaved());
    assertEquals(Double.doubleToLongBits(whole.epochs().get(0).loss()),
        Double.doubleToLongBits(one.last().loss()), "the first epochs agree");

    // new objects throughout: another weight seed (so another default shuffle seed) and masks
    TinyNetwork fresh = network.apply(77);
    float[] maskBefore = fresh.pruning == null ? null : fresh.pruning.kernelMask().clone();
    Trainer c = trainer(fresh, optimizer.get(), strict).epochs(2).resume(ckpt.toPath());
    assertEquals(1, c.initialEpoch());
    History rest = c.fit(data);

    assertEquals(1, rest.epochs().size());
    History.Epoch e2 = whole.epochs().get(1);
    History.Epoch r2 = rest.last();
    assertEquals(2, r2.index());
    assertEquals(Double.doubleToLongBits(e2.loss()), Double.doubleToLongBits(r2.loss()),
        "epoch 2's loss: " + e2.loss() + " straight, " + r2.loss() + " resumed");
    assertEquals(Double.doubleToLongBits(e2.accuracy()), Double.doubleToLongBits(r2.accuracy()));
    assertEquals(Double.doubleToLongBits(e2.validation().loss()),
        Double.doubleToLongBits(r2.validation().loss()));
    assertEquals(a.optimizer().iterations(), c.optimizer().iterations());
    assertEquals(16, c.optimizer().iterations(), "80 training examples, 8 steps an epoch");
    for (int i = 0; i < straight.parameters().size(); i++) {
      Parameter p = straight.parameters().get(i);
      assertArrayEquals(bits(p.value), bits(fresh.parameters().get(i).value), p.name);
    }
    if (straight.pruning != null) {
      assertArrayEquals(straight.pruning.kernelMask(), fresh.pruning.kernelMask());
      if (straight.pruning.biasMask() != null) {
        assertArrayEquals(straight.pruning.biasMask(), fresh.pruning.biasMask());
      }
      assertEquals(straight.pruning.steps(), fresh.pruning.steps());
      assertFalse(java.util.Arrays.equals(maskBefore, fresh.pruning.kernelMask()));
      TinyNetwork afterOne = first;
      assertFalse(java.util.Arrays.equals(afterOne.pruning.kernelMask(),
          straight.pruning.kernelMask()), "a mask update happened in the second epoch");
    }
  }

  private static int[] bits(float[] v) {
    int[] b = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = Float.floatToRawIntBits(v[i]);
    }
    return b;
  }

  @Test
  void adamOnAPrunedNetworkAcrossAMaskUpdate(@TempDir Path dir) throws Exception {
    check(dir, seed -> new TinyNetwork(seed, schedule(), Structure.UNSTRUCTURED, null),
        () -> new Adam(0.01), false);
  }

  @Test
  void strictPruningWithACosineSchedule(@TempDir Path dir) throws Exception {
    check(dir, seed -> new TinyNetwork(seed, schedule(), Structure.UNSTRUCTURED, null),
        () -> new Adam(new CosineDecay(0.02, 30, 0.1)), true);
  }

  @Test
  void channelPruningWithItsBiasMask(@TempDir Path dir) throws Exception {
    // linear from 0.1 to 0.7 of 4 channels: 2 pruned from step 8, 3 at step 16
    check(dir, seed -> new TinyNetwork(seed, new PolynomialDecay(0.1, 0.7, 0, 16, 4, 1),
        Structure.CHANNELS, null), () -> new Adam(0.01), false);
  }

  @Test
  void sgdWithMomentumAndExponentialDecay(@TempDir Path dir) throws Exception {
    check(dir, seed -> new TinyNetwork(seed, null, null, null),
        () -> new Sgd(new ExponentialDecay(0.05, 7, 0.5, true), 0.9, true), false);
  }

  @Test
  void rmsPropUnderProximalL1(@TempDir Path dir) throws Exception {
    check(dir, seed -> new TinyNetwork(seed, null, null, 1e-3f),
        () -> new RmsProp(0.005), false);
  }

  @Test
  void aLoweredFixedRateIsRestoredAndAStreamResumesToo(@TempDir Path dir) throws Exception {
    TinyNetwork net = new TinyNetwork(3, null, null, null);
    Trainer t = trainer(net, new Adam(0.01), false);
    t.optimizer().setLearningRate(0.004); // as ReduceLROnPlateau does
    t.epochs(1).listeners(new ModelCheckpoint(dir.resolve("c.ckpt").toString())).fit(data());
    Trainer r = trainer(new TinyNetwork(3, null, null, null),
        new Adam(0.01), false);
    try (InputStream in = new FileInputStream(dir.resolve("c.ckpt").toFile())) {
      r.resume(in);
    }
    assertEquals(0.004f, r.optimizer().learningRate());
    assertEquals(8, r.optimizer().iterations());
    assertEquals(1, r.initialEpoch());
  }

  @Test
  void resumingAtTheLastEpochTrainsNothing(@TempDir Path dir) throws Exception {
    TinyNetwork net = new TinyNetwork(3, null, null, null);
    trainer(net, new Adam(0.01), false).epochs(1)
        .listeners(new ModelCheckpoint(dir.resolve("c.ckpt").toString())).fit(data());
    TinyNetwork other = new TinyNetwork(4, null, null, null);
    Trainer r = trainer(other, new Adam(0.01), false).epochs(1)
        .resume(dir.resolve("c.ckpt").toFile());
    assertTrue(r.fit(data()).epochs().isEmpty(), "as Keras's fit with initial_epoch = epochs");
    assertArrayEquals(bits(net.kernel.value), bits(other.kernel.value));
  }

  @Test
  void theOptimizerAndSeedAreChosenBeforeResume(@TempDir Path dir) throws Exception {
    TinyNetwork net = new TinyNetwork(3, null, null, null);
    trainer(net, new Adam(0.01), false).epochs(1)
        .listeners(new ModelCheckpoint(dir.resolve("c.ckpt").toString())).fit(data());
    Trainer r = trainer(new TinyNetwork(3, null, null, null),
        new Adam(0.01), false).resume(dir.resolve("c.ckpt").toFile());
    IllegalStateException e = assertThrows(
        IllegalStateException.class, () -> r.adam(0.01));
    assertTrue(e.getMessage().contains("the optimizer to be chosen before resume"),
        e.getMessage());
    assertThrows(IllegalStateException.class,
        () -> r.shuffleSeed(1));
    assertThrows(IllegalArgumentException.class,
        () -> r.resume((File) null));
    assertThrows(java.io.FileNotFoundException.class,
        () -> Trainer.of(net).resume(dir.resolve("missing.ckpt").toFile()));
  }
}
