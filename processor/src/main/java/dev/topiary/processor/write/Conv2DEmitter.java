package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.Conv1DSpec;
import dev.topiary.processor.model.Conv2DSpec;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @Conv2D} layer (and a {@code @Conv1D}, as a Conv2D over a one-row image) as im2col followed by one GEMM with the bias fused, so the
 * heavy loop is the runtime's matrix product over {@code (batch*positions) x patch} rows.
 */
final class Conv2DEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int CONV_IN_H = 28; ... static final int CONV_PATCH = 9; static final int CONV_POSITIONS = 676;
    WindowConstants.add(type, layer);
    if (layer.spec() instanceof Conv1DSpec s) { // a Conv2D over a 1 x steps image
      Constants.add(type, layer.constant("FILTERS"), s.filters());
      Constants.add(type, layer.constant("PATCH"), s.patchSize());
      Constants.add(type, layer.constant("POSITIONS"), s.positions());
      return;
    }
    Conv2DSpec s = (Conv2DSpec) layer.spec();
    Constants.add(type, layer.constant("FILTERS"), s.filters());
    Constants.add(type, layer.constant("PATCH"), s.patchSize());
    Constants.add(type, layer.constant("POSITIONS"), s.positions());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Parameter convKernel ...; private final Conv2DLayer conv = new Conv2DHandle(...);
    // private float[] convCols; (and convColsGrad when the input gradient is needed)
    String filters = layer.constant("FILTERS");
    WindowConstants.addGeometry(type, layer);
    ParameterEmitter.addParameters(type, layer);
    if (layer.spec().kind() == LayerKind.CONV1D) {
      // private final Layer c = new KernelLayerHandle("c", "Conv1D", cKernel, cBias, C_PATCH, C_FILTERS, C_OUT_W, C_FILTERS);
      type.addField(FieldSpec.builder(RuntimeTypes.LAYER, layer.var(), Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T($S, $S, $N, $L, $N, $N, $N, $N)",
              RuntimeTypes.KERNEL_LAYER_HANDLE, layer.var(), "Conv1D",
              ParameterEmitter.kernel(layer), ParameterEmitter.biasParameter(layer),
              layer.constant("PATCH"), filters, layer.constant("OUT_W"), filters).build());
    } else {
      addConv2DHandle(type, layer, filters);
    }
    ParameterEmitter.addPruning(type, layer);
    KernelPreparationEmitter.addSparseField(type, layer);
    type.addField(FieldSpec.builder(float[].class, cols(layer), Modifier.PRIVATE)
        .addJavadoc("$L's input patches (im2col), batch * $N x $N.\n", layer.var(),
            layer.constant("POSITIONS"), layer.constant("PATCH")).build());
    if (layer.needsInputGrad()) {
      type.addField(FieldSpec.builder(float[].class, colsGrad(layer), Modifier.PRIVATE).build());
    }
    BufferEmitter.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  private static void addConv2DHandle(TypeSpec.Builder type, LayerPlan layer, String filters) {
    type.addField(FieldSpec.builder(RuntimeTypes.handle("Conv2DLayer"), layer.var(),
        Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $T($S, $N, $L, $N, $N, $N, $N, new int[] {$N, $N, $N})",
            RuntimeTypes.CONV2D_HANDLE, layer.var(), ParameterEmitter.kernel(layer),
            ParameterEmitter.biasParameter(layer), layer.constant("KERNEL_H"),
            layer.constant("KERNEL_W"), layer.constant("IN_C"), filters, layer.constant("OUT_H"),
            layer.constant("OUT_W"), filters).build());
  }

  /** The input patches' field: {@code convCols}. */
  static String cols(LayerPlan layer) {
    return layer.var() + "Cols";
  }

  /** The input patches' gradient, when the input gradient is needed: {@code convColsGrad}. */
  private static String colsGrad(LayerPlan layer) {
    return cols(layer) + "Grad";
  }

  private static CodeBlock rows(LayerPlan layer) {
    return CodeBlock.of("batch * $N", layer.constant("POSITIONS"));
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    // Keras fans of a conv kernel include the receptive field.
    CodeBlock area = CodeBlock.of("$N * $N", layer.constant("KERNEL_H"),
        layer.constant("KERNEL_W"));
    return ParameterEmitter.init(layer, CodeBlock.of("$N", layer.constant("PATCH")),
        CodeBlock.of("$L * $N", area, layer.constant("FILTERS")));
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    // convCols = new float[batch * CONV_POSITIONS * CONV_PATCH]; convOut = ...
    CodeBlock.Builder b = CodeBlock.builder().addStatement("$N = new float[$L * $N]", cols(layer),
        rows(layer), layer.constant("PATCH"));
    if (layer.needsInputGrad()) {
      b.addStatement("$N = new float[$L * $N]", colsGrad(layer), rows(layer),
          layer.constant("PATCH"));
    }
    CodeBlock perExample = CodeBlock.of("$N * $N", layer.constant("POSITIONS"),
        layer.constant("FILTERS"));
    return b.add(BufferEmitter.allocateActivations(layer, perExample))
        .add(ActivationCode.allocate(layer, perExample, layer.constant("FILTERS"))).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // Conv2DKernels.im2col(x, xOff, convCols, batch, CONV_IN_H, ...);
    // MatMul.mulAddBias(convCols, 0, convKernel.value, convBias.value, convOut, batch * CONV_POSITIONS, CONV_PATCH, CONV_FILTERS);
    // Activations.relu(convOut, batch * CONV_POSITIONS * CONV_FILTERS);
    // if (convSparse != null) { convSparse.conv(x, xOff, convBias.value, convOut, convCols, batch, ...); } else { ... }
    LayerPlan.Source in = layer.in();
    String target = layer.keepsLogits() ? layer.logits() : layer.out();
    String sparse = KernelPreparationEmitter.sparse(layer);
    CodeBlock bias = ParameterEmitter.biasValue(layer);
    CodeBlock geometry = WindowConstants.arguments(layer);
    return ForwardPassEmitter.methodShell(layer)
        .beginControlFlow("if ($N != null)", sparse)
        .addStatement("$N.conv($N, $N, $L, $N, $N, $L)", sparse, in.forwardArray(),
            in.forwardOffset(), bias, target, cols(layer), geometry)
        .nextControlFlow("else")
        .addStatement("$T.im2col($N, $N, $N, $L)", RuntimeTypes.CONV2D_KERNELS, in.forwardArray(),
            in.forwardOffset(), cols(layer), geometry)
        .addStatement("$T.mulAddBias($N, 0, $N.value, $L, $N, $L, $N, $N)", RuntimeTypes.MAT_MUL,
            cols(layer), ParameterEmitter.kernel(layer), bias, target, rows(layer),
            layer.constant("PATCH"), layer.constant("FILTERS"))
        .endControlFlow()
        .addCode(ActivationCode.forward(layer, rows(layer), layer.constant("FILTERS")))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // Activations.reluBackward(convOut, convGrad, ...);
    // MatMul.mulTransA(convCols, 0, convGrad, convKernel.grad, batch * CONV_POSITIONS, CONV_PATCH, CONV_FILTERS);
    // Activations.sumRows(convGrad, convBias.grad, batch * CONV_POSITIONS, CONV_FILTERS);
    // and for a layer that is not first: MatMul.mulTransB(...convColsGrad...); Conv2DKernels.col2im(...);
    String filters = layer.constant("FILTERS");
    if (layer.reluBackwardInPool()) {
      // The rest is in ConvPoolEmitter's training backward.
      return layer.needsInputGrad()
          ? inputGradient(BackwardPassEmitter.methodShell(layer), layer).build() : null;
    }
    MethodSpec.Builder m = BackwardPassEmitter.methodShell(layer)
        .addCode(ActivationCode.backward(layer, rows(layer), filters))
        .addStatement("$T.mulTransA($N, 0, $N, $N.grad, $L, $N, $N)", RuntimeTypes.MAT_MUL,
            cols(layer), layer.grad(), ParameterEmitter.kernel(layer), rows(layer),
            layer.constant("PATCH"), filters);
    if (ParameterEmitter.spec(layer).useBias()) {
      m.addStatement("$T.sumRows($N, $N.grad, $L, $N)", RuntimeTypes.ACTIVATIONS, layer.grad(),
          ParameterEmitter.bias(layer), rows(layer), filters);
    }
    if (layer.needsInputGrad()) {
      inputGradient(m, layer);
    }
    return m.build();
  }

  /** The input gradient: {@code MatMul.mulTransB(convGrad, ...convColsGrad...); Conv2DKernels.col2im(...);} */
  private static MethodSpec.Builder inputGradient(MethodSpec.Builder m, LayerPlan layer) {
    m.addStatement("$T.mulTransB($N, $N.value, $N, $L, $N, $N)", RuntimeTypes.MAT_MUL,
        layer.grad(), ParameterEmitter.kernel(layer), colsGrad(layer), rows(layer),
        layer.constant("FILTERS"), layer.constant("PATCH"));
    return m.addStatement("$T.col2im($N, $N, $L)", RuntimeTypes.CONV2D_KERNELS, colsGrad(layer),
        layer.in().gradArray(), WindowConstants.arguments(layer));
  }
}
