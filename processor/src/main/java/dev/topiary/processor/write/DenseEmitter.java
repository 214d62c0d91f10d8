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
    Weights.addParameters(type, layer, CodeBlock.of("$N * $N", in, units), units);
    type.addField(FieldSpec.builder(RuntimeTypes.handle("DenseLayer"), layer.var(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $N, $L, $N, $N)", RuntimeTypes.DENSE_HANDLE,
            layer.var(), Weights.kernel(layer),
            Weights.biasParameter(layer),
            in, units).build());
    Weights.addPruning(type, layer, in, units);
    type.addField(FieldSpec.builder(RuntimeTypes.SPARSE_KERNEL, sparse(layer), Modifier.PRIVATE)
        .addJavadoc("$L's kernel in sparse form for inference, or null to run dense.\n",
            layer.var()).build());
    Buffers.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  /** The sparse kernel's field: {@code hiddenSparse}. */
  static String sparse(LayerPlan layer) {
    return layer.var() + "Sparse";
  }

  /**
   * Statements of {@code prepareKernels(mode)}.
   * <pre>hiddenSparse = mode == KernelMode.DENSE ? null
   *     : SparseKernel.prepare(hiddenKernel.value, HIDDEN_IN_SIZE, HIDDEN_UNITS, mode == KernelMode.SPARSE);</pre>
   */
  static CodeBlock prepare(LayerPlan layer) {
    return CodeBlock.builder().addStatement("$N = mode == $T.DENSE ? null\n: $T.prepare($N.value, "
        + "$N, $N, mode == $T.SPARSE)", sparse(layer), RuntimeTypes.KERNEL_MODE, RuntimeTypes.SPARSE_KERNEL,
        Weights.kernel(layer), layer.constant("IN_SIZE"), layer.constant("UNITS"),
        RuntimeTypes.KERNEL_MODE).build();
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return Weights.init(layer, CodeBlock.of("$N", layer.constant("IN_SIZE")),
        CodeBlock.of("$N", layer.constant("UNITS")));
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock units = CodeBlock.of("$N", layer.constant("UNITS"));
    return CodeBlock.builder().add(Buffers.allocateActivations(layer, units))
        .add(ActivationCode.allocate(layer, units, layer.constant("UNITS"))).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // MatMul.mulAddBias(poolOut, 0, hiddenKernel.value, hiddenBias.value, hiddenOut, batch, HIDDEN_IN_SIZE, HIDDEN_UNITS);
    // Activations.relu(hiddenOut, batch * HIDDEN_UNITS);
    // if (hiddenSparse != null) { hiddenSparse.mulAddBias(poolOut, 0, hiddenBias.value, hiddenOut, batch); } else { ... }
    LayerPlan.Source in = layer.in();
    String target = layer.keepsLogits() ? layer.logits() : layer.out();
    return Buffers.forwardMethod(layer)
        .beginControlFlow("if ($N != null)", sparse(layer))
        .addStatement("$N.mulAddBias($N, $N, $L, $N, batch)", sparse(layer), in.forwardArray(),
            in.forwardOffset(), Weights.biasValue(layer), target)
        .nextControlFlow("else")
        .addStatement("$T.mulAddBias($N, $N, $N.value, $L, $N, batch, $N, $N)", RuntimeTypes.MAT_MUL,
            in.forwardArray(), in.forwardOffset(), Weights.kernel(layer), Weights.biasValue(layer),
            target, layer.constant("IN_SIZE"), layer.constant("UNITS"))
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
    MethodSpec.Builder m = Buffers.backwardMethod(layer)
        .addCode(ActivationCode.backward(layer, CodeBlock.of("batch"), units))
        .addStatement("$T.mulTransA($N, $N, $N, $N.grad, batch, $N, $N)", RuntimeTypes.MAT_MUL,
            in.backwardArray(), in.backwardOffset(), layer.grad(), Weights.kernel(layer),
            layer.constant("IN_SIZE"), units);
    if (Weights.spec(layer).useBias()) {
      m.addStatement("$T.sumRows($N, $N.grad, batch, $N)", RuntimeTypes.ACTIVATIONS, layer.grad(),
          Weights.bias(layer), units);
    }
    if (layer.needsInputGrad()) {
      m.addStatement("$T.mulTransB($N, $N.value, $N, batch, $N, $N)", RuntimeTypes.MAT_MUL,
          layer.grad(), Weights.kernel(layer), in.gradArray(), units, layer.constant("IN_SIZE"));
    }
    return m.build();
  }
}
