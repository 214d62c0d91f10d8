package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;

/** Emits an {@code @AveragePooling2D} layer: the mean of each window, per channel. */
final class AveragePoolingEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int POOL_IN_H = 26; ... static final int POOL_OUT_SIZE = 5408;
    WindowConstants.add(type, layer);
    Constants.add(type, layer.constant("IN_SIZE"), layer.spec().input().size());
    Constants.add(type, layer.constant("OUT_SIZE"), layer.spec().output().size());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer pool = new LayerHandle("pool", "AveragePooling2D", POOL_OUT_H, POOL_OUT_W, POOL_CHANNELS);
    WindowConstants.addGeometry(type, layer);
    LayerHandleEmitter.addPlainHandle(type, layer, CodeBlock.of("$N, $N, $N",
        layer.constant("OUT_H"), layer.constant("OUT_W"), layer.constant("CHANNELS")));
    BufferEmitter.addActivationFields(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    return BufferEmitter.allocateActivations(layer, CodeBlock.of("$N", layer.constant("OUT_SIZE")));
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // AveragePoolKernels.forward(convOut, 0, poolOut, batch, POOL_GEOMETRY);
    LayerPlan.Source in = layer.in();
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$T.forward($N, $N, $N, $L)", RuntimeTypes.AVERAGE_POOL_KERNELS,
            in.forwardArray(), in.forwardOffset(), layer.out(), WindowConstants.arguments(layer))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // AveragePoolKernels.backward(poolGrad, convGrad, batch, POOL_GEOMETRY);
    if (!layer.needsInputGrad()) {
      return null;
    }
    return BackwardPassEmitter.methodShell(layer)
        .addStatement("$T.backward($N, $N, $L)", RuntimeTypes.AVERAGE_POOL_KERNELS, layer.grad(),
            layer.in().gradArray(), WindowConstants.arguments(layer))
        .build();
  }
}
