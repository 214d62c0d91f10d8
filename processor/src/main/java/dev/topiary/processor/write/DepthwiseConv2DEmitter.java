package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.DepthwiseConv2DSpec;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @DepthwiseConv2D} layer: the runtime's {@code DepthwiseKernels} (plain loops,
 * no patches), the bias fused, then the activation. Its kernel is a {@code DW_TAPS x DW_OUT_C}
 * parameter ({@code [kh][kw][c][m]}), pruned and penalized like a Conv2D's.
 */
final class DepthwiseConv2DEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // DW_IN_H ... DW_OUT_W; static final int DW_MULTIPLIER = 1; DW_OUT_C = 32; DW_TAPS = 9; DW_POSITIONS = 676;
    DepthwiseConv2DSpec s = (DepthwiseConv2DSpec) layer.spec();
    WindowConstants.add(type, layer);
    Constants.add(type, layer.constant("MULTIPLIER"), s.depthMultiplier());
    Constants.add(type, layer.constant("OUT_C"), s.outputChannels());
    Constants.add(type, layer.constant("TAPS"), s.taps());
    Constants.add(type, layer.constant("POSITIONS"), s.positions());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // static final ConvGeometry DW_GEOMETRY = new ConvGeometry(..., DW_OUT_C);
    // private final Parameter dwKernel = new Parameter("dw/kernel", DW_TAPS * DW_OUT_C); ...
    // private final Layer dw = new KernelLayerHandle("dw", "DepthwiseConv2D", dwKernel, dwBias, DW_TAPS, DW_OUT_C, DW_OUT_H, DW_OUT_W, DW_OUT_C);
    String channels = layer.constant("OUT_C");
    WindowConstants.addGeometry(type, layer, "OUT_C");
    ParameterEmitter.addParameters(type, layer);
    type.addField(FieldSpec.builder(RuntimeTypes.LAYER, layer.var(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $S, $N, $L, $N, $N, $N, $N, $N)",
            RuntimeTypes.KERNEL_LAYER_HANDLE, layer.var(), "DepthwiseConv2D",
            ParameterEmitter.kernel(layer), ParameterEmitter.biasParameter(layer),
            layer.constant("TAPS"), channels, layer.constant("OUT_H"), layer.constant("OUT_W"),
            channels).build());
    ParameterEmitter.addPruning(type, layer);
    BufferEmitter.addActivationFields(type, layer);
    ActivationCode.addMembers(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    // Keras's fans of a depthwise kernel (kh, kw, c, m): fan_in = kh*kw*c, fan_out = kh*kw*m
    return ParameterEmitter.init(layer,
        CodeBlock.of("$N * $N", layer.constant("TAPS"), layer.constant("IN_C")),
        CodeBlock.of("$N * $N", layer.constant("TAPS"), layer.constant("MULTIPLIER")));
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock perExample = CodeBlock.of("$N * $N", layer.constant("POSITIONS"),
        layer.constant("OUT_C"));
    return CodeBlock.builder().add(BufferEmitter.allocateActivations(layer, perExample))
        .add(ActivationCode.allocate(layer, perExample, layer.constant("OUT_C"))).build();
  }

  private static CodeBlock rows(LayerPlan layer) {
    return CodeBlock.of("batch * $N", layer.constant("POSITIONS"));
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // DepthwiseKernels.forward(x, xOff, dwKernel.value, dwBias.value, dwOut, batch, DW_GEOMETRY, DW_MULTIPLIER);
    // Activations.relu(dwOut, batch * DW_POSITIONS * DW_OUT_C);
    LayerPlan.Source in = layer.in();
    String target = layer.keepsLogits() ? layer.logits() : layer.out();
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$T.forward($N, $N, $N.value, $L, $N, $L, $N)",
            RuntimeTypes.DEPTHWISE_KERNELS, in.forwardArray(), in.forwardOffset(),
            ParameterEmitter.kernel(layer), ParameterEmitter.biasValue(layer), target,
            WindowConstants.arguments(layer), layer.constant("MULTIPLIER"))
        .addCode(ActivationCode.forward(layer, rows(layer), layer.constant("OUT_C")))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // Activations.reluBackward(dwOut, dwGrad, ...);
    // DepthwiseKernels.kernelGradient(x, xOff, dwGrad, dwKernel.grad, batch, DW_GEOMETRY, DW_MULTIPLIER);
    // Activations.sumRows(dwGrad, dwBias.grad, batch * DW_POSITIONS, DW_OUT_C);
    // DepthwiseKernels.inputGradient(dwGrad, dwKernel.value, convGrad, batch, DW_GEOMETRY, DW_MULTIPLIER);
    LayerPlan.Source in = layer.in();
    String channels = layer.constant("OUT_C");
    MethodSpec.Builder m = BackwardPassEmitter.methodShell(layer)
        .addCode(ActivationCode.backward(layer, rows(layer), channels))
        .addStatement("$T.kernelGradient($N, $N, $N, $N.grad, $L, $N)",
            RuntimeTypes.DEPTHWISE_KERNELS, in.backwardArray(), in.backwardOffset(), layer.grad(),
            ParameterEmitter.kernel(layer), WindowConstants.arguments(layer),
            layer.constant("MULTIPLIER"));
    if (ParameterEmitter.spec(layer).useBias()) {
      m.addStatement("$T.sumRows($N, $N.grad, $L, $N)", RuntimeTypes.ACTIVATIONS, layer.grad(),
          ParameterEmitter.bias(layer), rows(layer), channels);
    }
    if (layer.needsInputGrad()) {
      m.addStatement("$T.inputGradient($N, $N.value, $N, $L, $N)",
          RuntimeTypes.DEPTHWISE_KERNELS, layer.grad(), ParameterEmitter.kernel(layer),
          in.gradArray(), WindowConstants.arguments(layer), layer.constant("MULTIPLIER"));
    }
    return m.build();
  }
}
