package dev.topiary.runtime.fuzz;

import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.internal.DenseHandle;
import dev.topiary.runtime.internal.GeneratedNetwork;
import dev.topiary.runtime.internal.Init;
import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Losses;
import dev.topiary.runtime.kernels.MatMul;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;

/**
 * A hand-written stand-in for a generated network whose {@code load(InputStream)} is what
 * generated code's is ({@code readWeights}): one Dense layer {@code 6 -> 3} with a softmax.
 */
final class FuzzNetwork extends GeneratedNetwork {
  static final String NAME = "Fuzz";
  static final String ARCHITECTURE = "input 6; output Dense 3 SOFTMAX bias -> 3";
  static final int IN = 6;
  static final int OUT = 3;

  private final Parameter kernel = new Parameter("output/kernel", IN * OUT);
  private final Parameter bias = new Parameter("output/bias", OUT);
  private float[] logits;
  private float[] out;
  private float[] grad;

  FuzzNetwork() {
    super(NAME, ARCHITECTURE, 1, new int[] {IN}, OUT);
    Init.glorotUniform(kernel.value, IN, OUT, new SplittableRandom(1));
    register(new Layer[] {new DenseHandle("output", kernel, bias, IN, OUT)},
        new Parameter[] {kernel, bias});
  }

  /** What generated code's {@code load(InputStream)} does. */
  void load(InputStream in) throws IOException {
    readWeights(in);
  }

  float[][] values() {
    return new float[][] {kernel.value.clone(), bias.value.clone()};
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
    MatMul.mulAddBias(x, xOff, kernel.value, bias.value, logits, batch, IN, OUT);
    System.arraycopy(logits, 0, out, 0, batch * OUT);
    Activations.softmax(out, batch, OUT);
    return out;
  }

  @Override
  public float backward(int[] labels, int labelOff, int batch) {
    return Losses.softmaxCrossEntropy(logits, out, labels, labelOff, grad, batch, OUT);
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
