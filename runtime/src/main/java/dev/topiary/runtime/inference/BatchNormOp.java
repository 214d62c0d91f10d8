package dev.topiary.runtime.inference;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.runtime.kernels.BatchNormKernels;
import java.util.Map;

/**
 * A BatchNormalization layer that could not be folded into the layer before it, in place: its
 * moving statistics as one scale and shift per channel, computed once.
 */
final class BatchNormOp extends Op {
  private final float[] scale;
  private final float[] shift;

  BatchNormOp(LayerDescription d, Map<String, float[]> tensors) {
    super(d);
    int c = d.inChannels();
    scale = new float[c];
    shift = new float[c];
    BatchNormKernels.fold(c, d.scale() ? tensors.get(d.name() + "/gamma") : null,
        d.center() ? tensors.get(d.name() + "/beta") : null,
        tensors.get(d.name() + "/moving_mean"), tensors.get(d.name() + "/moving_variance"),
        d.epsilon(), scale, shift);
  }

  @Override
  boolean inPlace() {
    return true;
  }

  @Override
  void forward(float[] x, int xOff, float[] y, int batch) {
    int c = desc.inChannels();
    BatchNormKernels.affine(x, xOff, y, batch * desc.inSize() / c, c, scale, shift);
  }
}
