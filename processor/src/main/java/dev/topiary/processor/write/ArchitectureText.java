package dev.topiary.processor.write;

import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.processor.model.ActivationLayerSpec;
import dev.topiary.processor.model.AveragePoolingSpec;
import dev.topiary.processor.model.BatchNormSpec;
import dev.topiary.processor.model.GlobalPoolingSpec;
import dev.topiary.processor.model.Conv1DSpec;
import dev.topiary.processor.model.Conv2DSpec;
import dev.topiary.processor.model.DepthwiseConv2DSpec;
import dev.topiary.processor.model.GlobalAveragePooling1DSpec;
import dev.topiary.processor.model.Pooling1DSpec;
import dev.topiary.processor.model.SeparableConv2DSpec;
import dev.topiary.processor.model.DenseSpec;
import dev.topiary.processor.model.DropoutSpec;
import dev.topiary.processor.model.FlattenSpec;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.MaxPoolingSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.Window;
import java.util.ArrayList;
import java.util.List;

/**
 * The architecture text a model file must match, written by the description the runtime reads
 * back ({@link Architecture}, shared in {@code topiary-annotations}): every layer's kind, options
 * and shapes, readable so that a mismatch message can show both.
 */
final class ArchitectureText {
  private ArchitectureText() {}

  /** e.g. {@code input 28x28x1; conv Conv2D 32 k3x3 s1x1 VALID RELU bias -> 26x26x32; ...} */
  static String of(ModelSpec model) {
    List<LayerDescription> layers = new ArrayList<>();
    int[] in = model.inputShape().dims();
    for (LayerSpec l : model.layers()) {
      LayerDescription d = describe(l, in);
      layers.add(d);
      in = d.outShape();
    }
    // A classifier's loss is implied by its output; a loss on float targets is stated.
    return new Architecture(model.inputShape().dims(), layers,
        model.loss().takesTargets() ? model.loss() : null).text();
  }

  /** {@code l} as the shared description states it; the model is valid, so it describes. */
  private static LayerDescription describe(LayerSpec l, int[] in) {
    if (l instanceof Conv2DSpec conv) {
      Window k = conv.window();
      return LayerDescription.conv2d(l.name(), in, conv.filters(), k.size(), k.strides(),
          k.padding(), conv.activation(), conv.useBias());
    } else if (l instanceof MaxPoolingSpec pool) {
      Window p = pool.window();
      return LayerDescription.maxPooling2d(l.name(), in, p.size(), p.strides(), p.padding());
    } else if (l instanceof FlattenSpec) {
      return LayerDescription.flatten(l.name(), in);
    } else if (l instanceof DenseSpec dense) {
      return LayerDescription.dense(l.name(), in, dense.units(), dense.activation(),
          dense.useBias());
    } else if (l instanceof AveragePoolingSpec pool) {
      Window p = pool.window();
      return LayerDescription.averagePooling2d(l.name(), in, p.size(), p.strides(), p.padding());
    } else if (l instanceof GlobalPoolingSpec) {
      return LayerDescription.globalPooling2d(l.name(), l.kind(), in);
    } else if (l instanceof BatchNormSpec bn) {
      return LayerDescription.batchNormalization(l.name(), in, (float) bn.momentum(),
          (float) bn.epsilon(), bn.center(), bn.scale());
    } else if (l instanceof DropoutSpec drop) {
      return LayerDescription.dropout(l.name(), in, (float) drop.rate());
    } else if (l instanceof DepthwiseConv2DSpec dw) {
      Window k = dw.window();
      return LayerDescription.depthwiseConv2d(l.name(), in, k.size(), k.strides(), k.padding(),
          dw.depthMultiplier(), dw.activation(), dw.useBias());
    } else if (l instanceof SeparableConv2DSpec sep) {
      Window k = sep.window();
      return LayerDescription.separableConv2d(l.name(), in, sep.filters(), k.size(),
          k.strides(), k.padding(), sep.depthMultiplier(), sep.activation(), sep.useBias());
    } else if (l instanceof Conv1DSpec conv) {
      return LayerDescription.conv1d(l.name(), in, conv.filters(), conv.kernel(), conv.stride(),
          conv.window().padding(), conv.activation(), conv.useBias());
    } else if (l instanceof Pooling1DSpec pool) {
      return LayerDescription.pooling1d(l.name(), l.kind(), in, pool.poolSize(), pool.stride(),
          pool.window().padding());
    } else if (l instanceof GlobalAveragePooling1DSpec) {
      return LayerDescription.globalAveragePooling1d(l.name(), in);
    } else if (l instanceof ActivationLayerSpec) {
      return LayerDescription.activationLayer(l.name(), l.kind(), in, (float) l.alpha());
    }
    throw new IllegalStateException("no architecture text for " + l.kind());
  }
}
