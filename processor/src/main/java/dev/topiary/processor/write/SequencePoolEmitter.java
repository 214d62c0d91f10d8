package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;

/**
 * Emits an {@code @AveragePooling1D} layer (windows of a one-row {@code PoolGeometry}) or a
 * {@code @GlobalAveragePooling1D} (the mean over all steps), over the runtime's
 * {@code SequencePoolKernels}.
 */
final class SequencePoolEmitter implements LayerEmitter {
  private static boolean global(LayerPlan layer) {
    return layer.spec().kind() == LayerKind.GLOBAL_AVERAGE_POOLING1D;
  }

  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // AveragePooling1D: POOL_IN_H (1) ... POOL_OUT_W; POOL_OUT_SIZE. Global: GAP_STEPS, GAP_CHANNELS.
    if (global(layer)) {
      Constants.add(type, layer.constant("STEPS"), layer.spec().input().dim(0));
      Constants.add(type, layer.constant("CHANNELS"), layer.spec().input().dim(1));
    } else {
      WindowConstants.add(type, layer);
    }
    Constants.add(type, layer.constant("OUT_SIZE"), layer.spec().output().size());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer gap = new LayerHandle("gap", "GlobalAveragePooling1D", GAP_CHANNELS);
    if (global(layer)) {
      LayerHandleEmitter.addPlainHandle(type, layer, CodeBlock.of("$N",
          layer.constant("CHANNELS")));
    } else {
      WindowConstants.addGeometry(type, layer);
      LayerHandleEmitter.addPlainHandle(type, layer, CodeBlock.of("$N, $N",
          layer.constant("OUT_W"), layer.constant("CHANNELS")));
    }
    BufferEmitter.addActivationFields(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    return BufferEmitter.allocateActivations(layer,
        CodeBlock.of("$N", layer.constant("OUT_SIZE")));
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // SequencePoolKernels.averageForward(convOut, 0, poolOut, batch, POOL_GEOMETRY);
    // SequencePoolKernels.globalAverageForward(convOut, 0, gapOut, batch, GAP_STEPS, GAP_CHANNELS);
    LayerPlan.Source in = layer.in();
    MethodSpec.Builder m = ForwardPassEmitter.methodShell(layer);
    if (global(layer)) {
      return m.addStatement("$T.globalAverageForward($N, $N, $N, batch, $N, $N)",
          RuntimeTypes.SEQUENCE_POOL_KERNELS, in.forwardArray(), in.forwardOffset(), layer.out(),
          layer.constant("STEPS"), layer.constant("CHANNELS")).build();
    }
    return m.addStatement("$T.averageForward($N, $N, $N, $L)", RuntimeTypes.SEQUENCE_POOL_KERNELS,
        in.forwardArray(), in.forwardOffset(), layer.out(), WindowConstants.arguments(layer))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    if (!layer.needsInputGrad()) {
      return null;
    }
    MethodSpec.Builder m = BackwardPassEmitter.methodShell(layer);
    if (global(layer)) {
      return m.addStatement("$T.globalAverageBackward($N, $N, batch, $N, $N)",
          RuntimeTypes.SEQUENCE_POOL_KERNELS, layer.grad(), layer.in().gradArray(),
          layer.constant("STEPS"), layer.constant("CHANNELS")).build();
    }
    return m.addStatement("$T.averageBackward($N, $N, $L)", RuntimeTypes.SEQUENCE_POOL_KERNELS,
        layer.grad(), layer.in().gradArray(), WindowConstants.arguments(layer)).build();
  }
}
