package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.kernels.BatchNormKernels;
import java.util.Map;

/**
 * A BatchNormalization layer that could not be folded into the layer before it, with its moving
 * statistics, in place.
 */
final class BatchNormOp extends Op {
  private final float[] gamma;
  private final float[] beta;
  private final float[] mean;
  private final float[] variance;

  BatchNormOp(LayerDescription d, Map<String, float[]> tensors) {
    super(d);
    gamma = d.scale() ? tensors.get(d.name() + "/gamma") : null;
    beta = d.center() ? tensors.get(d.name() + "/beta") : null;
    mean = tensors.get(d.name() + "/moving_mean");
    variance = tensors.get(d.name() + "/moving_variance");
  }

  @Override
  boolean inPlace() {
    return true;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    int c = desc.inChannels();
    BatchNormKernels.inferForward(x, xOff, y, batch * desc.inSize() / c, c, gamma, beta, mean,
        variance, desc.epsilon());
  }
}
