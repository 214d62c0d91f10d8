package dev.topiary.runtime.inference;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.PoolGeometry;

import dev.topiary.runtime.kernels.ConvPool;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.ConvPoolList;
import dev.topiary.runtime.sparse.CsrMatrix;
import dev.topiary.runtime.sparse.InputList;
import dev.topiary.runtime.sparse.SparseKernel;
import java.io.File;
import java.util.Arrays;
import java.util.Locale;

/**
 * Conv + pool + hidden Dense of one of the main job's exports on batches of 256, the batch
 * kernels (tiled {@code ConvPool}, then {@code MatMul} or the batched {@code SparseKernel})
 * against the batch-1 list path image by image, alternating in one JVM, best of 24 rounds:
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.runtime.inference.Batch256AB [original|pruned|structured]}</pre>
 */
public final class Batch256AB {
  public static void main(String[] args) throws Exception {
    String variant = args.length > 0 ? args[0] : "pruned";
    File file = new File("target/topiary-report", variant + ".topiary");
    InferenceModel model = InferenceModel.load(file);
    Op conv = model.ops().get(0);
    Op dense = model.ops().get(1);
    int f = conv.desc.outputChannels();
    float[] ck = conv.kernel();
    float[] cb = dev.topiary.runtime.io.ModelFile.read(file).tensors[1].value;
    ConvPool tiled = new ConvPool(new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, f), new PoolGeometry(26, 26, f, 2, 2, 2, 2, 0, 0, 13, 13));
    ConvPoolList single = new ConvPoolList(new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, f), new PoolGeometry(26, 26, f, 2, 2, 2, 2, 0, 0, 13, 13), ck, cb, true);
    float[] dk = dense.kernel();
    int in = dense.desc.inSize();
    int units = dense.desc.outputChannels();
    float[] bias = new float[units];
    long nnz = 0;
    for (float v : dk) {
      nnz += v != 0f ? 1 : 0;
    }
    boolean sparse = nnz <= 0.2 * dk.length;
    SparseKernel sk = SparseKernel.prepare(dk, in, units, true);
    float[][] rows = single.listRows(dk, units);
    int[] order = single.rowsByLength(dk, units);
    CsrMatrix sorted = single.sparseRows(dk, units, order);
    InputList list = new InputList(in);
    float[] images = dev.topiary.benchmarks.MnistData.images(50_000, 256);
    float[] pooled = new float[256 * in];
    float[] out = new float[256 * units];
    long[] best = {Long.MAX_VALUE, Long.MAX_VALUE};
    for (int round = 0; round < 28; round++) {
      for (int v = 0; v < 2; v++) {
        long t0 = System.nanoTime();
        for (int rep = 0; rep < 4; rep++) {
          if (v == 0) {
            tiled.forward(images, 0, ck, cb, true, pooled, 256);
            if (sparse) {
              sk.mulAddBias(pooled, 0, bias, out, 256);
            } else {
              MatMul.mulAddBias(pooled, 0, dk, bias, out, 256, in, units);
            }
          } else {
            for (int n = 0; n < 256; n++) {
              if (sparse) {
                single.forward(images, n * 784, list, order);
                list.mulAddBias(sorted, bias, out, n * units, units);
              } else {
                single.forward(images, n * 784, list);
                list.mulAddBias(rows, bias, out, n * units, units);
              }
            }
          }
        }
        long t = System.nanoTime() - t0;
        if (round >= 4) {
          best[v] = Math.min(best[v], t);
        }
      }
    }
    System.out.printf(Locale.ROOT, "%s (%s hidden kernel): batch kernels %.2f us per image, "
        + "list path image by image %.2f us per image%n", variant, sparse ? "sparse" : "dense",
        best[0] / 1024e3, best[1] / 1024e3);
  }
}
