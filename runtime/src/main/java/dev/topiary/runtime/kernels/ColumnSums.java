package dev.topiary.runtime.kernels;

import java.util.Arrays;

/**
 * Column sums of a row-major matrix, {@code db[j] = sum_r d[r][j]}, for bias gradients: runs of
 * whole rows are copied into a scratch row of about {@link #RUN} floats and added there, where
 * C2 vectorises the loop (adding straight from {@code d} at an offset stays scalar on JDK 17).
 * Blocks of {@link Tuning#REDUCTION_ROWS} rows are summed separately and then in order, so
 * threads change nothing in the result.
 */
final class ColumnSums {
  /** Floats per copied run of rows. */
  static final int RUN = 512;

  private static final ThreadLocal<Task> TASKS = new ThreadLocal<Task>() {
    @Override
    protected Task initialValue() {
      return new Task();
    }
  };

  private ColumnSums() {}

  static void sumRows(float[] d, float[] db, int rows, int k) {
    int blocks = Math.max(1, (rows + Tuning.REDUCTION_ROWS - 1) / Tuning.REDUCTION_ROWS);
    if (blocks == 1) {
      block(d, rows, k, 0, db, 0);
      return;
    }
    float[] partials = Scratch.get().partials(blocks * k);
    int chunks = Tuning.chunks((long) rows * k / 8, blocks);
    if (chunks <= 1) {
      for (int blk = 0; blk < blocks; blk++) {
        block(d, rows, k, blk, partials, blk * k);
      }
    } else {
      Task t = TASKS.get();
      t.set(d, rows, k, blocks, chunks, partials);
      try {
        WorkerPool.run(t, chunks);
      } finally {
        t.clear();
      }
    }
    MatMul.sumBlocks(partials, blocks, k, db);
  }

  /** The column sums of rows {@code [blk * REDUCTION_ROWS, ...)} into {@code out[outOff..]}. */
  static void block(float[] d, int rows, int k, int blk, float[] out, int outOff) {
    int r0 = blk * Tuning.REDUCTION_ROWS;
    int r1 = Math.min(rows, r0 + Tuning.REDUCTION_ROWS);
    int perRun = Math.max(1, RUN / Math.max(k, 1));
    int width = perRun * k;
    Scratch scratch = Scratch.get();
    float[][] rowsOf = scratch.packed(2, width);
    float[] acc = rowsOf[0];
    float[] run = rowsOf[1];
    Arrays.fill(acc, 0, width, 0f);
    int r = r0;
    for (; r + perRun <= r1; r += perRun) {
      System.arraycopy(d, r * k, run, 0, width);
      for (int x = 0; x < width; x++) {
        acc[x] += run[x];
      }
    }
    int rest = (r1 - r) * k;
    if (rest > 0) {
      System.arraycopy(d, r * k, run, 0, rest);
      for (int x = 0; x < rest; x++) {
        acc[x] += run[x];
      }
    }
    // Fold the run's rows onto its first row, in order.
    for (int q = 1; q < perRun; q++) {
      for (int j = 0; j < k; j++) {
        acc[j] += acc[q * k + j];
      }
    }
    System.arraycopy(acc, 0, out, outOff, k);
  }

  /** {@link #sumRows} over chunks of blocks. */
  private static final class Task implements WorkerPool.Chunks {
    private float[] d;
    private float[] partials;
    private int rows;
    private int k;
    private int blocks;
    private int chunks;

    void set(float[] d, int rows, int k, int blocks, int chunks, float[] partials) {
      this.d = d;
      this.rows = rows;
      this.k = k;
      this.blocks = blocks;
      this.chunks = chunks;
      this.partials = partials;
    }

    void clear() {
      d = partials = null;
    }

    @Override
    public void run(int chunk) {
      for (int blk = Tasks.start(chunk, chunks, blocks); blk < Tasks.start(chunk + 1, chunks,
          blocks); blk++) {
        block(d, rows, k, blk, partials, blk * k);
      }
    }
  }
}
