package dev.topiary.runtime.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/** {@link WorkerPool}: every chunk runs exactly once, on the bound pool or alone, and failures surface. */
class WorkerPoolTest {
  @Test
  void everyChunkRunsOnceWhetherBoundOrNot() {
    for (WorkerPool pool : new WorkerPool[] {null, WorkerPool.shared(2), WorkerPool.shared(3)}) {
      WorkerPool previous = WorkerPool.bind(pool);
      try {
        for (int round = 0; round < 200; round++) {
          int chunks = 1 + round % 37;
          AtomicIntegerArray runs = new AtomicIntegerArray(chunks);
          WorkerPool.run(runs::incrementAndGet, chunks);
          for (int c = 0; c < chunks; c++) {
            assertEquals(1, runs.get(c), "chunk " + c + " of " + chunks);
          }
        }
      } finally {
        WorkerPool.bind(previous);
      }
    }
  }

  @Test
  void workersShareTheChunks() throws InterruptedException {
    ConcurrentHashMap<Thread, Boolean> seen = new ConcurrentHashMap<>();
    WorkerPool previous = WorkerPool.bind(WorkerPool.shared(2));
    try {
      for (int round = 0; round < 1000 && seen.size() < 2; round++) {
        WorkerPool.run(chunk -> {
          seen.put(Thread.currentThread(), true);
          long until = System.nanoTime() + 200_000;
          while (System.nanoTime() < until) {
            Thread.yield();
          }
        }, 4);
      }
    } finally {
      WorkerPool.bind(previous);
    }
    assertEquals(2, seen.size(), "the caller and the worker both ran chunks");
  }

  @Test
  void aFailingChunkFailsTheCallAndThePoolStillWorks() {
    WorkerPool previous = WorkerPool.bind(WorkerPool.shared(2));
    try {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> WorkerPool.run(chunk -> {
            if (chunk == 5) {
              throw new IllegalStateException("chunk 5");
            }
          }, 8));
      assertEquals("chunk 5", e.getMessage());
      AtomicIntegerArray runs = new AtomicIntegerArray(8);
      WorkerPool.run(runs::incrementAndGet, 8);
      for (int c = 0; c < 8; c++) {
        assertEquals(1, runs.get(c));
      }
    } finally {
      WorkerPool.bind(previous);
    }
  }

  @Test
  void aNestedCallRunsOnItsOwnThread() {
    WorkerPool previous = WorkerPool.bind(WorkerPool.shared(2));
    try {
      AtomicIntegerArray inner = new AtomicIntegerArray(4 * 3);
      WorkerPool.run(outer -> WorkerPool.run(c -> inner.incrementAndGet(outer * 3 + c), 3), 4);
      for (int i = 0; i < 12; i++) {
        assertEquals(1, inner.get(i));
      }
    } finally {
      WorkerPool.bind(previous);
    }
  }

  @Test
  void sharedPoolsAreCreatedOncePerSizeAndBindingsRestore() {
    assertSame(WorkerPool.shared(2), WorkerPool.shared(2));
    assertEquals(3, WorkerPool.shared(3).threads());
    assertEquals(1, WorkerPool.threadsHere());
    WorkerPool previous = WorkerPool.bind(WorkerPool.shared(3));
    assertEquals(3, WorkerPool.threadsHere());
    assertSame(WorkerPool.shared(3), WorkerPool.bind(previous));
    assertEquals(1, WorkerPool.threadsHere());
    assertThrows(IllegalArgumentException.class, () -> WorkerPool.shared(0));
    assertThrows(IllegalArgumentException.class, () -> WorkerPool.run(c -> { }, 70_000));
  }

  @Test
  void twoCallersAtOnceBothFinish() throws Exception {
    int[] sums = new int[2];
    Thread[] threads = new Thread[2];
    for (int t = 0; t < 2; t++) {
      final int index = t;
      threads[t] = new Thread(() -> {
        WorkerPool.bind(WorkerPool.shared(2));
        for (int round = 0; round < 300; round++) {
          AtomicIntegerArray runs = new AtomicIntegerArray(16);
          WorkerPool.run(runs::incrementAndGet, 16);
          for (int c = 0; c < 16; c++) {
            sums[index] += runs.get(c);
          }
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join(60_000);
      assertTrue(!t.isAlive(), "a caller is stuck");
    }
    assertEquals(300 * 16, sums[0]);
    assertEquals(300 * 16, sums[1]);
  }
}
