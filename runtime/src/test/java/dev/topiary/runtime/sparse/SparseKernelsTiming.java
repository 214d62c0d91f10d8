package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.ConvGeometry;

import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.prune.Masks;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A quick timed comparison of the sparse products with {@link MatMul#mulAddBias} on the seed's
 * Dense 5408 -> 64 layer (and its conv layer with {@code --conv}), for the thresholds of
 * {@link KernelChoice}. Not a benchmark harness (JMH is, in benchmarks/): it measures thread CPU
 * time, so that other processes on a shared machine inflate the figures less, interleaves the
 * kernels over several rounds and prints medians and their ratios to the dense kernel. Inputs
 * cycle through a pool of examples, so that branch predictors cannot learn one input.
 *
 * <pre>
 * mvn -q -o -pl runtime test-compile
 * java -cp runtime/target/classes:runtime/target/test-classes \
 *     dev.topiary.runtime.sparse.SparseKernelsTiming \
 *     [--model seed.topiary --images t10k-images-idx3-ubyte] [--inputs real,relu75,dense]
 *     [--batch 1,32] [--sparsity 0,0.5,0.8,0.9,0.95] [--rounds 7] [--conv]
 * </pre>
 *
 * <p>Without a model, the kernel is Glorot-uniform and {@code real} inputs are not available.
 * With {@code --conv}, the conv layers are timed instead (synthetic inputs and kernels).
 *
 * <p>Run one batch size and sparsity per JVM, as JMH forks do: C2 unrolls, and so vectorises, a
 * loop only if its profiled trip count is large enough, and the profile of the first shape run
 * stays; the batched product first run at batch 2 measured 2.5x slower at batch 32 than in a
 * fresh JVM.
 */
public final class SparseKernelsTiming {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int POOL_EXAMPLES = 512;

  /** A kernel run on the pool entry that starts at {@code xOff}. */
  interface Run {
    void run(int xOff);
  }

  private SparseKernelsTiming() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opt = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      opt.put(args[i], i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "");
    }
    Map<String, float[]> model = opt.containsKey("--model")
        ? TimingInputs.tensors(new File(opt.get("--model"))) : null;
    float[] kernel = model != null ? model.get("hidden/kernel") : TimingInputs.glorot(42,
        TimingInputs.K, TimingInputs.N);
    float[] bias = model != null ? model.get("hidden/bias") : new float[TimingInputs.N];
    int rounds = Integer.parseInt(opt.getOrDefault("--rounds", "7"));
    String[] batches = opt.getOrDefault("--batch", "1,32").split(",");
    String[] sparsities = opt.getOrDefault("--sparsity", "0,0.5,0.8,0.9,0.95").split(",");
    if (opt.containsKey("--conv")) {
      for (String b : batches) {
        for (String s : sparsities) {
          conv(Integer.parseInt(b), Double.parseDouble(s), rounds);
        }
      }
      return;
    }
    String defaultInputs = model != null && opt.containsKey("--images")
        ? "real,dense" : "relu75,dense";
    for (String inputs : opt.getOrDefault("--inputs", defaultInputs).split(",")) {
      float[] pool = inputs.equals("real")
          ? TimingInputs.seedFeatures(model, new File(opt.get("--images")), POOL_EXAMPLES)
          : TimingInputs.synthetic(7, POOL_EXAMPLES, inputs.equals("dense") ? 0 : 0.75);
      System.out.printf("inputs %s: %.1f%% zeros%n", inputs, 100 * TimingInputs.zeros(pool));
      for (String b : batches) {
        for (String s : sparsities) {
          dense(pool, kernel, bias, Integer.parseInt(b), Double.parseDouble(s), rounds);
        }
      }
    }
  }

  /** Times the Dense products at one batch size and sparsity and prints one line. */
  static void dense(float[] pool, float[] w0, float[] bias, int m, double sparsity, int rounds) {
    int k = TimingInputs.K;
    int n = TimingInputs.N;
    float[] w = w0.clone();
    Masks.apply(w, maskOf(w0, sparsity));
    CsrMatrix csr = CsrMatrix.fromDense(w, k, n);
    CsrMatrix wT = csr.transpose();
    SortedCsrMatrix sorted = SortedCsrMatrix.of(csr);
    SparseWorkspace ws = new SparseWorkspace(k, n);
    float[][] rows = new float[k][];
    for (int p = 0; p < k; p++) {
      rows[p] = Arrays.copyOfRange(w, p * n, p * n + n);
    }
    float[] y = new float[m * n];
    float[] row = new float[n];
    Map<String, Run> runs = new LinkedHashMap<>();
    runs.put("MatMul", o -> MatMul.mulAddBias(pool, o, w, bias, y, m, k, n));
    runs.put("gather", o -> {
      for (int i = 0; i < m; i++) {
        SparseKernels.mulAddBiasGather(pool, o + i * k, wT, bias, y, i * n);
      }
    });
    runs.put("skipZeros", o -> {
      for (int i = 0; i < m; i++) {
        SparseKernels.mulAddBiasSkipZeros(pool, o + i * k, sorted, bias, y, i * n, ws);
      }
    });
    if (m == 1) {
      runs.put("skipZerosUnsorted", o -> skipZerosUnsorted(pool, o, csr, bias, y, ws));
    } else {
      runs.put("batched", o -> SparseKernels.mulAddBias(pool, o, csr, bias, y, 0, m, ws));
    }
    runs.put("denseRows*", o -> denseRows(pool, o, rows, bias, y, m, row));
    int batches = Math.max(1, POOL_EXAMPLES / m);
    Map<String, Double> t = time(runs, batches, m * k, rounds);
    print(String.format("batch %d sparsity %.0f%%", m, 100 * sparsity), t);
  }

  static float[] maskOf(float[] w, double sparsity) {
    float[] mask = new float[w.length];
    Masks.unstructured(w, sparsity, mask);
    return mask;
  }

  /** Times the seed's conv (28x28x1, 3x3, 32 filters) and a deeper one (13x13x32, 3x3, 32). */
  static void conv(int batch, double sparsity, int rounds) {
    convOne(28, 28, 1, 32, batch, sparsity, rounds);
    convOne(13, 13, 32, 32, batch, sparsity, rounds);
  }

  static void convOne(int h, int w, int c, int f, int batch, double sparsity, int rounds) {
    int oh = h - 2;
    int ow = w - 2;
    int rows = 9 * c;
    int positions = batch * oh * ow;
    float[] k0 = TimingInputs.glorot(3, rows, f);
    float[] k = k0.clone();
    Masks.apply(k, maskOf(k0, sparsity));
    CsrMatrix csr = CsrMatrix.fromDense(k, rows, f);
    float[] bias = new float[f];
    int pool = Math.max(1, 256 / batch);
    float[] x = Matrices.relu(5, pool * batch * h * w * c, c == 1 ? 0.8 : 0.6);
    float[] cols = new float[positions * rows];
    float[] y = new float[positions * f];
    SparseWorkspace ws = new SparseWorkspace(0, f);
    Map<String, Run> runs = new LinkedHashMap<>();
    runs.put("MatMul", o -> {
      Conv2DKernels.im2col(x, o, cols, batch, new ConvGeometry(h, w, c, 3, 3, 1, 1, 0, 0, oh, ow, 1));
      MatMul.mulAddBias(cols, 0, k, bias, y, positions, rows, f);
    });
    runs.put("sparse", o -> SparseConvKernels.forward(x, o, csr, bias, y, 0, batch, new ConvGeometry(h, w, c, 3, 3, 1, 1, 0, 0, oh, ow, csr.cols), cols, ws));
    Map<String, Double> t = time(runs, pool, batch * h * w * c, rounds);
    print(String.format("conv %dx%dx%d->%d batch %d sparsity %.0f%%", h, w, c, f, batch,
        100 * sparsity), t);
  }

  /** Medians over interleaved rounds, in microseconds of thread CPU time per call. */
  static Map<String, Double> time(Map<String, Run> runs, int pool, int stride, int rounds) {
    for (Run r : runs.values()) {
      timeOnce(r, pool, stride, 300_000_000L); // warm-up: C2 compiles within this
    }
    Map<String, double[]> all = new LinkedHashMap<>();
    for (String name : runs.keySet()) {
      all.put(name, new double[rounds]);
    }
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, Run> e : runs.entrySet()) {
        all.get(e.getKey())[round] = timeOnce(e.getValue(), pool, stride, 40_000_000L);
      }
    }
    Map<String, Double> medians = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : all.entrySet()) {
      double[] v = e.getValue().clone();
      Arrays.sort(v);
      medians.put(e.getKey(), v[v.length / 2] / 1e3);
    }
    return medians;
  }

  /** Nanoseconds of thread CPU time per call, over at least {@code minNanos}. */
  static double timeOnce(Run r, int pool, int stride, long minNanos) {
    for (int reps = 1; ; reps *= 2) {
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < reps; i++) {
        r.run((i % pool) * stride);
      }
      long t = THREADS.getCurrentThreadCpuTime() - t0;
      if (t >= minNanos) {
        return (double) t / reps;
      }
    }
  }

  static void print(String label, Map<String, Double> t) {
    double base = t.values().iterator().next();
    List<String> cells = new ArrayList<>();
    for (Map.Entry<String, Double> e : t.entrySet()) {
      cells.add(String.format("%s %.1f us %.2fx", e.getKey(), e.getValue(), base / e.getValue()));
    }
    System.out.println(label + ": " + String.join(" | ", cells));
  }

  /** {@link SparseKernels#mulAddBiasSkipZeros} in original row order, for the sorting's gain. */
  static void skipZerosUnsorted(float[] x, int xOff, CsrMatrix w, float[] bias, float[] y,
      SparseWorkspace ws) {
    int count = 0;
    for (int p = 0; p < w.rows; p++) {
      float v = x[xOff + p];
      ws.activeRows[count] = p;
      ws.activeInputs[count] = v;
      count += v != 0f ? 1 : 0;
    }
    System.arraycopy(bias, 0, y, 0, w.cols);
    for (int a = 0; a < count; a++) {
      int p = ws.activeRows[a];
      float xv = ws.activeInputs[a];
      for (int q = w.rowPtr[p]; q < w.rowPtr[p + 1]; q++) {
        y[w.colIdx[q]] += xv * w.values[q];
      }
    }
  }

  /**
   * Not in the runtime (*): the dense product with kernel rows as separate arrays, the form that
   * C2 vectorises on JDK 17 (issue 6); shows what a vectorised dense path would be.
   */
  static void denseRows(float[] x, int xOff, float[][] w, float[] bias, float[] y, int m,
      float[] row) {
    int k = w.length;
    int n = row.length;
    for (int i = 0; i < m; i++) {
      System.arraycopy(bias, 0, row, 0, n);
      int xi = xOff + i * k;
      for (int p = 0; p < k; p++) {
        float xv = x[xi + p];
        if (xv != 0f) {
          float[] wr = w[p];
          for (int j = 0; j < n; j++) {
            row[j] += xv * wr[j];
          }
        }
      }
      System.arraycopy(row, 0, y, i * n, n);
    }
  }
}
