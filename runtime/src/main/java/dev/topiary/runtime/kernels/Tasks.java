package dev.topiary.runtime.kernels;

/**
 * The {@link WorkerPool} work items of the products, one set per calling thread, reused from
 * call to call so that splitting a product over threads allocates nothing. A call sets the
 * arguments, runs the chunks and clears the array references.
 */
final class Tasks {
  final Forward forward = new Forward();
  final TransAOutputRows transAOutputRows = new TransAOutputRows();
  final TransARowBlocks transARowBlocks = new TransARowBlocks();
  final TransBColumnBlocks transBColumnBlocks = new TransBColumnBlocks();
  final TransAColumnBlocks transAColumnBlocks = new TransAColumnBlocks();

  /** {@link MatMul#mulAddBias} over chunks of rows. */
  static final class Forward implements WorkerPool.Chunks {
    private float[] a;
    private int aOff;
    private float[] b;
    private float[] bias;
    private float[] c;
    private int m;
    private int k;
    private int n;
    private int chunks;

    void set(float[] a, int aOff, float[] b, float[] bias, float[] c, int m, int k, int n,
        int chunks) {
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.bias = bias;
      this.c = c;
      this.m = m;
      this.k = k;
      this.n = n;
      this.chunks = chunks;
    }

    void clear() {
      a = b = bias = c = null;
    }

    @Override
    public void run(int chunk) {
      MatMul.forwardRows(a, aOff, b, bias, c, m, k, n, start(chunk, chunks, m),
          start(chunk + 1, chunks, m));
    }
  }

  /** {@link MatMul#mulTransA} over chunks of blocks of output rows. */
  static final class TransAOutputRows implements WorkerPool.Chunks {
    private float[] a;
    private int aOff;
    private float[] b;
    private float[] c;
    private int m;
    private int k;
    private int n;
    private int rowsPerBlock;
    private int blocks;
    private int chunks;

    void set(float[] a, int aOff, float[] b, float[] c, int m, int k, int n, int rowsPerBlock,
        int blocks, int chunks) {
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.c = c;
      this.m = m;
      this.k = k;
      this.n = n;
      this.rowsPerBlock = rowsPerBlock;
      this.blocks = blocks;
      this.chunks = chunks;
    }

    void clear() {
      a = b = c = null;
    }

    @Override
    public void run(int chunk) {
      int p0 = start(chunk, chunks, blocks) * rowsPerBlock;
      int p1 = Math.min(k, start(chunk + 1, chunks, blocks) * rowsPerBlock);
      MatMulBlocked.mulTransAOutputRows(a, aOff, b, c, m, k, n, p0, p1);
    }
  }

  /** {@link MatMul#mulTransA} with a small output: partial sums of fixed blocks of rows. */
  static final class TransARowBlocks implements WorkerPool.Chunks {
    private float[] a;
    private int aOff;
    private float[] b;
    private float[] partials;
    private int m;
    private int k;
    private int n;
    private int blocks;
    private int chunks;

    void set(float[] a, int aOff, float[] b, float[] partials, int m, int k, int n, int blocks,
        int chunks) {
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.partials = partials;
      this.m = m;
      this.k = k;
      this.n = n;
      this.blocks = blocks;
      this.chunks = chunks;
    }

    void clear() {
      a = b = partials = null;
    }

    @Override
    public void run(int chunk) {
      // Chunks are whole blocks; the chunk count only groups them, so blocks never change.
      for (int blk = start(chunk, chunks, blocks); blk < start(chunk + 1, chunks, blocks); blk++) {
        int r0 = blk * Tuning.REDUCTION_ROWS;
        int r1 = Math.min(m, r0 + Tuning.REDUCTION_ROWS);
        Kernels.DENSE.transARowBlock(a, aOff, b, k, n, r0, r1, partials, blk * k * n);
      }
    }
  }

  /** {@link MatMul#mulTransA} with few rows of {@code A}: chunks of blocks of output rows. */
  static final class TransAColumnBlocks implements WorkerPool.Chunks {
    private float[] a;
    private int aOff;
    private float[] b;
    private float[] c;
    private int m;
    private int k;
    private int n;
    private int blocks;
    private int chunks;

    void set(float[] a, int aOff, float[] b, float[] c, int m, int k, int n, int blocks,
        int chunks) {
      this.a = a;
      this.aOff = aOff;
      this.b = b;
      this.c = c;
      this.m = m;
      this.k = k;
      this.n = n;
      this.blocks = blocks;
      this.chunks = chunks;
    }

    void clear() {
      a = b = c = null;
    }

    @Override
    public void run(int chunk) {
      Kernels.DENSE.transAColumnBlocks(a, aOff, b, c, m, k, n, start(chunk, chunks, blocks),
          start(chunk + 1, chunks, blocks));
    }
  }

  /** {@link MatMul#mulTransB} over chunks of blocks of output columns. */
  static final class TransBColumnBlocks implements WorkerPool.Chunks {
    private float[] a;
    private float[] b;
    private float[] c;
    private int m;
    private int n;
    private int k;
    private int blocks;
    private int chunks;

    void set(float[] a, float[] b, float[] c, int m, int n, int k, int blocks, int chunks) {
      this.a = a;
      this.b = b;
      this.c = c;
      this.m = m;
      this.n = n;
      this.k = k;
      this.blocks = blocks;
      this.chunks = chunks;
    }

    void clear() {
      a = b = c = null;
    }

    @Override
    public void run(int chunk) {
      Kernels.DENSE.transBColumnBlocks(a, b, c, m, n, k, start(chunk, chunks, blocks),
          start(chunk + 1, chunks, blocks));
    }
  }

  /** The first unit of chunk {@code chunk} when {@code units} are cut into {@code chunks}. */
  static int start(int chunk, int chunks, int units) {
    return (int) ((long) chunk * units / chunks);
  }
}
