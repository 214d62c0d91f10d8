package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.BatchNormSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Emits a {@code @BatchNormalization} layer over the last axis: in training the batch's
 * statistics (kept, with the normalized input, for the backward pass), which its
 * {@code BatchNormStatistics} rule folds into the moving ones after each step; at inference the
 * moving statistics. {@code gamma} starts at 1 and {@code beta} at 0, as Keras.
 */
final class BatchNormEmitter implements LayerEmitter {
  private static BatchNormSpec spec(LayerPlan layer) {
    return (BatchNormSpec) layer.spec();
  }

  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int BN_VALUES = 5408; static final int BN_CHANNELS = 32;
    // static final float BN_MOMENTUM = 0.99f; static final float BN_EPSILON = 0.001f;
    Constants.add(type, layer.constant("VALUES"), layer.spec().output().size());
    Constants.add(type, layer.constant("CHANNELS"), spec(layer).channels());
    type.addField(FieldSpec.builder(float.class, layer.constant("MOMENTUM"), Modifier.STATIC,
        Modifier.FINAL).initializer("$Lf", (float) spec(layer).momentum()).build());
    type.addField(FieldSpec.builder(float.class, layer.constant("EPSILON"), Modifier.STATIC,
        Modifier.FINAL).initializer("$Lf", (float) spec(layer).epsilon()).build());
  }

  /** {@code bnGamma}, when the layer scales. */
  static String gamma(LayerPlan layer) {
    return layer.var() + "Gamma";
  }

  /** {@code bnBeta}, when the layer centers. */
  static String beta(LayerPlan layer) {
    return layer.var() + "Beta";
  }

  private static String norm(LayerPlan layer) {
    return layer.var() + "Norm";
  }

  /** The trained parameters' fields, in file order: gamma, beta (as the layer has them). */
  static List<String> parameters(LayerPlan layer) {
    List<String> p = new ArrayList<>();
    if (spec(layer).scale()) {
      p.add(gamma(layer));
    }
    if (spec(layer).center()) {
      p.add(beta(layer));
    }
    return p;
  }

  private static CodeBlock member(LayerPlan layer, boolean present, String field, String m) {
    return present ? CodeBlock.of("$N.$L", field, m) : CodeBlock.of("null");
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Parameter bnGamma = new Parameter("bn/gamma", BN_CHANNELS); ... bnBeta
    // private final BatchNormStatistics bnRule = new BatchNormStatistics("bn", BN_CHANNELS, BN_MOMENTUM);
    // private final Layer bn = new BatchNormHandle("bn", 64, 64, 26, 26, 32);
    // private float[] bnNorm;
    String channels = layer.constant("CHANNELS");
    if (spec(layer).scale()) {
      type.addField(FieldSpec.builder(RuntimeTypes.PARAMETER, gamma(layer), Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T($S, $N)", RuntimeTypes.PARAMETER,
              layer.var() + "/gamma", channels).build());
    }
    if (spec(layer).center()) {
      type.addField(FieldSpec.builder(RuntimeTypes.PARAMETER, beta(layer), Modifier.PRIVATE,
          Modifier.FINAL).initializer("new $T($S, $N)", RuntimeTypes.PARAMETER,
              layer.var() + "/beta", channels).build());
    }
    type.addField(FieldSpec.builder(RuntimeTypes.BATCH_NORM_STATISTICS, LayerRules.field(layer),
        Modifier.PRIVATE, Modifier.FINAL)
        .addJavadoc("$L's batch and moving statistics.\n", layer.var())
        .initializer("new $T($S, $N, $N)", RuntimeTypes.BATCH_NORM_STATISTICS, layer.var(),
            channels, layer.constant("MOMENTUM")).build());
    type.addField(FieldSpec.builder(RuntimeTypes.LAYER, layer.var(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $L, $L, $L)", RuntimeTypes.BATCH_NORM_HANDLE,
            layer.var(), spec(layer).otherParameters(), spec(layer).nonTrainableParameters(),
            Constants.values(layer.spec().output().dims())).build());
    type.addField(FieldSpec.builder(float[].class, norm(layer), Modifier.PRIVATE)
        .addJavadoc("$L's input normalized by the last training pass's batch statistics.\n",
            layer.var()).build());
    BufferEmitter.addActivationFields(type, layer);
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    // Arrays.fill(bnGamma.value, 1f);
    if (!spec(layer).scale()) {
      return CodeBlock.of("");
    }
    return CodeBlock.builder().addStatement("$T.fill($N.value, 1f)", Arrays.class, gamma(layer))
        .build();
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    CodeBlock size = CodeBlock.of("$N", layer.constant("VALUES"));
    return CodeBlock.builder()
        .addStatement("$N = new float[batch * $L]", norm(layer), size)
        .add(BufferEmitter.allocateActivations(layer, size)).build();
  }

  private static CodeBlock rows(LayerPlan layer) {
    return CodeBlock.of("batch * $N / $N", layer.constant("VALUES"), layer.constant("CHANNELS"));
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // BatchNormKernels.trainForward(convOut, 0, batch * BN_VALUES / BN_CHANNELS, BN_CHANNELS,
    //     bnGamma.value, bnBeta.value, BN_EPSILON, bnRule.mean, bnRule.variance, bnRule.invStd, bnNorm, bnOut);
    // bnRule.measured();
    LayerPlan.Source in = layer.in();
    String rule = LayerRules.field(layer);
    return ForwardPassEmitter.methodShell(layer)
        .addStatement("$T.trainForward($N, $N, $L, $N, $L, $L, $N, $N.mean, $N.variance, "
            + "$N.invStd, $N, $N, $N.sums)", RuntimeTypes.BATCH_NORM_KERNELS, in.forwardArray(),
            in.forwardOffset(), rows(layer), layer.constant("CHANNELS"),
            member(layer, spec(layer).scale(), gamma(layer), "value"),
            member(layer, spec(layer).center(), beta(layer), "value"), layer.constant("EPSILON"),
            rule, rule, rule, norm(layer), layer.out(), rule)
        .addStatement("$N.measured()", rule)
        .build();
  }

  @Override
  public MethodSpec infer(LayerPlan layer) {
    // BatchNormKernels.inferForward(convOut, 0, bnOut, batch * BN_VALUES / BN_CHANNELS, BN_CHANNELS,
    //     bnGamma.value, bnBeta.value, bnRule.movingMean.value, bnRule.movingVariance.value, BN_EPSILON);
    LayerPlan.Source in = layer.in();
    String rule = LayerRules.field(layer);
    return InferencePassEmitter.methodShell(layer, "the moving statistics")
        .addStatement("$T.inferForward($N, $N, $N, $L, $N, $L, $L, $N.movingMean.value, "
            + "$N.movingVariance.value, $N, $N.scale, $N.shift)", RuntimeTypes.BATCH_NORM_KERNELS,
            in.forwardArray(), in.forwardOffset(), layer.out(), rows(layer),
            layer.constant("CHANNELS"), member(layer, spec(layer).scale(), gamma(layer), "value"),
            member(layer, spec(layer).center(), beta(layer), "value"), rule, rule,
            layer.constant("EPSILON"), rule, rule)
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // BatchNormKernels.backward(bnGrad, bnNorm, bnRule.invStd, bnGamma.value, batch * BN_VALUES / BN_CHANNELS,
    //     BN_CHANNELS, bnGamma.grad, bnBeta.grad, convGrad);
    if (!layer.needsInputGrad() && spec(layer).otherParameters() == 0) {
      return null;
    }
    String inGrad = layer.in().gradArray();
    return BackwardPassEmitter.methodShell(layer)
        .addStatement("$T.backward($N, $N, $N.invStd, $L, $L, $N, $L, $L, $L, $N.sums)",
            RuntimeTypes.BATCH_NORM_KERNELS, layer.grad(), norm(layer), LayerRules.field(layer),
            member(layer, spec(layer).scale(), gamma(layer), "value"), rows(layer),
            layer.constant("CHANNELS"), member(layer, spec(layer).scale(), gamma(layer), "grad"),
            member(layer, spec(layer).center(), beta(layer), "grad"),
            inGrad == null ? CodeBlock.of("null") : CodeBlock.of("$N", inGrad),
            LayerRules.field(layer))
        .build();
  }
}
