package dev.topiary.runtime.kernels;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A fixed set of threads that the large kernels split their work over: a kernel cuts its output
 * into chunks that no two chunks share (rows of a product, blocks of partial sums), the calling
 * thread and the pool's workers claim chunks until none is left, and the call returns when all
 * are done. Which thread computes a chunk never changes what it computes, so results are
 * bit-identical for any number of threads, and a worker the operating system does not schedule
 * only costs time: the caller takes its chunks.
 *
 * <p>A pool works for the thread it is {@link #bind bound} to; kernels called on other threads
 * run alone. One pool runs one call at a time; a second caller meanwhile runs its call alone.
 * Workers are daemon threads, created once with the pool; they spin for a millisecond after a
 * call (the next kernel of a training step follows within microseconds) and then park.
 * Dispatching a call allocates nothing.
 */
public final class WorkerPool {
  /** Work cut into chunks {@code 0 .. chunks - 1}, each independent of the others. */
  public interface Chunks {
    /** Computes chunk {@code chunk}; writes only what belongs to that chunk. */
    void run(int chunk);
  }

  /**
   * How long an idle worker spins before it parks: 1 ms. The kernels of a training step follow
   * each other within tens to hundreds of microseconds, and waking a parked thread can take
   * longer than that in a virtual machine (its CPU halts and the host must schedule it again);
   * measured on a 2-core VM, workers that parked after ~5 us made 2 threads slower than 1.
   */
  private static final long SPIN_NANOS = 1_000_000;
  /** Spins between clock reads; also how long the caller spins before yielding. */
  private static final int SPINS = 1 << 10;
  /** The most chunks one call may have (they share one atomic word with the claim counter). */
  public static final int MAX_CHUNKS = 0xFFFF;
  private static final ThreadLocal<WorkerPool> BOUND = new ThreadLocal<>();
  private static final WorkerPool[] SHARED = new WorkerPool[64];

  private final Thread[] workers;
  private final AtomicBoolean[] sleeping;
  private final AtomicBoolean busy = new AtomicBoolean();
  /** {@code generation << 32 | next unclaimed chunk}: a claim succeeds only within its call. */
  private final AtomicLong state = new AtomicLong();
  private final AtomicInteger done = new AtomicInteger();
  private long generation;
  private Chunks task;
  private volatile Throwable failure;

  private WorkerPool(int threads) {
    workers = new Thread[threads - 1];
    sleeping = new AtomicBoolean[threads - 1];
    for (int w = 0; w < workers.length; w++) {
      sleeping[w] = new AtomicBoolean();
      final int index = w;
      workers[w] = new Thread(new Runnable() {
        @Override
        public void run() {
          work(index);
        }
      }, "topiary-kernels-" + threads + "-" + (w + 1));
      workers[w].setDaemon(true);
      workers[w].start();
    }
  }

  /**
   * The JVM-wide pool of {@code threads} threads (the caller and {@code threads - 1} workers),
   * created at the first request for that size and kept for the JVM's life.
   *
   * @throws IllegalArgumentException unless {@code 1 <= threads <= 64}
   */
  public static synchronized WorkerPool shared(int threads) {
    if (threads < 1 || threads > SHARED.length) {
      throw new IllegalArgumentException("threads must be 1 to " + SHARED.length + ", found "
          + threads);
    }
    if (SHARED[threads - 1] == null) {
      SHARED[threads - 1] = new WorkerPool(threads);
    }
    return SHARED[threads - 1];
  }

  /** The number of threads that work on a call: the caller and the workers. */
  public int threads() {
    return workers.length + 1;
  }

  /**
   * Makes kernels called on this thread use {@code pool} ({@code null}: run alone) and returns
   * the previous binding, to restore in a {@code finally}.
   */
  public static WorkerPool bind(WorkerPool pool) {
    WorkerPool previous = BOUND.get();
    BOUND.set(pool);
    return previous;
  }

  /** The number of threads kernels called on this thread may use: its pool's, else 1. */
  public static int threadsHere() {
    WorkerPool pool = BOUND.get();
    return pool == null ? 1 : pool.threads();
  }

  /**
   * Runs {@code task} for every chunk {@code 0 .. chunks - 1}, on the pool bound to this thread
   * or, without one, here; returns when all chunks are done.
   */
  public static void run(Chunks task, int chunks) {
    if (chunks > MAX_CHUNKS) {
      throw new IllegalArgumentException("at most " + MAX_CHUNKS + " chunks, found " + chunks);
    }
    WorkerPool pool = chunks > 1 ? BOUND.get() : null;
    if (pool == null || pool.workers.length == 0 || !pool.busy.compareAndSet(false, true)) {
      for (int c = 0; c < chunks; c++) {
        task.run(c);
      }
      return;
    }
    try {
      pool.dispatch(task, chunks);
    } finally {
      pool.busy.set(false);
    }
  }

  private void dispatch(Chunks work, int count) {
    task = work;
    failure = null;
    done.set(0);
    generation = (generation + 1) & 0xFFFF_FFFFL;
    if (generation == 0) {
      generation = 1; // workers start having seen call 0
    }
    long gen = generation;
    state.set(gen << 32 | (long) count << 16); // publishes task to the workers
    for (int w = 0; w < workers.length; w++) {
      if (sleeping[w].get()) {
        LockSupport.unpark(workers[w]);
      }
    }
    claimAll(gen);
    for (int spins = 0; done.get() < count; spins++) {
      if (spins >= SPINS * 16) {
        Thread.yield(); // a worker holds the last chunks but the OS has not run it
      }
    }
    task = null;
    Throwable f = failure;
    if (f instanceof RuntimeException) {
      throw (RuntimeException) f;
    } else if (f instanceof Error) {
      throw (Error) f;
    } else if (f != null) {
      throw new IllegalStateException(f);
    }
  }

  /**
   * Claims and runs chunks of call {@code gen} until none is left or another call began. The
   * count comes from the same atomic word as the claim, and the task is read after a successful
   * claim, which proves that call {@code gen} is still running and {@code task} is its own.
   */
  private void claimAll(long gen) {
    for (;;) {
      long s = state.get();
      int next = (int) (s & 0xFFFF);
      int count = (int) ((s >>> 16) & 0xFFFF);
      if ((s >>> 32) != gen || next >= count) {
        return;
      }
      if (state.compareAndSet(s, s + 1)) {
        try {
          task.run(next);
        } catch (Throwable t) {
          failure = t;
        } finally {
          done.incrementAndGet();
        }
      }
    }
  }

  private void work(int index) {
    long seen = 0;
    int idle = 0;
    long idleSince = System.nanoTime();
    for (;;) {
      long gen = state.get() >>> 32;
      if (gen != seen) {
        seen = gen;
        claimAll(gen);
        idle = 0;
        idleSince = System.nanoTime();
        continue;
      }
      // Spins on the volatile read (Thread.onSpinWait is not in Android API 24).
      if (++idle % SPINS != 0 || System.nanoTime() - idleSince < SPIN_NANOS) {
        continue;
      }
      sleeping[index].set(true);
      if (state.get() >>> 32 == seen) {
        LockSupport.park(this);
      }
      sleeping[index].set(false);
      idle = 0;
      idleSince = System.nanoTime();
    }
  }
}
