package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.L1Spec;
import dev.topiary.processor.model.PruneSpec;
import dev.topiary.processor.model.WeightedLayerSpec;
import javax.lang.model.element.Modifier;

/**
 * The trainable parameters of a layer with weights (Conv2D, Dense): kernel and bias fields,
 * their initialisation, the kernel's pruning state and its L1 penalty.
 */
final class ParameterEmitter {
  private ParameterEmitter() {}

  /** The layer's spec: only layers with weights have parameters. */
  static WeightedLayerSpec spec(LayerPlan layer) {
    return (WeightedLayerSpec) layer.spec();
  }

  /** The constant of the kernel's rows (its input size): {@code HIDDEN_IN_SIZE}, {@code CONV_PATCH}. */
  static String kernelRows(LayerPlan layer) {
    return layer.constant(switch (layer.spec().kind()) {
      case CONV2D, CONV1D -> "PATCH";
      case DEPTHWISE_CONV2D, SEPARABLE_CONV2D -> "TAPS";
      default -> "IN_SIZE";
    });
  }

  /** The constant of the kernel's columns, one bias each: {@code HIDDEN_UNITS}, {@code CONV_FILTERS}. */
  static String kernelColumns(LayerPlan layer) {
    return layer.constant(switch (layer.spec().kind()) {
      case CONV2D, CONV1D, SEPARABLE_CONV2D -> "FILTERS";
      case DEPTHWISE_CONV2D -> "OUT_C";
      default -> "UNITS";
    });
  }

  /**
   * The kernel parameters' fields: {@code hiddenKernel}; a SeparableConv2D's
   * {@code sepDepthwiseKernel} and {@code sepPointwiseKernel}.
   */
  static java.util.List<String> kernels(LayerPlan layer) {
    if (layer.spec().kind() == LayerKind.SEPARABLE_CONV2D) {
      return java.util.List.of(SeparableConv2DEmitter.depthwise(layer),
          SeparableConv2DEmitter.pointwise(layer));
    }
    return java.util.List.of(kernel(layer));
  }

  /** The pruning states' fields, one per kernel: {@code hiddenPruning}; none unpruned. */
  static java.util.List<String> prunings(LayerPlan layer) {
    if (spec(layer).prune() == null) {
      return java.util.List.of();
    }
    if (layer.spec().kind() == LayerKind.SEPARABLE_CONV2D) {
      return java.util.List.of(SeparableConv2DEmitter.depthwise(layer) + "Pruning",
          SeparableConv2DEmitter.pointwise(layer) + "Pruning");
    }
    return java.util.List.of(pruning(layer));
  }

  /** The kernel parameter's field name: {@code hiddenKernel}. */
  static String kernel(LayerPlan layer) {
    return layer.var() + "Kernel";
  }

  /** The bias parameter's field name: {@code hiddenBias}. */
  static String bias(LayerPlan layer) {
    return layer.var() + "Bias";
  }

  /** The bias argument of a kernel call: {@code hiddenBias.value} or {@code null}. */
  static CodeBlock biasValue(LayerPlan layer) {
    return biasMember(layer, ".value");
  }

  /** The bias gradient argument: {@code hiddenBias.grad} or {@code null}. */
  static CodeBlock biasGrad(LayerPlan layer) {
    return biasMember(layer, ".grad");
  }

  /** The bias parameter argument: {@code hiddenBias} or {@code null}. */
  static CodeBlock biasParameter(LayerPlan layer) {
    return biasMember(layer, "");
  }

  private static CodeBlock biasMember(LayerPlan layer, String member) {
    return spec(layer).useBias() ? CodeBlock.of("$N$L", bias(layer), member)
        : CodeBlock.of("null");
  }

  /**
   * Adds the parameter fields.
   * <pre>private final Parameter hiddenKernel = new Parameter("hidden/kernel", HIDDEN_IN_SIZE * HIDDEN_UNITS);
   * private final Parameter hiddenBias = new Parameter("hidden/bias", HIDDEN_UNITS);</pre>
   */
  static void addParameters(TypeSpec.Builder type, LayerPlan layer) {
    addKernel(type, kernel(layer), layer.var() + "/kernel", kernelRows(layer),
        kernelColumns(layer));
    addBiasAndL1(type, layer);
  }

