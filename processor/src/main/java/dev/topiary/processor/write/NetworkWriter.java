package dev.topiary.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.Activation;
import dev.topiary.processor.model.LayerKind;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;

/**
 * Writes the network class for a valid model: constants, parameters and buffers, one forward
 * and one backward method per layer, and the dispatch methods that chain them.
 */
public final class NetworkWriter {
  /** The processor's name in {@code @Generated}. */
  public static final String PROCESSOR = "dev.topiary.processor.TopiaryProcessor";

  private static final Map<LayerKind, LayerEmitter> EMITTERS = new EnumMap<>(LayerKind.class);

  static {
    EMITTERS.put(LayerKind.CONV2D, new Conv2DEmitter());
    EMITTERS.put(LayerKind.MAX_POOLING2D, new MaxPoolingEmitter());
    EMITTERS.put(LayerKind.FLATTEN, new FlattenEmitter());
    EMITTERS.put(LayerKind.DENSE, new DenseEmitter());
    for (LayerKind kind : LayerKind.values()) {
      if (kind.activationLayer()) {
        EMITTERS.put(kind, new ActivationLayerEmitter());
      }
    }
  }

  private NetworkWriter() {}

  /** The Java file of {@code model}'s generated network. */
  public static JavaFile write(ModelSpec model) {
    List<LayerPlan> plans = plan(model);
    ClassName self = ClassName.get(model.packageName(), model.generatedName());
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(model.origin().element()) // isolating: one source per model
        .superclass(RuntimeTypes.GENERATED_NETWORK)
        .addSuperinterface(ClassName.get(model.packageName(), model.interfaceName()))
        .addAnnotation(AnnotationSpec.builder(
            ClassName.get("javax.annotation.processing", "Generated"))
            .addMember("value", "$S", PROCESSOR).build())
        .addJavadoc("The network declared by {@link $L}, specialised for its shapes.\n",
            model.interfaceName());
    addModelConstants(type, model);
    for (LayerPlan p : plans) {
      EMITTERS.get(p.spec().kind()).addConstants(type, p);
    }
    for (LayerPlan p : plans) {
      EMITTERS.get(p.spec().kind()).addFields(type, p);
      if (p.spec().activityL1() != null) {
        type.addField(FieldSpec.builder(float.class, p.constant("ACTIVITY_L1"), Modifier.STATIC,
            Modifier.FINAL).initializer("$Lf", p.spec().activityL1().floatValue()).build());
      }
    }
    Inference.addFields(type, plans);
    ConvPoolForward.addFields(type, plans);
    type.addField(FieldSpec.builder(float[].class, "input", Modifier.PRIVATE)
        .addJavadoc("The last forward pass's input, examples from {@code inputOffset} on.\n")
        .build());
    type.addField(int.class, "inputOffset", Modifier.PRIVATE);
    type.addField(int.class, "inputBatch", Modifier.PRIVATE);
    type.addMethod(constructor(model, plans));
    type.addMethods(Entry.loaders(self));
    for (LayerPlan p : plans) {
      type.addMethod(MethodSpec.methodBuilder(p.var()).addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC).returns(RuntimeTypes.handle(p.spec().kind().handle()))
          .addStatement("return $N", p.var()).build());
    }
    type.addMethod(allocate(plans));
    type.addMethod(activations(plans));
    type.addMethod(prepareKernels(plans));
    type.addMethod(Passes.forward(plans));
    type.addMethod(Passes.backward(plans));
    MethodSpec lossSum = Passes.sparsemaxLossSum(plans);
    if (lossSum != null) {
      type.addMethod(lossSum);
    }
    type.addMethods(Inference.methods(plans));
    type.addMethods(ConvPoolForward.methods(plans));
    for (LayerPlan p : plans) {
      MethodSpec forward = EMITTERS.get(p.spec().kind()).forward(p);
      if (forward != null) {
        type.addMethod(forward);
      }
    }
    for (int i = plans.size() - 1; i >= 0; i--) {
      MethodSpec backward = backwardOf(plans.get(i));
      if (backward != null) {
        type.addMethod(backward);
      }
    }
    return JavaFile.builder(model.packageName(), type.build())
        .addFileComment(header(model))
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** The backward method of a layer, or null where it has nothing to compute. */
  static MethodSpec backwardOf(LayerPlan p) {
    return p.outputGradNeeded() ? EMITTERS.get(p.spec().kind()).backward(p) : null;
  }

