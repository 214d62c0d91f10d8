package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.Conv2DSpec;
import dev.topiary.processor.model.Shape;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @Conv2D} layer as im2col followed by one GEMM with the bias fused, so the
 * heavy loop is the runtime's matrix product over {@code (batch*positions) x patch} rows.
 */
final class Conv2DEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int CONV_IN_H = 28; ... static final int CONV_PATCH = 9; static final int CONV_POSITIONS = 676;
    Conv2DSpec s = (Conv2DSpec) layer.spec();
    Shape in = s.input();
    int[] k = s.kernel();
    int[] st = s.strides();
    Constants.add(type, layer.constant("IN_H"), in.dim(0));
    Constants.add(type, layer.constant("IN_W"), in.dim(1));
    Constants.add(type, layer.constant("IN_C"), in.dim(2));
    Constants.add(type, layer.constant("KERNEL_H"), k[0]);
    Constants.add(type, layer.constant("KERNEL_W"), k[1]);
    Constants.add(type, layer.constant("STRIDE_H"), st[0]);
    Constants.add(type, layer.constant("STRIDE_W"), st[1]);
    Constants.add(type, layer.constant("PAD_TOP"), s.padTop());
    Constants.add(type, layer.constant("PAD_LEFT"), s.padLeft());
    Constants.add(type, layer.constant("OUT_H"), s.output().dim(0));
    Constants.add(type, layer.constant("OUT_W"), s.output().dim(1));
    Constants.add(type, layer.constant("FILTERS"), s.filters());
    Constants.add(type, layer.constant("PATCH"), (long) k[0] * k[1] * in.dim(2));
    Constants.add(type, layer.constant("POSITIONS"), (long) s.output().dim(0) * s.output().dim(1));
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Parameter convKernel ...; private final Conv2DLayer conv = new Conv2DHandle(...);
    // private float[] convCols; (and convColsGrad when the input gradient is needed)
    String filters = layer.constant("FILTERS");
    Weights.addParameters(type, layer, CodeBlock.of("$N * $N", layer.constant("PATCH"), filters),
        filters);
    type.addField(FieldSpec.builder(RuntimeTypes.handle("Conv2DLayer"), layer.var(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $N, $L, $N, $N, $N, $N, new int[] {$N, $N, $N})",
            RuntimeTypes.CONV2D_HANDLE, layer.var(), Weights.kernel(layer),
            Weights.biasParameter(layer),
            layer.constant("KERNEL_H"), layer.constant("KERNEL_W"), layer.constant("IN_C"),
            filters, layer.constant("OUT_H"), layer.constant("OUT_W"), filters).build());
    Weights.addPruning(type, layer, layer.constant("PATCH"), filters);
    type.addField(FieldSpec.builder(RuntimeTypes.SPARSE_KERNEL, DenseEmitter.sparse(layer),
        Modifier.PRIVATE).addJavadoc("$L's kernel in sparse form for inference, or null to run "
            + "dense.\n", layer.var()).build());
    type.addField(FieldSpec.builder(float[].class, cols(layer), Modifier.PRIVATE)
        .addJavadoc("$L's input patches (im2col), batch * $N x $N.\n", layer.var(),
            layer.constant("POSITIONS"), layer.constant("PATCH")).build());
    if (layer.needsInputGrad()) {
      type.addField(FieldSpec.builder(float[].class, cols(layer) + "Grad", Modifier.PRIVATE)
          .build());
    }
    Buffers.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  private static String cols(LayerPlan layer) {
    return layer.var() + "Cols";
  }

  private static CodeBlock rows(LayerPlan layer) {
    return CodeBlock.of("batch * $N", layer.constant("POSITIONS"));
  }

  /** Statements of {@code prepareKernels(mode)}: the sparse kernel, or null to run dense. */
  static CodeBlock prepare(LayerPlan layer) {
    return CodeBlock.builder().addStatement("$N = mode == $T.DENSE ? null\n: $T.prepare($N.value, "
        + "$N, $N, mode == $T.SPARSE)", DenseEmitter.sparse(layer), RuntimeTypes.KERNEL_MODE,
        RuntimeTypes.SPARSE_KERNEL, Weights.kernel(layer), layer.constant("PATCH"),
        layer.constant("FILTERS"), RuntimeTypes.KERNEL_MODE).build();
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    // Keras fans of a conv kernel include the receptive field.
    CodeBlock area = CodeBlock.of("$N * $N", layer.constant("KERNEL_H"), layer.constant("KERNEL_W"));
    return Weights.init(layer, CodeBlock.of("$N", layer.constant("PATCH")),
        CodeBlock.of("$L * $N", area, layer.constant("FILTERS")));
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    // convCols = new float[batch * CONV_POSITIONS * CONV_PATCH]; convOut = ...
    CodeBlock.Builder b = CodeBlock.builder().addStatement("$N = new float[$L * $N]", cols(layer),
        rows(layer), layer.constant("PATCH"));
    if (layer.needsInputGrad()) {
      b.addStatement("$N = new float[$L * $N]", cols(layer) + "Grad", rows(layer),
          layer.constant("PATCH"));
    }
    CodeBlock perExample = CodeBlock.of("$N * $N", layer.constant("POSITIONS"),
        layer.constant("FILTERS"));
    return b.add(Buffers.allocateActivations(layer, perExample))
        .add(ActivationCode.allocate(layer, perExample, layer.constant("FILTERS"))).build();
  }

  /** The geometry arguments shared by im2col and col2im. */
  private static CodeBlock geometry(LayerPlan layer) {
    return CodeBlock.of("batch, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N",
        layer.constant("IN_H"), layer.constant("IN_W"), layer.constant("IN_C"),
        layer.constant("KERNEL_H"), layer.constant("KERNEL_W"), layer.constant("STRIDE_H"),
        layer.constant("STRIDE_W"), layer.constant("PAD_TOP"), layer.constant("PAD_LEFT"),
        layer.constant("OUT_H"), layer.constant("OUT_W"));
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // Conv2DKernels.im2col(x, xOff, convCols, batch, CONV_IN_H, ...);
    // MatMul.mulAddBias(convCols, 0, convKernel.value, convBias.value, convOut, batch * CONV_POSITIONS, CONV_PATCH, CONV_FILTERS);
    // Activations.relu(convOut, batch * CONV_POSITIONS * CONV_FILTERS);
    // if (convSparse != null) { convSparse.conv(x, xOff, convBias.value, convOut, convCols, batch, ...); } else { ... }
    LayerPlan.Source in = layer.in();
    String target = layer.keepsLogits() ? layer.logits() : layer.out();
    return Buffers.forwardMethod(layer)
        .beginControlFlow("if ($N != null)", DenseEmitter.sparse(layer))
        .addStatement("$N.conv($N, $N, $L, $N, $N, $L)", DenseEmitter.sparse(layer),
            in.forwardArray(), in.forwardOffset(), Weights.biasValue(layer), target, cols(layer),
            geometry(layer))
        .nextControlFlow("else")
        .addStatement("$T.im2col($N, $N, $N, $L)", RuntimeTypes.CONV2D_KERNELS, in.forwardArray(),
            in.forwardOffset(), cols(layer), geometry(layer))
        .addStatement("$T.mulAddBias($N, 0, $N.value, $L, $N, $L, $N, $N)", RuntimeTypes.MAT_MUL,
            cols(layer), Weights.kernel(layer), Weights.biasValue(layer), target, rows(layer),
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
      return layer.needsInputGrad() ? inputGradient(Buffers.backwardMethod(layer), layer).build()
          : null; // the rest in ConvPoolForward's training backward
    }
    MethodSpec.Builder m = Buffers.backwardMethod(layer)
        .addCode(ActivationCode.backward(layer, rows(layer), filters))
        .addStatement("$T.mulTransA($N, 0, $N, $N.grad, $L, $N, $N)", RuntimeTypes.MAT_MUL,
            cols(layer), layer.grad(), Weights.kernel(layer), rows(layer),
            layer.constant("PATCH"), filters);
    if (Weights.spec(layer).useBias()) {
      m.addStatement("$T.sumRows($N, $N.grad, $L, $N)", RuntimeTypes.ACTIVATIONS, layer.grad(),
          Weights.bias(layer), rows(layer), filters);
    }
    if (layer.needsInputGrad()) {
      inputGradient(m, layer);
    }
    return m.build();
  }

  /** The input gradient: {@code MatMul.mulTransB(convGrad, ...convColsGrad...); Conv2DKernels.col2im(...);} */
  private static MethodSpec.Builder inputGradient(MethodSpec.Builder m, LayerPlan layer) {
    m.addStatement("$T.mulTransB($N, $N.value, $N, $L, $N, $N)", RuntimeTypes.MAT_MUL, layer.grad(),
        Weights.kernel(layer), cols(layer) + "Grad", rows(layer), layer.constant("FILTERS"),
        layer.constant("PATCH"));
    return m.addStatement("$T.col2im($N, $N, $L)", RuntimeTypes.CONV2D_KERNELS, cols(layer) + "Grad",
        layer.in().gradArray(), geometry(layer));
  }
}
