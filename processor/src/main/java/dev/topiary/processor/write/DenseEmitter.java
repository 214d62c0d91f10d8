package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.DenseSpec;
import javax.lang.model.element.Modifier;

/** Emits a {@code @Dense} layer: {@code out = act(in W + b)} as one GEMM with the bias fused. */
final class DenseEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int HIDDEN_IN_SIZE = 5408; static final int HIDDEN_UNITS = 64;
    Constants.add(type, layer.constant("IN_SIZE"), layer.spec().input().size());
    Constants.add(type, layer.constant("UNITS"), ((DenseSpec) layer.spec()).units());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Parameter hiddenKernel = ...; private final DenseLayer hidden = new DenseHandle(...);
    String in = layer.constant("IN_SIZE");
    String units = layer.constant("UNITS");
    ParameterEmitter.addParameters(type, layer);
    type.addField(FieldSpec.builder(RuntimeTypes.handle("DenseLayer"), layer.var(),
        Modifier.PRIVATE, Modifier.FINAL).initializer("new $T($S, $N, $L, $N, $N)",
            RuntimeTypes.DENSE_HANDLE, layer.var(), ParameterEmitter.kernel(layer),
            ParameterEmitter.biasParameter(layer), in, units).build());
    ParameterEmitter.addPruning(type, layer);
    KernelPreparationEmitter.addSparseField(type, layer);
    BufferEmitter.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return ParameterEmitter.init(layer, CodeBlock.of("$N", layer.constant("IN_SIZE")),
        CodeBlock.of("$N", layer.constant("UNITS")));
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock units = CodeBlock.of("$N", layer.constant("UNITS"));
    return CodeBlock.builder().add(BufferEmitter.allocateActivations(layer, units))
        .add(ActivationCode.allocate(layer, units, layer.constant("UNITS"))).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // MatMul.mulAddBias(poolOut, 0, hiddenKernel.value, hiddenBias.value, hiddenOut, batch, HIDDEN_IN_SIZE, HIDDEN_UNITS);
    // Activations.relu(hiddenOut, batch * HIDDEN_UNITS);
    // if (hiddenSparse != null) { hiddenSparse.mulAddBias(poolOut, 0, hiddenBias.value, hiddenOut, batch); } else { ... }
    LayerPlan.Source in = layer.in();
    String target = layer.keepsLogits() ? layer.logits() : layer.out();
    String sparse = KernelPreparationEmitter.sparse(layer);
    CodeBlock bias = ParameterEmitter.biasValue(layer);
    return ForwardPassEmitter.methodShell(layer)
        .beginControlFlow("if ($N != null)", sparse)
        .addStatement("$N.mulAddBias($N, $N, $L, $N, batch)", sparse, in.forwardArray(),
            in.forwardOffset(), bias, target)
        .nextControlFlow("else")
        .addStatement("$T.mulAddBias($N, $N, $N.value, $L, $N, batch, $N, $N)",
            RuntimeTypes.MAT_MUL, in.forwardArray(), in.forwardOffset(),
            ParameterEmitter.kernel(layer), bias, target, layer.constant("IN_SIZE"),
            layer.constant("UNITS"))
        .endControlFlow()
        .addCode(ActivationCode.forward(layer, CodeBlock.of("batch"), layer.constant("UNITS")))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // Activations.reluBackward(hiddenOut, hiddenGrad, batch * HIDDEN_UNITS);
    // MatMul.mulTransA(poolOut, 0, hiddenGrad, hiddenKernel.grad, batch, HIDDEN_IN_SIZE, HIDDEN_UNITS);
    // Activations.sumRows(hiddenGrad, hiddenBias.grad, batch, HIDDEN_UNITS);
    // MatMul.mulTransB(hiddenGrad, hiddenKernel.value, poolGrad, batch, HIDDEN_UNITS, HIDDEN_IN_SIZE);
    LayerPlan.Source in = layer.in();
    String units = layer.constant("UNITS");
    MethodSpec.Builder m = BackwardPassEmitter.methodShell(layer)
        .addCode(ActivationCode.backward(layer, CodeBlock.of("batch"), units))
        .addStatement("$T.mulTransA($N, $N, $N, $N.grad, batch, $N, $N)", RuntimeTypes.MAT_MUL,
            in.backwardArray(), in.backwardOffset(), layer.grad(), ParameterEmitter.kernel(layer),
            layer.constant("IN_SIZE"), units);
    if (ParameterEmitter.spec(layer).useBias()) {
      m.addStatement("$T.sumRows($N, $N.grad, batch, $N)", RuntimeTypes.ACTIVATIONS, layer.grad(),
          ParameterEmitter.bias(layer), units);
    }
    if (layer.needsInputGrad()) {
      m.addStatement("$T.mulTransB($N, $N.value, $N, batch, $N, $N)", RuntimeTypes.MAT_MUL,
          layer.grad(), ParameterEmitter.kernel(layer), in.gradArray(), units,
          layer.constant("IN_SIZE"));
    }
    return m.build();
  }
}