  /** Decides each layer's input source and which gradients are needed. */
  static List<LayerPlan> plan(ModelSpec model) {
    List<LayerPlan> plans = new ArrayList<>();
    LayerPlan.Source source = LayerPlan.Source.NETWORK_INPUT;
    boolean weightsSoFar = false;
    List<LayerSpec> layers = model.layers();
    for (int i = 0; i < layers.size(); i++) {
      LayerSpec spec = layers.get(i);
      weightsSoFar |= spec.kind().weighted();
      LayerSpec next = i + 1 < layers.size() ? layers.get(i + 1) : null;
      boolean reluInPool = LayerPlan.poolsRelu(spec, next)
          || (i > 0 && LayerPlan.poolsRelu(layers.get(i - 1), spec));
      LayerPlan plan = new LayerPlan(spec, source, weightsSoFar, i == layers.size() - 1,
          reluInPool);
      plans.add(plan);
      if (spec.kind() != LayerKind.FLATTEN) { // Flatten passes its input's buffer on
        source = plan.asSource();
      }
    }
    return plans;
  }

  private static void addModelConstants(TypeSpec.Builder type, ModelSpec model) {
    // static final String MODEL_NAME = "SeedCnn"; static final String ARCHITECTURE = "...";
    type.addField(FieldSpec.builder(String.class, "MODEL_NAME", Modifier.STATIC, Modifier.FINAL)
        .initializer("$S", model.interfaceName()).build());
    type.addField(FieldSpec.builder(String.class, "ARCHITECTURE", Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("What model files must match: layers, shapes and options.\n")
        .initializer("$S", Fingerprint.of(model)).build());
    Constants.add(type, "INPUT_SIZE", model.inputShape().size());
    Constants.add(type, "OUTPUT_SIZE", model.outputLayer().output().size());
  }

  private static MethodSpec constructor(ModelSpec model, List<LayerPlan> plans) {
    // public TopiarySeedCnn(long seed) { super(...); SplittableRandom random = ...; init...; register(...); }
    String dims = model.inputShape().toString().replace("x", ", ");
    MethodSpec.Builder m = MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
        .addJavadoc("A new network with Glorot-uniform kernels and zero biases drawn from {@code "
            + "seed}.\n")
        .addParameter(long.class, "seed")
        .addStatement("super(MODEL_NAME, ARCHITECTURE, seed, new int[] {$L}, OUTPUT_SIZE)", dims)
        .addStatement("$T random = new $T(seed)", java.util.SplittableRandom.class,
            java.util.SplittableRandom.class);
    List<String> params = new ArrayList<>();
    for (LayerPlan p : plans) {
      m.addCode(EMITTERS.get(p.spec().kind()).init(p));
      if (p.spec().kind().weighted()) {
        params.add(Weights.kernel(p));
        if (Weights.spec(p).useBias()) {
          params.add(Weights.bias(p));
        }
      }
    }
    m.addStatement("register(new $T[] {$L}, new $T[] {$L})", RuntimeTypes.LAYER,
        plans.stream().map(LayerPlan::var).collect(Collectors.joining(", ")), RuntimeTypes.PARAMETER,
        String.join(", ", params));
    List<String> prunings = plans.stream().filter(p -> p.spec().kind().weighted()
        && Weights.spec(p).prune() != null).map(Weights::pruning).toList();
    if (!prunings.isEmpty()) {
      m.addStatement("registerPruning($L)", String.join(", ", prunings));
    }
    List<CodeBlock> proximals = plans.stream().filter(p -> p.spec().kind().weighted()
        && Weights.spec(p).l1() != null && Weights.spec(p).l1().proximal())
        .map(p -> CodeBlock.of("new $T($N, $N)", RuntimeTypes.PROXIMAL_L1, Weights.kernel(p),
            p.constant("L1"))).toList();
    if (!proximals.isEmpty()) {
      m.addStatement("registerProximal($L)", CodeBlock.join(proximals, ", "));
    }
    return m.build();
  }

  private static MethodSpec allocate(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("allocate").addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED).addParameter(int.class, "batch");
    for (LayerPlan p : plans) {
      m.addCode(EMITTERS.get(p.spec().kind()).allocate(p));
    }
    return m.build();
  }

