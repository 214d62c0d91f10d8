package dev.topiary.benchmarks;

import dev.topiary.runtime.train.Trainer;
import dev.topiary.runtime.data.Dataset;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * Bytes allocated per training step and per prediction after warm-up, counted on every thread
 * of the JVM (the trainer's and the kernel pool's), and the heap a training run uses:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.benchmarks.AllocationCheck}</pre>
 * A step's share is the difference between fits of three epochs and of one over the same 100
 * batches, divided by the 200 steps between them: what {@code fit} allocates per call (its
 * batch buffers, the shuffled order of the data set) cancels out, and what it allocates per
 * epoch (the shuffle's generator, the epoch's record in the history, ~100 bytes) is included.
 */
public final class AllocationCheck {
  private AllocationCheck() {}

  public static void main(String[] args) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    Dataset data = MnistData.train();
    for (int t : new int[] {1, 2}) {
      TopiarySeedCnn net = new TopiarySeedCnn(42);
      Trainer trainer = Trainer.of(net).adam(1e-3).batchSize(32).progress(false).threads(t);
      Dataset slice = data.slice(0, 3200);
      trainer.epochs(2).fit(slice); // warm-up: JIT, buffers, optimizer state, pool
      long one = allocated(threads, () -> trainer.epochs(1).fit(slice));
      long three = allocated(threads, () -> trainer.epochs(3).fit(slice));
      System.out.printf(Locale.ROOT, "training, %d thread(s): %.2f bytes per step, epoch costs "
          + "included (fit of 1 epoch of 100 steps: %d B, of 3 epochs: %d B)%n", t,
          (three - one) / 200.0, one, three);
    }
    TopiarySeedCnn net = Trained.seedCnn();
    float[] image = MnistData.images(50_000, 1);
    float[] out = new float[10];
    float[] batch = MnistData.images(50_000, 256);
    float[] outs = new float[2560];
    for (int i = 0; i < 20_000; i++) {
      net.predict(image, out);
      net.predict(batch, 1, outs);
    }
    net.predict(batch, 256, outs);
    long one = allocated(threads, () -> {
      for (int i = 0; i < 10_000; i++) {
        net.predict(image, out);
      }
    });
    long many = allocated(threads, () -> {
      for (int i = 0; i < 100; i++) {
        net.predict(batch, 256, outs);
      }
    });
    long copying = allocated(threads, () -> {
      for (int i = 0; i < 10_000; i++) {
        net.predict(image);
      }
    });
    System.out.printf(Locale.ROOT, "predict(example, out): %.2f bytes per call; "
        + "predict(examples, 256, out): %.2f bytes per call; predict(example): %.1f bytes per "
        + "call (its new result array)%n", one / 1e4, many / 100.0, copying / 1e4);
    heap();
  }

  private static long allocated(com.sun.management.ThreadMXBean threads, Runnable run) {
    long before = total(threads);
    run.run();
    return total(threads) - before;
  }

  private static long total(com.sun.management.ThreadMXBean threads) {
    long sum = 0;
    for (long b : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      sum += Math.max(b, 0);
    }
    return sum;
  }

  private static void heap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.gc();
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "heap: %.1f MB live after the runs (MNIST's 60,000 "
        + "training images are 188 MB of it), %.1f MB peak summed over the heap pools%n",
        (rt.totalMemory() - rt.freeMemory()) / 1e6, peak / 1e6);
  }
}
