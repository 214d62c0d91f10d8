package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.Shape;

/**
 * Emits a standalone activation layer ({@code @ReLU}, {@code @LeakyReLU}, {@code @Softmax},
 * {@code @Sparsemax}): a copy of its input into its own buffer (the previous layer's backward still
 * needs its own output), then the activation in place over the last axis.
 */
final class ActivationLayerEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int ACT_VALUES = 64; static final int ACT_CHANNELS = 64;
    Shape out = layer.spec().output();
    Constants.add(type, layer.constant("VALUES"), out.size());
    Constants.add(type, layer.constant("CHANNELS"), out.dim(out.rank() - 1));
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer act = new LayerHandle("act", "ReLU", 64);
    LayerHandleEmitter.addPlainHandle(type, layer,
        Constants.values(layer.spec().output().dims()));
    BufferEmitter.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  private static CodeBlock rows(LayerPlan layer) {
    return CodeBlock.of("batch * $N / $N", layer.constant("VALUES"), layer.constant("CHANNELS"));
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock size = CodeBlock.of("$N", layer.constant("VALUES"));
    return CodeBlock.builder().add(BufferEmitter.allocateActivations(layer, size))
        .add(ActivationCode.allocate(layer, size, layer.constant("CHANNELS"))).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // System.arraycopy(hiddenOut, 0, actOut, 0, batch * ACT_VALUES); Activations.relu(actOut, ...);
    LayerPlan.Source in = layer.in();
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$T.arraycopy($N, $N, $N, 0, batch * $N)", System.class, in.forwardArray(),
            in.forwardOffset(), layer.out(), layer.constant("VALUES"))
        .addCode(ActivationCode.forward(layer, rows(layer), layer.constant("CHANNELS")))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // Activations.reluBackward(actOut, actGrad, ...); System.arraycopy(actGrad, 0, hiddenGrad, 0, batch * ACT_VALUES);
    if (!layer.needsInputGrad()) {
      return null;
    }
    return BackwardPassEmitter.methodShell(layer)
        .addCode(ActivationCode.backward(layer, rows(layer), layer.constant("CHANNELS")))
        .addStatement("$T.arraycopy($N, 0, $N, 0, batch * $N)", System.class, layer.grad(),
            layer.in().gradArray(), layer.constant("VALUES"))
        .build();
  }
}
