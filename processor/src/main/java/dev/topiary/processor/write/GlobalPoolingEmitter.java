package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.Shape;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @GlobalAveragePooling2D} or {@code @GlobalMaxPooling2D} layer: a pooling whose
 * window is the whole image ({@code AveragePoolKernels.global}), run by the average or max
 * pooling kernels; the max records each channel's winner for the backward pass.
 */
final class GlobalPoolingEmitter implements LayerEmitter {
  private static boolean max(LayerPlan layer) {
    return layer.spec().kind() == LayerKind.GLOBAL_MAX_POOLING2D;
  }

  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int GAP_IN_H = 7; static final int GAP_IN_W = 7; static final int GAP_CHANNELS = 32; ...
    Shape in = layer.spec().input();
    Constants.add(type, layer.constant("IN_H"), in.dim(0));
    Constants.add(type, layer.constant("IN_W"), in.dim(1));
    Constants.add(type, layer.constant("CHANNELS"), in.dim(2));
    Constants.add(type, layer.constant("IN_SIZE"), in.size());
    Constants.add(type, layer.constant("OUT_SIZE"), layer.spec().output().size());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // static final PoolGeometry GAP_GEOMETRY = AveragePoolKernels.global(GAP_IN_H, GAP_IN_W, GAP_CHANNELS);
    // private final Layer gap = new LayerHandle("gap", "GlobalAveragePooling2D", GAP_CHANNELS);
    type.addField(FieldSpec.builder(RuntimeTypes.POOL_GEOMETRY, WindowConstants.geometry(layer),
        Modifier.STATIC, Modifier.FINAL).initializer("$T.global($N, $N, $N)",
            RuntimeTypes.AVERAGE_POOL_KERNELS, layer.constant("IN_H"), layer.constant("IN_W"),
            layer.constant("CHANNELS")).build());
    LayerHandleEmitter.addPlainHandle(type, layer, CodeBlock.of("$N", layer.constant("CHANNELS")));
    if (max(layer)) {
      type.addField(FieldSpec.builder(int[].class, MaxPoolingEmitter.argmax(layer),
          Modifier.PRIVATE).addJavadoc("For each output of $L, the index of the input that won "
              + "its channel.\n", layer.var()).build());
    }
    BufferEmitter.addActivationFields(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock.Builder b = CodeBlock.builder();
    if (max(layer)) {
      b.addStatement("$N = new int[batch * $N]", MaxPoolingEmitter.argmax(layer),
          layer.constant("OUT_SIZE"));
    }
    return b.add(BufferEmitter.allocateActivations(layer,
        CodeBlock.of("$N", layer.constant("OUT_SIZE")))).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // AveragePoolKernels.forward(convOut, 0, gapOut, batch, GAP_GEOMETRY);
    // MaxPoolKernels.forward(convOut, 0, gmpOut, gmpArgmax, batch, GMP_GEOMETRY);
    LayerPlan.Source in = layer.in();
    MethodSpec.Builder m = ForwardPassEmitter.methodShell(layer);
    if (max(layer)) {
      m.addStatement("$T.forward($N, $N, $N, $N, $L)", RuntimeTypes.MAX_POOL_KERNELS,
          in.forwardArray(), in.forwardOffset(), layer.out(), MaxPoolingEmitter.argmax(layer),
          WindowConstants.arguments(layer));
    } else {
      m.addStatement("$T.forward($N, $N, $N, $L)", RuntimeTypes.AVERAGE_POOL_KERNELS,
          in.forwardArray(), in.forwardOffset(), layer.out(), WindowConstants.arguments(layer));
    }
    return m.build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // AveragePoolKernels.backward(gapGrad, convGrad, batch, GAP_GEOMETRY);
    // MaxPoolKernels.backward(gmpGrad, gmpArgmax, convGrad, batch * GMP_OUT_SIZE, batch * GMP_IN_SIZE);
    if (!layer.needsInputGrad()) {
      return null;
    }
    MethodSpec.Builder m = BackwardPassEmitter.methodShell(layer);
    if (max(layer)) {
      m.addStatement("$T.backward($N, $N, $N, batch * $N, batch * $N)",
          RuntimeTypes.MAX_POOL_KERNELS, layer.grad(), MaxPoolingEmitter.argmax(layer),
          layer.in().gradArray(), layer.constant("OUT_SIZE"), layer.constant("IN_SIZE"));
    } else {
      m.addStatement("$T.backward($N, $N, $L)", RuntimeTypes.AVERAGE_POOL_KERNELS, layer.grad(),
          layer.in().gradArray(), WindowConstants.arguments(layer));
    }
    return m.build();
  }
}
