package dev.topiary.runtime.internal;

import dev.topiary.runtime.Parameter;

/**
 * The handle generated code creates for a layer with one kernel and no handle type of its own
 * (DepthwiseConv2D, Conv1D): declared as {@code Layer}, it is also a {@code WeightedLayer}, so
 * summaries and sparsity reports see its kernel.
 */
public final class KernelLayerHandle extends WeightedLayerHandle {
  /**
   * The handle of layer {@code name} of Keras type {@code type}, its kernel seen as
   * {@code rows x cols} ({@code bias} null without one).
   */
  public KernelLayerHandle(String name, String type, Parameter kernel, Parameter bias, int rows,
      int cols, int... outputShape) {
    super(name, type, kernel, bias, rows, cols, outputShape);
  }
}
