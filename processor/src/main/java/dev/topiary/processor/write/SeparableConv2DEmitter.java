package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.SeparableConv2DSpec;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @SeparableConv2D} layer: the depthwise convolution ({@code DepthwiseKernels},
 * no bias) into the layer's middle buffer, then the pointwise 1x1 convolution as one GEMM over
 * every position with the bias fused (for inference, a sparse product when the pointwise kernel
 * is sparse enough, as a Dense layer's), then the activation. Two kernels
 * ({@code sep/depthwise_kernel}, {@code sep/pointwise_kernel}, Keras's names); {@code @L1} adds a
 * penalty on each, {@code @Prune} a pruning rule for each under the one schedule (the bias is
 * pruned with the pointwise kernel's channels).
 */
final class SeparableConv2DEmitter implements LayerEmitter {
  /** The depthwise kernel's field: {@code sepDepthwiseKernel}. */
  static String depthwise(LayerPlan layer) {
    return layer.var() + "DepthwiseKernel";
  }

  /** The pointwise kernel's field: {@code sepPointwiseKernel}. */
  static String pointwise(LayerPlan layer) {
    return layer.var() + "PointwiseKernel";
  }

  /** The depthwise output's field: {@code sepMid}, batch x positions x MID_C. */
  private static String mid(LayerPlan layer) {
    return layer.var() + "Mid";
  }

  private static String midGrad(LayerPlan layer) {
    return mid(layer) + "Grad";
  }

  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // SEP_IN_H ... SEP_OUT_W; SEP_MULTIPLIER = 1; SEP_MID_C = 32; SEP_FILTERS = 64; SEP_TAPS = 9; SEP_POSITIONS = 196;
    SeparableConv2DSpec s = (SeparableConv2DSpec) layer.spec();
    WindowConstants.add(type, layer);
    Constants.add(type, layer.constant("MULTIPLIER"), s.depthMultiplier());
    Constants.add(type, layer.constant("MID_C"), s.middleChannels());
    Constants.add(type, layer.constant("FILTERS"), s.filters());
    Constants.add(type, layer.constant("TAPS"), s.taps());
    Constants.add(type, layer.constant("POSITIONS"), s.positions());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // static final ConvGeometry SEP_GEOMETRY = new ConvGeometry(..., SEP_MID_C);
    // private final Parameter sepDepthwiseKernel = new Parameter("sep/depthwise_kernel", SEP_TAPS * SEP_MID_C);
    // private final Parameter sepPointwiseKernel = new Parameter("sep/pointwise_kernel", SEP_MID_C * SEP_FILTERS);
    // private final Layer sep = new SeparableConv2DHandle("sep", ..., SEP_OUT_H, SEP_OUT_W, SEP_FILTERS);
    String filters = layer.constant("FILTERS");
    String middle = layer.constant("MID_C");
    WindowConstants.addGeometry(type, layer, "MID_C");
    ParameterEmitter.addKernel(type, depthwise(layer), layer.var() + "/depthwise_kernel",
        layer.constant("TAPS"), middle);
    ParameterEmitter.addKernel(type, pointwise(layer), layer.var() + "/pointwise_kernel", middle,
        filters);
    ParameterEmitter.addBiasAndL1(type, layer);
    type.addField(FieldSpec.builder(RuntimeTypes.LAYER, layer.var(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $N, $N, $L, $N, $N, $N)",
            RuntimeTypes.SEPARABLE_HANDLE, layer.var(), depthwise(layer), pointwise(layer),
            ParameterEmitter.biasParameter(layer), layer.constant("OUT_H"),
            layer.constant("OUT_W"), filters).build());
    if (ParameterEmitter.addSchedule(type, layer)) {
      ParameterEmitter.addKernelPruning(type, layer, depthwise(layer) + "Pruning",
          layer.var() + "/depthwise", depthwise(layer), CodeBlock.of("null"),
          layer.constant("TAPS"), middle);
      ParameterEmitter.addKernelPruning(type, layer, pointwise(layer) + "Pruning",
          layer.var() + "/pointwise", pointwise(layer), ParameterEmitter.biasParameter(layer),
          middle, filters);
    }
    KernelPreparationEmitter.addSparseField(type, layer);
    type.addField(FieldSpec.builder(float[].class, mid(layer), Modifier.PRIVATE)
        .addJavadoc("$L's depthwise output, batch * $N x $N.\n", layer.var(),
            layer.constant("POSITIONS"), middle).build());
    type.addField(FieldSpec.builder(float[].class, midGrad(layer), Modifier.PRIVATE).build());
    BufferEmitter.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    // Keras's fans: depthwise (kh, kw, c, m): kh*kw*c and kh*kw*m; pointwise (1, 1, c*m, f)
    String taps = layer.constant("TAPS");
    return CodeBlock.builder()
        .addStatement("$T.glorotUniform($N.value, $N * $N, $N * $N, random)", RuntimeTypes.INIT,
            depthwise(layer), taps, layer.constant("IN_C"), taps, layer.constant("MULTIPLIER"))
        .addStatement("$T.glorotUniform($N.value, $N, $N, random)", RuntimeTypes.INIT,
            pointwise(layer), layer.constant("MID_C"), layer.constant("FILTERS"))
        .build();
  }

  private static CodeBlock rows(LayerPlan layer) {
    return CodeBlock.of("batch * $N", layer.constant("POSITIONS"));
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock.Builder b = CodeBlock.builder();
    for (String buffer : new String[] {mid(layer), midGrad(layer)}) {
      b.addStatement("$N = new float[$L * $N]", buffer, rows(layer), layer.constant("MID_C"));
    }
    CodeBlock perExample = CodeBlock.of("$N * $N", layer.constant("POSITIONS"),
        layer.constant("FILTERS"));
    return b.add(BufferEmitter.allocateActivations(layer, perExample))
        .add(ActivationCode.allocate(layer, perExample, layer.constant("FILTERS"))).build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // DepthwiseKernels.forward(x, xOff, sepDepthwiseKernel.value, null, sepMid, batch, SEP_GEOMETRY, SEP_MULTIPLIER);
    // MatMul.mulAddBias(sepMid, 0, sepPointwiseKernel.value, sepBias.value, sepOut, batch * SEP_POSITIONS, SEP_MID_C, SEP_FILTERS);
    // if (sepSparse != null) { sepSparse.mulAddBias(sepMid, 0, sepBias.value, sepOut, batch * SEP_POSITIONS); } else { ... }
    LayerPlan.Source in = layer.in();
    String target = layer.keepsLogits() ? layer.logits() : layer.out();
    String sparse = KernelPreparationEmitter.sparse(layer);
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$T.forward($N, $N, $N.value, null, $N, $L, $N)",
            RuntimeTypes.DEPTHWISE_KERNELS, in.forwardArray(), in.forwardOffset(),
            depthwise(layer), mid(layer), WindowConstants.arguments(layer),
            layer.constant("MULTIPLIER"))
        .beginControlFlow("if ($N != null)", sparse)
        .addStatement("$N.mulAddBias($N, 0, $L, $N, $L)", sparse, mid(layer),
            ParameterEmitter.biasValue(layer), target, rows(layer))
        .nextControlFlow("else")
        .addStatement("$T.mulAddBias($N, 0, $N.value, $L, $N, $L, $N, $N)", RuntimeTypes.MAT_MUL,
            mid(layer), pointwise(layer), ParameterEmitter.biasValue(layer), target, rows(layer),
            layer.constant("MID_C"), layer.constant("FILTERS"))
        .endControlFlow()
        .addCode(ActivationCode.forward(layer, rows(layer), layer.constant("FILTERS")))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // MatMul.mulTransA(sepMid, 0, sepGrad, sepPointwiseKernel.grad, rows, SEP_MID_C, SEP_FILTERS);
    // Activations.sumRows(sepGrad, sepBias.grad, rows, SEP_FILTERS);
    // MatMul.mulTransB(sepGrad, sepPointwiseKernel.value, sepMidGrad, rows, SEP_FILTERS, SEP_MID_C);
    // DepthwiseKernels.kernelGradient(x, xOff, sepMidGrad, sepDepthwiseKernel.grad, batch, SEP_GEOMETRY, SEP_MULTIPLIER);
    // DepthwiseKernels.inputGradient(sepMidGrad, sepDepthwiseKernel.value, prevGrad, batch, SEP_GEOMETRY, SEP_MULTIPLIER);
    LayerPlan.Source in = layer.in();
    String filters = layer.constant("FILTERS");
    String middle = layer.constant("MID_C");
    MethodSpec.Builder m = BackwardPassEmitter.methodShell(layer)
        .addCode(ActivationCode.backward(layer, rows(layer), filters))
        .addStatement("$T.mulTransA($N, 0, $N, $N.grad, $L, $N, $N)", RuntimeTypes.MAT_MUL,
            mid(layer), layer.grad(), pointwise(layer), rows(layer), middle, filters);
    if (ParameterEmitter.spec(layer).useBias()) {
      m.addStatement("$T.sumRows($N, $N.grad, $L, $N)", RuntimeTypes.ACTIVATIONS, layer.grad(),
          ParameterEmitter.bias(layer), rows(layer), filters);
    }
    m.addStatement("$T.mulTransB($N, $N.value, $N, $L, $N, $N)", RuntimeTypes.MAT_MUL,
        layer.grad(), pointwise(layer), midGrad(layer), rows(layer), filters, middle)
        .addStatement("$T.kernelGradient($N, $N, $N, $N.grad, $L, $N)",
            RuntimeTypes.DEPTHWISE_KERNELS, in.backwardArray(), in.backwardOffset(),
            midGrad(layer), depthwise(layer), WindowConstants.arguments(layer),
            layer.constant("MULTIPLIER"));
    if (layer.needsInputGrad()) {
      m.addStatement("$T.inputGradient($N, $N.value, $N, $L, $N)",
          RuntimeTypes.DEPTHWISE_KERNELS, midGrad(layer), depthwise(layer), in.gradArray(),
          WindowConstants.arguments(layer), layer.constant("MULTIPLIER"));
    }
    return m.build();
  }
}
