package dev.topiary.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.Activation;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The inference-only forward pass, {@code infer}, that prediction and evaluation run: a Conv2D
 * and the MaxPooling2D after it run fused where {@link ConvPoolPair#inference} says so
 * ({@code ConvPool}: no patches, no conv activations, no argmax, only the pooled output); other
 * layers run their training forward methods. Written only for models with such a pair; the
 * others inherit {@code infer}, which calls {@code forward}.
 */
final class InferencePassEmitter {
  private InferencePassEmitter() {}

  /** The fused kernel's field: {@code convInference}. */
  static String kernel(ConvPoolPair pair) {
    return pair.conv().var() + "Inference";
  }

  /** The pair's method: {@code convInfer}. */
  static String methodName(ConvPoolPair pair) {
    return pair.conv().var() + "Infer";
  }

  /**
   * The fused kernels, one per fused pair.
   * <pre>private final ConvPool convInference = new ConvPool(CONV_IN_H, ..., POOL_OUT_W);</pre>
   */
  static void addFields(TypeSpec.Builder type, List<LayerPlan> plans) {
    for (ConvPoolPair pair : ConvPoolPair.inference(plans)) {
      type.addField(FieldSpec.builder(RuntimeTypes.CONV_POOL, kernel(pair), Modifier.PRIVATE,
          Modifier.FINAL)
          .addJavadoc("$L and $L fused for inference.\n", pair.conv().var(), pair.pool().var())
          .initializer("new $T($L)", RuntimeTypes.CONV_POOL, WindowConstants.arguments(pair))
          .build());
    }
  }

  /**
   * The methods to add: {@code infer}, one per fused pair and one per layer that computes
   * something else at inference ({@link LayerEmitter#infer}); none without either.
   */
  static List<MethodSpec> methods(List<LayerPlan> plans) {
    List<ConvPoolPair> pairs = ConvPoolPair.inference(plans);
    List<MethodSpec> layerMethods = new ArrayList<>();
    for (LayerPlan p : plans) {
      MethodSpec infer = LayerEmitter.of(p).infer(p);
      if (infer != null) {
        layerMethods.add(infer);
      }
    }
    if (pairs.isEmpty() && layerMethods.isEmpty()) {
      return List.of();
    }
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(infer(plans, pairs));
    for (ConvPoolPair pair : pairs) {
      methods.add(pairMethod(pair));
    }
    methods.addAll(layerMethods);
    return methods;
  }

  /** A layer's inference method, for a layer that has one: {@code dropInfer}. */
  static String layerMethodName(LayerPlan layer) {
    return LayerEmitter.of(layer).infer(layer) != null ? layer.var() + "Infer"
        : ForwardPassEmitter.methodName(layer);
  }

  /**
   * {@code private void dropInfer(int batch)} with its Javadoc, for an emitter to fill (the
   * first layer's also takes {@code x, xOff}).
   */
  static MethodSpec.Builder methodShell(LayerPlan layer, String what) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(layer.var() + "Infer")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L for inference ($L): $L, $L -> $L.\n", layer.var(), what,
            layer.spec().source(), layer.spec().input(), layer.spec().output());
    return ForwardPassEmitter.addInputParameters(m, layer);
  }

  /**
   * <pre>ensureCapacity(batch); convInfer(x, xOff, batch); hiddenForward(batch); ...
   * return outputOut;</pre>
   */
  private static MethodSpec infer(List<LayerPlan> plans, List<ConvPoolPair> pairs) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("infer").addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED).returns(float[].class)
        .addParameter(float[].class, "x").addParameter(int.class, "xOff")
        .addParameter(int.class, "batch")
        .addStatement("ensureCapacity(batch)");
    return ForwardPassEmitter.callLayers(m, plans, pairs, InferencePassEmitter::methodName,
        InferencePassEmitter::layerMethodName, false).build();
  }

  /**
   * <pre>convInference.forward(x, xOff, convKernel.value, convBias.value, true, poolOut, batch);</pre>
   */
  private static MethodSpec pairMethod(ConvPoolPair pair) {
    LayerPlan conv = pair.conv();
    LayerPlan pool = pair.pool();
    MethodSpec.Builder m = MethodSpec.methodBuilder(methodName(pair))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L and $L for inference: $L -> $L, only the pooled output written.\n",
            conv.var(), pool.var(), conv.spec().input(), pool.spec().output());
    LayerPlan.Source in = conv.in();
    return ForwardPassEmitter.addInputParameters(m, conv)
        .addStatement("$N.forward($N, $N, $N.value, $L, $L, $N, batch)", kernel(pair),
            in.forwardArray(), in.forwardOffset(), ParameterEmitter.kernel(conv),
            ParameterEmitter.biasValue(conv), conv.spec().activation() == Activation.RELU,
            pool.out())
        .build();
  }
}
