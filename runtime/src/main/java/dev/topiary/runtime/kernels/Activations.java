package dev.topiary.runtime.kernels;

/**
 * Activation functions and their backward rules over {@code float[]}, in place. Each backward is
 * written in terms of the activation's output {@code a}, which the forward pass keeps.
 */
public final class Activations {
  private static final ThreadLocal<ReluBackward> TASKS = new ThreadLocal<ReluBackward>() {
    @Override
    protected ReluBackward initialValue() {
      return new ReluBackward();
    }
  };

  private Activations() {}

  /** {@code a[i] = max(a[i], 0)} for {@code i < n}. */
  public static void relu(float[] a, int n) {
    for (int i = 0; i < n; i++) {
      a[i] = Math.max(a[i], 0f);
    }
  }

  /**
   * ReLU backward: {@code d[i] = a[i] > 0 ? d[i] : 0} (the subgradient at 0 is taken as 0, as in
   * Keras), for every {@code a[i]} including NaN and {@code -0}.
   *
   * <p>Computed on the bits, without a branch: a branch on {@code a[i] > 0} is mispredicted on
   * real activations and a float select does not vectorise on JDK 17 (measured ~10x slower).
   * {@code a > 0} exactly when {@code t = bits(a) - 1} lies in {@code [0, 0x7F7FFFFF]}.
   */
  public static void reluBackward(float[] a, float[] d, int n) {
    int chunks = Tuning.chunks(n / 4, Math.max(1, n / (1 << 14)));
    if (chunks <= 1) {
      reluBackward(a, d, 0, n);
      return;
    }
    ReluBackward t = TASKS.get();
    t.set(a, d, n, chunks);
    try {
      WorkerPool.run(t, chunks);
    } finally {
      t.clear();
    }
  }

  /** {@link #reluBackward} for {@code i} in {@code [from, to)}. */
  static void reluBackward(float[] a, float[] d, int from, int to) {
    for (int i = from; i < to; i++) {
      int t = Float.floatToRawIntBits(a[i]) - 1;
      int keep = ((t - 0x7F80_0000) >> 31) & ~(t >> 31);
      d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(d[i]) & keep);
    }
  }

  /** LeakyReLU in place: {@code a[i] = a[i] > 0 ? a[i] : alpha * a[i]} (Keras's default alpha is 0.3). */
  public static void leakyRelu(float[] a, int n, float alpha) {
    for (int i = 0; i < n; i++) {
      float v = a[i];
      a[i] = v > 0f ? v : alpha * v;
    }
  }

  /**
   * LeakyReLU backward from the output: {@code d[i] *= a[i] > 0 ? 1 : alpha} (for alpha > 0 the
   * output has the input's sign, so the output decides the branch).
   */
  public static void leakyReluBackward(float[] a, float[] d, int n, float alpha) {
    for (int i = 0; i < n; i++) {
      d[i] = a[i] > 0f ? d[i] : alpha * d[i];
    }
  }

  /**
   * Row-wise softmax in place: {@code a[r][j] = exp(a[r][j] - max_r) / sum_k exp(a[r][k] - max_r)},
   * subtracting the row maximum so no exponent overflows.
   */
  public static void softmax(float[] a, int rows, int k) {
    for (int r = 0; r < rows; r++) {
      int off = r * k;
      float max = a[off];
      for (int j = 1; j < k; j++) {
        max = Math.max(max, a[off + j]);
      }
      float sum = 0f;
      for (int j = 0; j < k; j++) {
        float e = (float) Math.exp(a[off + j] - max);
        a[off + j] = e;
        sum += e;
      }
      float inv = 1f / sum;
      for (int j = 0; j < k; j++) {
        a[off + j] *= inv;
      }
    }
  }

  /**
   * Softmax backward, the Jacobian-vector product without the {@code k x k} Jacobian:
   * {@code d[r][j] = a[r][j] * (d[r][j] - sum_k d[r][k] a[r][k])}.
   */
  public static void softmaxBackward(float[] a, float[] d, int rows, int k) {
    for (int r = 0; r < rows; r++) {
      int off = r * k;
      float s = MatMul.dot(d, off, a, off, k);
      for (int j = 0; j < k; j++) {
        d[off + j] = a[off + j] * (d[off + j] - s);
      }
    }
  }

  /** Adds the bias to every row: {@code z[r][j] += b[j]}. */
  public static void addBias(float[] z, float[] b, int rows, int k) {
    for (int r = 0; r < rows; r++) {
      MatMul.axpy(1f, b, 0, z, r * k, k);
    }
  }

  /**
   * The bias gradient: {@code db[j] = sum_r d[r][j]} (overwritten), summed in a fixed order:
   * rows in blocks of {@code Tuning.REDUCTION_ROWS}, each block's rows in runs copied to a
   * scratch row (so the sum vectorises), then the blocks in order.
   */
  public static void sumRows(float[] d, float[] db, int rows, int k) {
    ColumnSums.sumRows(d, db, rows, k);
  }

  /**
   * Logistic sigmoid in place: {@code a[i] = 1 / (1 + exp(-a[i]))}, from {@code exp(-|z|)} so
   * that no exponent overflows (for z &lt; 0, {@code e / (1 + e)} with {@code e = exp(z)}).
   */
  public static void sigmoid(float[] a, int n) {
    for (int i = 0; i < n; i++) {
      a[i] = sigmoid(a[i]);
    }
  }

  /** The sigmoid of one value, as {@link #sigmoid(float[], int)} computes it. */
  public static float sigmoid(float z) {
    if (z >= 0f) {
      return (float) (1.0 / (1.0 + Math.exp(-z)));
    }
    double e = Math.exp(z);
    return (float) (e / (1.0 + e));
  }

  /** Sigmoid backward from the output: {@code d[i] *= a[i] (1 - a[i])}. */
  public static void sigmoidBackward(float[] a, float[] d, int n) {
    for (int i = 0; i < n; i++) {
      d[i] *= a[i] * (1f - a[i]);
    }
  }

  /** Hyperbolic tangent in place: {@code a[i] = tanh(a[i])}. */
  public static void tanh(float[] a, int n) {
    for (int i = 0; i < n; i++) {
      a[i] = (float) Math.tanh(a[i]);
    }
  }

  /** Tanh backward from the output: {@code d[i] *= 1 - a[i]^2}. */
  public static void tanhBackward(float[] a, float[] d, int n) {
    for (int i = 0; i < n; i++) {
      d[i] *= 1f - a[i] * a[i];
    }
  }

  /** {@link #reluBackward} over chunks of the arrays; elementwise, so any split gives the same. */
  private static final class ReluBackward implements WorkerPool.Chunks {
    private float[] a;
    private float[] d;
    private int n;
    private int chunks;

    void set(float[] a, float[] d, int n, int chunks) {
      this.a = a;
      this.d = d;
      this.n = n;
      this.chunks = chunks;
    }

    void clear() {
      a = d = null;
    }

    @Override
    public void run(int chunk) {
      reluBackward(a, d, Tasks.start(chunk, chunks, n), Tasks.start(chunk + 1, chunks, n));
    }
  }
}