  /**
   * The buffer holding a layer's activations after the last forward pass.
   * <pre>switch (layer) { case 0: return convOut; ... default: throw ...; }</pre>
   */
  private static MethodSpec activations(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("activations").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(float[].class).addParameter(int.class, "layer")
        .beginControlFlow("switch (layer)");
    LayerPlan.Source source = LayerPlan.Source.NETWORK_INPUT;
    for (int i = 0; i < plans.size(); i++) {
      LayerPlan p = plans.get(i);
      if (p.spec().kind() != LayerKind.FLATTEN) {
        source = p.asSource();
      }
      m.addCode("case $L:\n", i);
      if (source == LayerPlan.Source.NETWORK_INPUT) {
        m.addStatement("$>return $T.copyOfRange(input, inputOffset, inputOffset + inputBatch * "
            + "INPUT_SIZE)$<", java.util.Arrays.class);
      } else {
        m.addStatement("$>return $N$<", source.forwardArray());
      }
    }
    return m.addCode("default:\n").addStatement("$>throw new $T(\"no layer \" + layer)$<",
        IndexOutOfBoundsException.class).endControlFlow().build();
  }

  /** {@code prepareKernels(mode)}: each Conv2D and Dense layer's sparse kernel, or none. */
  private static MethodSpec prepareKernels(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("prepareKernels")
        .addAnnotation(Override.class).addModifiers(Modifier.PROTECTED)
        .addParameter(RuntimeTypes.KERNEL_MODE, "mode");
    for (LayerPlan p : plans) {
      if (p.spec().kind() == LayerKind.DENSE) {
        m.addCode(DenseEmitter.prepare(p));
      } else if (p.spec().kind() == LayerKind.CONV2D) {
        m.addCode(Conv2DEmitter.prepare(p));
      }
    }
    return m.build();
  }

  private static String header(ModelSpec model) {
    String qualified = model.packageName().isEmpty() ? model.interfaceName()
        : model.packageName() + "." + model.interfaceName();
    StringBuilder s = new StringBuilder("Generated by Topiary from ").append(qualified)
        .append(". Do not edit: change the interface and recompile.\n\n")
        .append(model.source()).append("  input ").append(model.inputShape()).append('\n');
    int width = model.layers().stream().mapToInt(l -> l.name().length()).max().orElse(0);
    for (LayerSpec l : model.layers()) {
      s.append(String.format("  %-" + width + "s  %s  -> %s%s%n", l.name(), l.source(), l.output(),
          l.parameterCount() > 0 ? ", " + l.parameterCount() + " parameters" : ""));
    }
    return s.append("Parameters: ").append(model.parameterCount()).append(", multiply-adds per "
        + "example: ").append(model.macsPerExample()).toString();
  }

  /**
   * {@code @ActivityL1}: the penalty of a layer's output, and its gradient added to the output's
   * gradient before the layer's backward reads it.
   * <pre>loss += Regularizers.activityL1(hiddenOut, hiddenGrad, batch * 64, batch, HIDDEN_ACTIVITY_L1);</pre>
   */
  static CodeBlock activityPenalty(LayerPlan p) {
    if (p.spec().activityL1() == null) {
      return CodeBlock.of("");
    }
    long size = p.spec().output().size();
    if (!p.outputGradNeeded()) {
      return CodeBlock.builder().addStatement("loss += $T.l1Penalty($N, $N) / batch",
          RuntimeTypes.REGULARIZERS, p.out(), p.constant("ACTIVITY_L1")).build();
    }
    return CodeBlock.builder().addStatement("loss += $T.activityL1($N, $N, batch * $L, batch, $N)",
        RuntimeTypes.REGULARIZERS, p.out(), p.grad(), size, p.constant("ACTIVITY_L1")).build();
  }

  /** The dispatch methods that chain the layer methods. */
  static final class Passes {
    private Passes() {}