  /** {@code private final Parameter field = new Parameter(name, rows * cols);} */
  static void addKernel(TypeSpec.Builder type, String field, String name, String rows,
      String cols) {
    type.addField(FieldSpec.builder(RuntimeTypes.PARAMETER, field, Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $N * $N)", RuntimeTypes.PARAMETER, name, rows,
            cols).build());
  }

  /** The bias parameter (one per {@link #kernelColumns}) and the L1 factor, where declared. */
  static void addBiasAndL1(TypeSpec.Builder type, LayerPlan layer) {
    if (spec(layer).useBias()) {
      type.addField(FieldSpec.builder(RuntimeTypes.PARAMETER, bias(layer), Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T($S, $N)", RuntimeTypes.PARAMETER,
              layer.var() + "/bias", kernelColumns(layer)).build());
    }
    L1Spec l1 = spec(layer).l1();
    if (l1 != null) {
      type.addField(FieldSpec.builder(float.class, layer.constant("L1"), Modifier.STATIC,
          Modifier.FINAL).initializer("$Lf", (float) l1.factor()).build());
    }
  }

  /** The pruning state's field name: {@code hiddenPruning}. */
  static String pruning(LayerPlan layer) {
    return layer.var() + "Pruning";
  }

  /**
   * The schedule constant and pruning state of a {@code @Prune} layer (nothing otherwise).
   * <pre>static final PolynomialDecay HIDDEN_SCHEDULE = new PolynomialDecay(0.5, 0.8, 0L, 10000L, 100, 3.0);
   * private final KernelPruning hiddenPruning = new KernelPruning("hidden", hiddenKernel, hiddenBias,
   *     HIDDEN_IN_SIZE, HIDDEN_UNITS, HIDDEN_SCHEDULE, Structure.UNSTRUCTURED, 2, 4);</pre>
   */
  static void addPruning(TypeSpec.Builder type, LayerPlan layer) {
    if (addSchedule(type, layer)) {
      addKernelPruning(type, layer, pruning(layer), layer.var(), kernel(layer),
          biasParameter(layer), kernelRows(layer), kernelColumns(layer));
    }
  }

  /** The {@code @Prune} schedule's constant; false (and nothing added) without {@code @Prune}. */
  static boolean addSchedule(TypeSpec.Builder type, LayerPlan layer) {
    PruneSpec p = spec(layer).prune();
    if (p == null) {
      return false;
    }
    type.addField(FieldSpec.builder(RuntimeTypes.POLYNOMIAL_DECAY, layer.constant("SCHEDULE"),
        Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("initial, target, beginStep, endStep, frequency, power\n")
        .initializer("new $T($L, $L, $LL, $LL, $L, $L)", RuntimeTypes.POLYNOMIAL_DECAY, p.initial(),
            p.target(), p.beginStep(), p.endStep(), p.frequency(), p.power()).build());
    return true;
  }

  /** One kernel's pruning state under the layer's schedule, named {@code name} in messages. */
  static void addKernelPruning(TypeSpec.Builder type, LayerPlan layer, String field, String name,
      String kernel, CodeBlock bias, String rows, String cols) {
    PruneSpec p = spec(layer).prune();
    type.addField(FieldSpec.builder(RuntimeTypes.KERNEL_PRUNING, field, Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $N, $L, $N, $N, $N, $T.$L, $L, $L)",
            RuntimeTypes.KERNEL_PRUNING, name, kernel, bias, rows, cols,
            layer.constant("SCHEDULE"), RuntimeTypes.STRUCTURE, p.structure(), p.n(), p.m())
        .build());
  }

  /**
   * Glorot-uniform kernel; biases start at zero.
   * <pre>Init.glorotUniform(hiddenKernel.value, HIDDEN_IN_SIZE, HIDDEN_UNITS, random);</pre>
   */
  static CodeBlock init(LayerPlan layer, CodeBlock fanIn, CodeBlock fanOut) {
    return CodeBlock.builder().addStatement("$T.glorotUniform($N.value, $L, $L, random)",
        RuntimeTypes.INIT, kernel(layer), fanIn, fanOut).build();
  }

  /**
   * The L1 penalty and its gradient, or nothing without {@code @L1}.
   * <pre>loss += Regularizers.l1(hiddenKernel.value, hiddenKernel.grad, HIDDEN_L1);</pre>
   */
  static CodeBlock penalty(LayerPlan layer) {
    L1Spec l1 = spec(layer).l1();
    if (l1 == null) {
      return CodeBlock.of("");
    }
    CodeBlock.Builder b = CodeBlock.builder();
    for (String kernel : kernels(layer)) {
      if (l1.proximal()) {
        // Proximal L1 counts in the loss; its step is the optimizer's soft-threshold.
        b.addStatement("loss += $T.l1Penalty($N.value, $N)", RuntimeTypes.REGULARIZERS, kernel,
            layer.constant("L1"));
      } else {
        b.addStatement("loss += $T.l1($N.value, $N.grad, $N)", RuntimeTypes.REGULARIZERS, kernel,
            kernel, layer.constant("L1"));
      }
    }
    return b.build();
  }
}
