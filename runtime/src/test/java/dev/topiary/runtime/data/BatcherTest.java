package dev.topiary.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Tests {@link Batcher} on data sets whose features say which example they are. */
class BatcherTest {
  private static final int EXAMPLE_SIZE = 3;

  /** Example i has features {@code 1000 i + j} and label {@code i}. */
  private static Dataset numbered(int size) {
    float[] features = new float[size * EXAMPLE_SIZE];
    int[] labels = new int[size];
    for (int i = 0; i < size; i++) {
      labels[i] = i;
      for (int j = 0; j < EXAMPLE_SIZE; j++) {
        features[i * EXAMPLE_SIZE + j] = 1000 * i + j;
      }
    }
    return Dataset.of(features, labels, EXAMPLE_SIZE);
  }

  /** Runs one epoch and returns the labels in the order visited, checking features match labels. */
  private static int[] epochOrder(Batcher batcher, int epoch, int size) {
    batcher.startEpoch(epoch);
    float[] x = new float[batcher.batchSize() * EXAMPLE_SIZE];
    int[] y = new int[batcher.batchSize()];
    int[] order = new int[size];
    int seen = 0;
    for (int n; (n = batcher.next(x, y)) > 0; ) {
      for (int k = 0; k < n; k++) {
        for (int j = 0; j < EXAMPLE_SIZE; j++) {
          assertEquals(1000f * y[k] + j, x[k * EXAMPLE_SIZE + j], "features of example " + y[k]);
        }
        order[seen++] = y[k];
      }
    }
    assertEquals(size, seen);
    return order;
  }

  @Test
  void everyExampleOnceAndOnlyOncePerEpoch() {
    Batcher batcher = new Batcher(numbered(103), 10, 42);
    for (int epoch = 0; epoch < 5; epoch++) {
      int[] order = epochOrder(batcher, epoch, 103);
      int[] sorted = order.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < 103; i++) {
        assertEquals(i, sorted[i], "epoch " + epoch);
      }
    }
  }

  @Test
  void examplesAreShuffled() {
    int[] order = epochOrder(new Batcher(numbered(100), 7, 1), 0, 100);
    int inPlace = 0;
    for (int i = 0; i < 100; i++) {
      inPlace += order[i] == i ? 1 : 0;
    }
    // A random permutation fixes one point on average.
    assertTrue(inPlace < 10, "examples left in place: " + inPlace);
  }

  @Test
  void sameSeedAndEpochGiveTheSameOrder() {
    Batcher a = new Batcher(numbered(50), 8, 7);
    Batcher b = new Batcher(numbered(50), 8, 7);
    int[] first = epochOrder(a, 3, 50);
    epochOrder(b, 0, 50);
    epochOrder(b, 1, 50);
    assertArrayEquals(first, epochOrder(b, 3, 50), "order must not depend on earlier epochs");
    assertArrayEquals(first, epochOrder(a, 3, 50), "restarting an epoch repeats it");
  }

  @Test
  void differentEpochsAndSeedsGiveDifferentOrders() {
    Batcher batcher = new Batcher(numbered(50), 8, 7);
    int[] epoch0 = epochOrder(batcher, 0, 50);
    int[] epoch1 = epochOrder(batcher, 1, 50);
    assertFalse(Arrays.equals(epoch0, epoch1));
    assertFalse(Arrays.equals(epoch0, epochOrder(new Batcher(numbered(50), 8, 8), 0, 50)));
  }

  @Test
  void lastBatchIsPartialThenZero() {
    Batcher batcher = new Batcher(numbered(10), 4, 0);
    assertEquals(3, batcher.batchesPerEpoch());
    batcher.startEpoch(0);
    float[] x = new float[4 * EXAMPLE_SIZE];
    int[] y = new int[4];
    assertEquals(4, batcher.next(x, y));
    assertEquals(4, batcher.next(x, y));
    assertEquals(2, batcher.next(x, y));
    assertEquals(0, batcher.next(x, y));
    assertEquals(0, batcher.next(x, y));
    batcher.startEpoch(1);
    assertEquals(4, batcher.next(x, y), "a new epoch rewinds");
  }

  @Test
  void exactMultipleHasNoEmptyBatchAndEmptySetHasNone() {
    Batcher exact = new Batcher(numbered(8), 4, 0);
    assertEquals(2, exact.batchesPerEpoch());
    exact.startEpoch(0);
    float[] x = new float[4 * EXAMPLE_SIZE];
    int[] y = new int[4];
    assertEquals(4, exact.next(x, y));
    assertEquals(4, exact.next(x, y));
    assertEquals(0, exact.next(x, y));

    Batcher empty = new Batcher(numbered(0), 4, 0);
    assertEquals(0, empty.batchesPerEpoch());
    empty.startEpoch(0);
    assertEquals(0, empty.next(x, y));
  }

  @Test
  void batchesOfASliceComeFromTheSlice() {
    Dataset slice = numbered(20).slice(5, 12);
    int[] order = epochOrder(new Batcher(slice, 3, 9), 0, 7);
    Arrays.sort(order);
    assertArrayEquals(new int[] {5, 6, 7, 8, 9, 10, 11}, order);
  }

  @Test
  void misuseIsExplained() {
    assertEquals("batchSize must be positive, found 0",
        assertThrows(IllegalArgumentException.class, () -> new Batcher(numbered(3), 0, 0)).getMessage());
    Batcher batcher = new Batcher(numbered(10), 4, 0);
    assertEquals("call startEpoch(epoch) before next",
        assertThrows(IllegalStateException.class, () -> batcher.next(new float[12], new int[4]))
            .getMessage());
    batcher.startEpoch(0);
    assertEquals("expected x of at least 4 * 3 = 12 floats and y of at least 4 labels, found 3 and 4",
        assertThrows(IllegalArgumentException.class, () -> batcher.next(new float[3], new int[4]))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> batcher.next(new float[12], new int[3]));
  }

  @Test
  void nextAllocatesNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    assertTrue(threads.isThreadAllocatedMemorySupported());
    Batcher batcher = new Batcher(numbered(1000), 16, 3);
    float[] x = new float[16 * EXAMPLE_SIZE];
    int[] y = new int[16];
    long checksum = 0;
    for (int round = 0; round < 2; round++) {
      batcher.startEpoch(round);
      long id = Thread.currentThread().getId();
      long before = threads.getThreadAllocatedBytes(id);
      for (int n; (n = batcher.next(x, y)) > 0; ) {
        checksum += y[n - 1];
      }
      long allocated = threads.getThreadAllocatedBytes(id) - before;
      // 63 batches of 16 examples; copying through a new array per example would be ~50 KB.
      assertTrue(allocated < 2048, "bytes allocated in one epoch of next(): " + allocated);
    }
    assertTrue(checksum > 0);
  }
}
