package dev.topiary.benchmarks;


import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.ConvPoolTraining;
import dev.topiary.runtime.kernels.WorkerPool;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.optim.Adam;
import java.util.Locale;

/**
 * Where a training step of the seed CNN spends its time: the kernels of the generated
 * {@code forward}, {@code backward} and Adam's step, called in the same order on the same shapes
 * (batch 32, real MNIST images), each phase timed in sequence (not repeated in isolation, which
 * would keep its data in cache). Usage: {@code StepPhases [threads] [steps]}.
 */
public final class StepPhases {
  private static final String[] NAMES = {"conv+pool forward",
      "hidden product", "hidden relu", "output product+softmax", "loss", "output backward",
      "hidden relu backward", "hidden weight grad", "hidden bias grad", "hidden input grad",
      "conv+pool backward", "adam"};

  private StepPhases() {}

  public static void main(String[] args) {
    int threads = args.length > 0 ? Integer.parseInt(args[0]) : 1;
    int steps = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    int b = SeedActivations.BATCH;
    int pos = 676;
    float[] x = MnistData.images(0, 1024 * b / 32);
    int[] labels = MnistData.labels(0, 1024 * b / 32);
    TopiarySeedCnn net = new TopiarySeedCnn(42);
    Parameter[] params = net.parameters().toArray(new Parameter[0]);
    Parameter ck = params[0], cb = params[1], hk = params[2], hb = params[3], ok = params[4],
        ob = params[5];
    float[] cols = new float[b * pos * 9];
    float[] convOut = new float[b * pos * 32];
    float[] convGrad = new float[b * pos * 32];
    int[] argmax = new int[b * 5408];
    float[] poolOut = new float[b * 5408];
    float[] poolGrad = new float[b * 5408];
    float[] hOut = new float[b * 64];
    float[] hGrad = new float[b * 64];
    float[] oOut = new float[b * 10];
    float[] oLogits = new float[b * 10];
    float[] oGrad = new float[b * 10];
    Adam adam = new Adam(1e-3);
    ConvPoolTraining convPool = new ConvPoolTraining(SeedGeometry.CONV, SeedGeometry.POOL);
    long[] nanos = new long[NAMES.length];
    WorkerPool previous = WorkerPool.bind(threads == 1 ? null : WorkerPool.shared(threads));
    try {
      for (int round = 0; round < 2; round++) {
        java.util.Arrays.fill(nanos, 0);
        long start = System.nanoTime();
        for (int s = 0; s < steps; s++) {
          int first = (s % 32) * b;
          int ph = 0;
          long t = System.nanoTime();
          convPool.forward(x, first * 784, ck.value, cb.value, cols, convOut, poolOut, argmax, b);
          t = lap(nanos, ph++, t);
          MatMul.mulAddBias(poolOut, 0, hk.value, hb.value, hOut, b, 5408, 64);
          t = lap(nanos, ph++, t);
          Activations.relu(hOut, b * 64);
          t = lap(nanos, ph++, t);
          MatMul.mulAddBias(hOut, 0, ok.value, ob.value, oLogits, b, 64, 10);
          System.arraycopy(oLogits, 0, oOut, 0, b * 10);
          Activations.softmax(oOut, b, 10);
          t = lap(nanos, ph++, t);
          Losses.softmaxCrossEntropy(oLogits, oOut, labels, first, oGrad, b, 10);
          t = lap(nanos, ph++, t);
          MatMul.mulTransA(hOut, 0, oGrad, ok.grad, b, 64, 10);
          Activations.sumRows(oGrad, ob.grad, b, 10);
          MatMul.mulTransB(oGrad, ok.value, hGrad, b, 10, 64);
          t = lap(nanos, ph++, t);
          Activations.reluBackward(hOut, hGrad, b * 64);
          t = lap(nanos, ph++, t);
          MatMul.mulTransA(poolOut, 0, hGrad, hk.grad, b, 5408, 64);
          t = lap(nanos, ph++, t);
          Activations.sumRows(hGrad, hb.grad, b, 64);
          t = lap(nanos, ph++, t);
          MatMul.mulTransB(hGrad, hk.value, poolGrad, b, 64, 5408);
          t = lap(nanos, ph++, t);
          convPool.backward(poolGrad, poolOut, argmax, cols, convGrad, ck.grad, cb.grad, b);
          t = lap(nanos, ph++, t);
          adam.step(params);
          lap(nanos, ph, t);
        }
        long total = System.nanoTime() - start;
        if (round == 1) {
          System.out.printf(Locale.ROOT, "threads %d, %d steps: %.1f us/step, %.0f images/s%n",
              threads, steps, total / 1e3 / steps, steps * (double) b / (total / 1e9));
          for (int p = 0; p < NAMES.length; p++) {
            System.out.printf(Locale.ROOT, "  %-24s %8.1f us  %5.1f%%%n", NAMES[p],
                nanos[p] / 1e3 / steps, 100.0 * nanos[p] / total);
          }
        }
      }
    } finally {
      WorkerPool.bind(previous);
    }
  }

  private static long lap(long[] nanos, int phase, long since) {
    long now = System.nanoTime();
    nanos[phase] += now - since;
    return now;
  }
}
