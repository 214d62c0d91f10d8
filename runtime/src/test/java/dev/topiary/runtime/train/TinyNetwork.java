package dev.topiary.runtime.train;

import dev.topiary.Structure;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.internal.DenseHandle;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.internal.Init;
import dev.topiary.runtime.prune.KernelPruning;
import dev.topiary.runtime.optim.ProximalL1;
import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.prune.PolynomialDecay;
import java.util.SplittableRandom;

/**
 * A hand-written stand-in for a generated network, for runtime tests: one Dense layer with a
 * softmax, {@code IN -> OUT}, optionally pruned or under proximal L1. It records whether any
 * masked weight was non-zero when a forward pass ran.
 */
final class TinyNetwork extends GeneratedNetwork {
  static final int IN = 16;
  static final int OUT = 4;

  final Parameter kernel = new Parameter("output/kernel", IN * OUT);
  final Parameter bias = new Parameter("output/bias", OUT);
  final KernelPruning pruning;
  boolean maskedWeightSeenInForward;
  private float[] logits;
  private float[] out;
  private float[] grad;
  private float[] input;
  private int inputOffset;

  TinyNetwork(long seed, PolynomialDecay schedule, Structure structure, Float proximalL1) {
    super("Tiny", "input 16; output Dense 4 SOFTMAX bias -> 4", seed, new int[] {IN}, OUT);
    Init.glorotUniform(kernel.value, IN, OUT, new SplittableRandom(seed));
    register(new Layer[] {new DenseHandle("output", kernel, bias, IN, OUT)},
        new Parameter[] {kernel, bias});
    pruning = schedule == null ? null
        : new KernelPruning("output", kernel, bias, IN, OUT, schedule, structure, 2, 4);
    if (pruning != null && proximalL1 != null) {
      registerRules(pruning, new ProximalL1(kernel, proximalL1));
    } else if (pruning != null) {
      registerRules(pruning);
    } else if (proximalL1 != null) {
      registerRules(new ProximalL1(kernel, proximalL1));
    }
  }

  @Override
  protected void allocate(int batch) {
    logits = new float[batch * OUT];
    out = new float[batch * OUT];
    grad = new float[batch * OUT];
  }

  @Override
  public float[] forward(float[] x, int xOff, int batch) {
    ensureCapacity(batch);
    if (pruning != null) {
      float[] mask = pruning.kernelMask();
      for (int i = 0; i < mask.length; i++) {
        maskedWeightSeenInForward |= mask[i] == 0f && kernel.value[i] != 0f;
      }
    }
    input = x;
    inputOffset = xOff;
    MatMul.mulAddBias(x, xOff, kernel.value, bias.value, logits, batch, IN, OUT);
    System.arraycopy(logits, 0, out, 0, batch * OUT);
    Activations.softmax(out, batch, OUT);
    return out;
  }

  @Override
  public float backward(int[] labels, int labelOff, int batch) {
    float loss = Losses.softmaxCrossEntropy(logits, out, labels, labelOff, grad, batch, OUT);
    MatMul.mulTransA(input, inputOffset, grad, kernel.grad, batch, IN, OUT);
    Activations.sumRows(grad, bias.grad, batch, OUT);
    return loss;
  }

  @Override
  protected double lossSum(float[] p, int[] labels, int labelOff, int batch) {
    return Losses.softmaxCrossEntropySum(logits, labels, labelOff, batch, OUT);
  }

  @Override
  protected void prepareKernels(KernelMode mode) {
    // one small layer: always dense
  }

  @Override
  public float[] activations(int layer) {
    return out;
  }
}
