package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @MaxPooling2D} layer (and a {@code @MaxPooling1D}, over a one-row image); the
 * forward pass records each window's winner for the backward.
 */
final class MaxPoolingEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int POOL_IN_H = 26; ... static final int POOL_OUT_SIZE = 5408;
    WindowConstants.add(type, layer);
    Constants.add(type, layer.constant("IN_SIZE"), layer.spec().input().size());
    Constants.add(type, layer.constant("OUT_SIZE"), layer.spec().output().size());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer pool = new LayerHandle("pool", "MaxPooling2D", POOL_OUT_H, POOL_OUT_W, POOL_CHANNELS);
    // private int[] poolArgmax;
    WindowConstants.addGeometry(type, layer);
    LayerHandleEmitter.addPlainHandle(type, layer, layer.spec().output().rank() == 2
        ? CodeBlock.of("$N, $N", layer.constant("OUT_W"), layer.constant("CHANNELS"))
        : CodeBlock.of("$N, $N, $N", layer.constant("OUT_H"), layer.constant("OUT_W"),
            layer.constant("CHANNELS")));
    type.addField(FieldSpec.builder(int[].class, argmax(layer), Modifier.PRIVATE)
        .addJavadoc("For each output of $L, the index of the input that won its window.\n",
            layer.var()).build());
    BufferEmitter.addActivationFields(type, layer);
  }

  /** The winners' field: {@code poolArgmax}. */
  static String argmax(LayerPlan layer) {
    return layer.var() + "Argmax";
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    // poolArgmax = new int[batch * POOL_OUT_SIZE]; poolOut = new float[batch * POOL_OUT_SIZE];
    return CodeBlock.builder()
        .addStatement("$N = new int[batch * $N]", argmax(layer), layer.constant("OUT_SIZE"))
        .add(BufferEmitter.allocateActivations(layer,
            CodeBlock.of("$N", layer.constant("OUT_SIZE"))))
        .build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // MaxPoolKernels.forward(convOut, 0, poolOut, poolArgmax, batch, POOL_IN_H, ...);
    LayerPlan.Source in = layer.in();
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$T.forward($N, $N, $N, $N, $L)", RuntimeTypes.MAX_POOL_KERNELS,
            in.forwardArray(), in.forwardOffset(), layer.out(), argmax(layer),
            WindowConstants.arguments(layer))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // MaxPoolKernels.backward(poolGrad, poolArgmax, convGrad, batch * POOL_OUT_SIZE, batch * POOL_IN_SIZE);
    if (!layer.needsInputGrad()) {
      return null;
    }
    if (layer.reluBackwardInPool()) {
      return null; // in the conv's training backward (ConvPoolEmitter)
    }
    return BackwardPassEmitter.methodShell(layer)
        .addStatement("$T.backward($N, $N, $N, batch * $N, batch * $N)",
            RuntimeTypes.MAX_POOL_KERNELS,
            layer.grad(), argmax(layer), layer.in().gradArray(), layer.constant("OUT_SIZE"),
            layer.constant("IN_SIZE"))
        .build();
  }
}
