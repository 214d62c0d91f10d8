package dev.topiary.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.Activation;
import dev.topiary.processor.model.LayerKind;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The inference-only forward pass, {@code infer}, that prediction and evaluation run: where a
 * Conv2D with ReLU or no activation feeds a MaxPooling2D, the two run fused
 * ({@code ConvPool}: no patches, no conv activations, no argmax, only the pooled output); other
 * layers run their training forward methods. Written only for models with such a pair; the
 * others inherit {@code infer}, which calls {@code forward}.
 */
final class Inference {
  private Inference() {}

  /** Whether {@code conv} and the layer after it run fused. */
  static boolean fused(LayerPlan conv, LayerPlan next) {
    Activation a = conv.spec().activation();
    return conv.spec().kind() == LayerKind.CONV2D && next != null
        && next.spec().kind() == LayerKind.MAX_POOLING2D
        && (a == Activation.RELU || a == Activation.LINEAR);
  }

  private static boolean anyFused(List<LayerPlan> plans) {
    for (int i = 0; i + 1 < plans.size(); i++) {
      if (fused(plans.get(i), plans.get(i + 1))) {
        return true;
      }
    }
    return false;
  }

  /** The fused kernel's field: {@code convInference}. */
  static String kernel(LayerPlan conv) {
    return conv.var() + "Inference";
  }

  /**
   * The fused kernels, one per fused pair.
   * <pre>private final ConvPool convInference = new ConvPool(CONV_IN_H, ..., POOL_OUT_W);</pre>
   */
  static void addFields(TypeSpec.Builder type, List<LayerPlan> plans) {
    for (int i = 0; i + 1 < plans.size(); i++) {
      LayerPlan conv = plans.get(i);
      LayerPlan pool = plans.get(i + 1);
      if (!fused(conv, pool)) {
        continue;
      }
      type.addField(FieldSpec.builder(RuntimeTypes.CONV_POOL, kernel(conv), Modifier.PRIVATE,
          Modifier.FINAL)
          .addJavadoc("$L and $L fused for inference.\n", conv.var(), pool.var())
          .initializer("new $T($L)", RuntimeTypes.CONV_POOL, ConvPoolForward.geometry(conv, pool))
          .build());
    }
  }

  /** The methods to add: {@code infer} and one per fused pair; none without a fused pair. */
  static List<MethodSpec> methods(List<LayerPlan> plans) {
    if (!anyFused(plans)) {
      return List.of();
    }
    List<MethodSpec> methods = new ArrayList<>();
    methods.add(infer(plans));
    for (int i = 0; i + 1 < plans.size(); i++) {
      if (fused(plans.get(i), plans.get(i + 1))) {
        methods.add(fusedMethod(plans.get(i), plans.get(i + 1)));
      }
    }
    return methods;
  }

  /**
   * <pre>ensureCapacity(batch); convInfer(x, xOff, batch); hiddenForward(batch); ...
   * return outputOut;</pre>
   */
  private static MethodSpec infer(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("infer").addAnnotation(Override.class)
        .addModifiers(Modifier.PROTECTED).returns(float[].class)
        .addParameter(float[].class, "x").addParameter(int.class, "xOff")
        .addParameter(int.class, "batch")
        .addStatement("ensureCapacity(batch)");
    LayerPlan lastWithOutput = null;
    for (int i = 0; i < plans.size(); i++) {
      LayerPlan p = plans.get(i);
      if (p.spec().kind() == LayerKind.FLATTEN) {
        continue;
      }
      boolean fused = i + 1 < plans.size() && fused(p, plans.get(i + 1));
      String method = fused ? p.var() + "Infer" : p.var() + "Forward";
      if (p.in() == LayerPlan.Source.NETWORK_INPUT) {
        m.addStatement("$N(x, xOff, batch)", method);
      } else {
        m.addStatement("$N(batch)", method);
      }
      if (fused) {
        i++; // the pool ran fused
        lastWithOutput = plans.get(i);
      } else {
        lastWithOutput = p;
      }
    }
    return m.addStatement("return $N", lastWithOutput.out()).build();
  }

  /**
   * <pre>convInference.forward(x, xOff, convKernel.value, convBias.value, true, poolOut, batch);</pre>
   */
  private static MethodSpec fusedMethod(LayerPlan conv, LayerPlan pool) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(conv.var() + "Infer")
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L and $L for inference: $L -> $L, only the pooled output written.\n",
            conv.var(), pool.var(), conv.spec().input(), pool.spec().output());
    LayerPlan.Source in = conv.in();
    if (in == LayerPlan.Source.NETWORK_INPUT) {
      m.addParameter(float[].class, "x").addParameter(int.class, "xOff");
    }
    return m.addParameter(int.class, "batch")
        .addStatement("$N.forward($N, $N, $N.value, $L, $L, $N, batch)", kernel(conv),
            in.forwardArray(), in.forwardOffset(), Weights.kernel(conv), Weights.biasValue(conv),
            conv.spec().activation() == Activation.RELU, pool.out())
        .build();
  }
}
