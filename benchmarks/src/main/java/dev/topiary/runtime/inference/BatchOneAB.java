package dev.topiary.runtime.inference;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.PoolGeometry;

import dev.topiary.architecture.LayerDescription;

import dev.topiary.runtime.kernels.ConvPool;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.sparse.ConvPoolList;
import dev.topiary.runtime.sparse.InputList;
import dev.topiary.runtime.sparse.SparseKernel;
import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The batch-1 conv+pool and Dense kernels of one of the main job's exports, old and new, in one
 * JVM, alternating, each the best of 36 rounds of 512 MNIST images (the best, not the median:
 * the machine is shared, and a round can only be slowed by the load):
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar dev.topiary.runtime.inference.BatchOneAB [original|pruned|structured]}</pre>
 * Microseconds per image: {@code ConvPool.forward} (the batch kernel at batch 1, NHWC output),
 * {@code ConvPoolList} to a dense output or to a list; conv plus Dense: the old ConvPool with
 * {@code SparseKernel} or {@code MatMul}, the new conv with {@code SparseKernel}, and the list
 * products (dense rows four at a time, sparse rows in list order, sparse rows sorted by length).
 */
public final class BatchOneAB {
  public static void main(String[] args) throws Exception {
    String variant = args.length > 0 ? args[0] : "pruned";
    InferenceModel model = InferenceModel.load(new File("target/topiary-report", variant + ".topiary"));
    List<Op> ops = model.ops();
    Op conv = ops.get(0);
    Op dense = ops.get(1);
    LayerDescription c = conv.desc;
    LayerDescription pool = ((ConvPoolOp) conv).pool();
    float[] ck = conv.kernel();
    float[] cb = dev.topiary.runtime.io.ModelFile.read(new File("target/topiary-report", variant + ".topiary")).tensors[1].value;
    System.out.println(dev.topiary.runtime.io.ModelFile.read(new File("target/topiary-report", variant + ".topiary")).tensors[1].name);
    ConvPool old = new ConvPool(new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, c.outputChannels()), new PoolGeometry(26, 26, c.outputChannels(), 2, 2, 2, 2, 0, 0, 13, 13));
    ConvPoolList neu = new ConvPoolList(new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, c.outputChannels()), new PoolGeometry(26, 26, c.outputChannels(), 2, 2, 2, 2, 0, 0, 13, 13), ck, cb, true);
    float[] dk = dense.kernel();
    int in = dense.desc.inSize();
    int units = dense.desc.outputChannels();
    SparseKernel sk = SparseKernel.prepare(dk, in, units, true);
    float[][] rows = neu.listRows(dk, units);
    float[] images = dev.topiary.benchmarks.MnistData.images(50_000, 256);
    float[] y = new float[in];
    float[] y2 = new float[in];
    InputList list = new InputList(in);
    float[] out = new float[units];
    float[] bias = new float[units];
    double sink = 0;
    float[][] lr = neu.listRows(dk, units);
    float[] flat = new float[in * units];
    for (int p = 0; p < in; p++) System.arraycopy(lr[p], 0, flat, p * units, units);
    dev.topiary.runtime.sparse.CsrMatrix csr = dev.topiary.runtime.sparse.CsrMatrix.fromDense(flat, in, units);
    String[] names = {"ConvPool.forward", "ConvPoolList->y", "ConvPoolList->list", "SparseKernel", "MatMul", "list rows4", "new conv+SparseKernel", "list csr", "sorted csr"};
    int[] order = neu.rowsByLength(dk, units);
    dev.topiary.runtime.sparse.CsrMatrix sorted = neu.sparseRows(dk, units, order);
    long[] best = new long[names.length];
    Arrays.fill(best, Long.MAX_VALUE);
    for (int round = 0; round < 40; round++) {
      long[] t = new long[names.length];
      for (int v = 0; v < names.length; v++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 512; i++) {
          int off = (i & 255) * 784;
          switch (v) {
            case 0: old.forward(images, off, ck, cb, true, y, 1); break;
            case 1: neu.forward(images, off, y2, 0); break;
            case 2: neu.forward(images, off, list); break;
            case 3: old.forward(images, off, ck, cb, true, y, 1); sk.mulAddBias(y, 0, bias, out, 1); break;
            case 4: old.forward(images, off, ck, cb, true, y, 1); MatMul.mulAddBias(y, 0, dk, bias, out, 1, in, units); break;
            case 5: neu.forward(images, off, list); list.mulAddBias(rows, bias, out, 0, units); break;
            case 6: neu.forward(images, off, y, 0); sk.mulAddBias(y, 0, bias, out, 1); break;
            case 7: neu.forward(images, off, list); list.mulAddBias(csr, bias, out, 0, units); break;
            default: neu.forward(images, off, list, order); list.mulAddBias(sorted, bias, out, 0, units);
          }
          sink += out[1] + y[5] + y2[7];
        }
        t[v] = System.nanoTime() - t0;
        if (round >= 4) {
          best[v] = Math.min(best[v], t[v]);
        }
      }
    }
    StringBuilder sb = new StringBuilder("best of 36 rounds of 512 images, us per image: ");
    for (int v = 0; v < names.length; v++) {
      sb.append(String.format(Locale.ROOT, "%s %.2f  ", names[v], best[v] / 512e3));
    }
    System.out.println(sb + " list " + list.count() + " " + (sink == 0 ? "" : ""));
    // check: y (old) vs y2 (new dense)
    old.forward(images, 0, ck, cb, true, y, 1);
    neu.forward(images, 0, y2, 0);
    float worst = 0;
    for (int i = 0; i < in; i++) {
      worst = Math.max(worst, Math.abs(y[i] - y2[i]));
    }
    System.out.println("max |old - new| pooled: " + worst);
  }
}