    static MethodSpec forward(List<LayerPlan> plans) {
      // ensureCapacity(batch); convForward(x, xOff, batch); poolForward(batch); ... return outputOut;
      MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC).returns(float[].class)
          .addParameter(float[].class, "x").addParameter(int.class, "xOff")
          .addParameter(int.class, "batch")
          .addStatement("ensureCapacity(batch)");
      m.addStatement("input = x").addStatement("inputOffset = xOff")
          .addStatement("inputBatch = batch");
      LayerPlan lastWithOutput = null;
      for (int i = 0; i < plans.size(); i++) {
        LayerPlan p = plans.get(i);
        if (p.spec().kind() == LayerKind.FLATTEN) {
          m.addComment("$N: the NHWC buffer already is the flat vector", p.var());
          continue;
        }
        String method = p.var() + "Forward";
        if (ConvPoolForward.starts(p)) {
          method = ConvPoolForward.methodName(p, plans.get(++i)); // the pooling runs in it
        }
        lastWithOutput = plans.get(i);
        if (p.in() == LayerPlan.Source.NETWORK_INPUT) {
          m.addStatement("$N(x, xOff, batch)", method);
        } else {
          m.addStatement("$N(batch)", method);
        }
      }
      return m.addStatement("return $N", lastWithOutput.out()).build();
    }

    /** Whether the loss is the sparsemax loss over the last layer's kept logits. */
    private static boolean sparsemaxLoss(LayerPlan last) {
      return last.outputGradNeeded() && last.spec().activation() == Activation.SPARSEMAX;
    }

    /** The logits the sparsemax loss reads: kept by the layer, or its input buffer. */
    private static String sparsemaxLogits(LayerPlan last) {
      return last.keepsLogits() ? last.logits() : last.in().forwardArray();
    }

    static MethodSpec sparsemaxLossSum(List<LayerPlan> plans) {
      // return (double) Sparsemax.loss(outputLogits, p, labels, labelOff, outputGrad, batch, OUTPUT_SIZE) * batch;
      LayerPlan last = plans.get(plans.size() - 1);
      if (!sparsemaxLoss(last)) {
        return null;
      }
      return MethodSpec.methodBuilder("lossSum").addAnnotation(Override.class)
          .addModifiers(Modifier.PROTECTED).returns(double.class)
          .addJavadoc("The sparsemax loss (the model's) summed over the last pass's rows, from the "
              + "logits it kept: what evaluate reports.\n")
          .addParameter(float[].class, "p").addParameter(int[].class, "labels")
          .addParameter(int.class, "labelOff").addParameter(int.class, "batch")
          .addStatement("return (double) $T.loss($N, p, labels, labelOff, $N, batch, OUTPUT_SIZE)"
              + " * batch", RuntimeTypes.SPARSEMAX, sparsemaxLogits(last), last.grad())
          .build();
    }

    static MethodSpec backward(List<LayerPlan> plans) {
      // float loss = Losses.softmaxCrossEntropy(outputOut, labels, labelOff, outputGrad, batch, OUTPUT_UNITS);
      // outputBackward(batch); ... loss += Regularizers.l1(...); return loss;
      LayerPlan last = plans.get(plans.size() - 1);
      MethodSpec.Builder m = MethodSpec.methodBuilder("backward").addAnnotation(Override.class)
          .addModifiers(Modifier.PUBLIC).returns(float.class)
          .addParameter(int[].class, "labels").addParameter(int.class, "labelOff")
          .addParameter(int.class, "batch");
      if (!last.outputGradNeeded()) {
        m.addStatement("float loss = (float) ($T.crossEntropySum($N, labels, labelOff, batch, "
            + "OUTPUT_SIZE) / batch)", RuntimeTypes.LOSSES, last.out());
      } else if (sparsemaxLoss(last)) {
        m.addStatement("float loss = $T.loss($N, $N, labels, labelOff, $N, batch, OUTPUT_SIZE)",
            RuntimeTypes.SPARSEMAX, sparsemaxLogits(last), last.out(), last.grad());
      } else {
        m.addStatement("float loss = $T.softmaxCrossEntropy($N, labels, labelOff, $N, batch, "
            + "OUTPUT_SIZE)", RuntimeTypes.LOSSES, last.out(), last.grad());
      }
      CodeBlock.Builder penalties = CodeBlock.builder();
      for (int i = plans.size() - 1; i >= 0; i--) {
        LayerPlan p = plans.get(i);
        m.addCode(activityPenalty(p));
        if (ConvPoolForward.starts(p)) {
          m.addStatement("$N(batch)", ConvPoolForward.backwardName(p));
        }
        if (backwardOf(p) != null) {
          m.addStatement("$N(batch)", p.var() + "Backward");
        }
        if (p.spec().kind().weighted()) {
          penalties.add(Weights.penalty(p));
        }
      }
      return m.addCode(penalties.build()).addStatement("return loss").build();
    }
  }
}
