package dev.topiary.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import javax.lang.model.element.Modifier;

/**
 * The training forward pass: {@code forward}, which keeps its input for the backward pass and
 * calls each layer's forward method in order (a conv+pool pair that trains fused through the
 * pair's method), and those per-layer methods.
 */
final class ForwardPassEmitter {
  private ForwardPassEmitter() {}

  /** The kept input: {@code input}, {@code inputOffset}, {@code inputBatch}. */
  static void addFields(TypeSpec.Builder type) {
    type.addField(FieldSpec.builder(float[].class, "input", Modifier.PRIVATE)
        .addJavadoc("The last forward pass's input, examples from {@code inputOffset} on.\n")
        .build());
    type.addField(int.class, "inputOffset", Modifier.PRIVATE);
    type.addField(int.class, "inputBatch", Modifier.PRIVATE);
  }

  /**
   * <pre>ensureCapacity(batch); input = x; ...; convTrainingForward(x, xOff, batch);
   * // flatten: ...; hiddenForward(batch); outputForward(batch); return outputOut;</pre>
   */
  static MethodSpec forward(List<LayerPlan> plans) {
    MethodSpec.Builder m = MethodSpec.methodBuilder("forward").addAnnotation(Override.class)
        .addModifiers(Modifier.PUBLIC).returns(float[].class)
        .addParameter(float[].class, "x").addParameter(int.class, "xOff")
        .addParameter(int.class, "batch")
        .addStatement("ensureCapacity(batch)");
    m.addStatement("input = x").addStatement("inputOffset = xOff")
        .addStatement("inputBatch = batch");
    return callLayers(m, plans, ConvPoolPair.training(plans), ConvPoolEmitter::forwardName,
        true).build();
  }

  /**
   * Calls each layer's forward method in order, and returns the last output; a pair of
   * {@code pairs} runs in one call to {@code pairMethod}. Flatten has no method: with
   * {@code commentFlatten} a comment stands in its place.
   */
  static MethodSpec.Builder callLayers(MethodSpec.Builder m, List<LayerPlan> plans,
      List<ConvPoolPair> pairs, Function<ConvPoolPair, String> pairMethod,
      boolean commentFlatten) {
    return callLayers(m, plans, pairs, pairMethod, ForwardPassEmitter::methodName,
        commentFlatten);
  }

  /** {@link #callLayers} calling {@code layerMethod}'s method for each layer outside a pair. */
  static MethodSpec.Builder callLayers(MethodSpec.Builder m, List<LayerPlan> plans,
      List<ConvPoolPair> pairs, Function<ConvPoolPair, String> pairMethod,
      Function<LayerPlan, String> layerMethod, boolean commentFlatten) {
    LayerPlan lastWithOutput = null;
    for (int i = 0; i < plans.size(); i++) {
      LayerPlan p = plans.get(i);
      if (p.spec().kind() == LayerKind.FLATTEN) {
        if (commentFlatten) {
          m.addComment("$N: the NHWC buffer already is the flat vector", p.var());
        }
        continue;
      }
      ConvPoolPair pair = ConvPoolPair.startingAt(pairs, p);
      call(m, p, pair != null ? pairMethod.apply(pair) : layerMethod.apply(p));
      if (pair != null) {
        i++; // the pooling ran in the pair's method
      }
      lastWithOutput = plans.get(i);
    }
    return m.addStatement("return $N", Objects.requireNonNull(lastWithOutput).out());
  }

  /** {@code method(x, xOff, batch)} for the first layer, else {@code method(batch)}. */
  static void call(MethodSpec.Builder m, LayerPlan first, String method) {
    if (first.in() == LayerPlan.Source.NETWORK_INPUT) {
      m.addStatement("$N(x, xOff, batch)", method);
    } else {
      m.addStatement("$N(batch)", method);
    }
  }

  /** The parameters of a method that reads {@code first}'s input: {@code (x, xOff,) batch}. */
  static MethodSpec.Builder addInputParameters(MethodSpec.Builder m, LayerPlan first) {
    if (first.in() == LayerPlan.Source.NETWORK_INPUT) {
      m.addParameter(float[].class, "x").addParameter(int.class, "xOff");
    }
    return m.addParameter(int.class, "batch");
  }

  /** A layer's forward method: {@code hiddenForward}. */
  static String methodName(LayerPlan layer) {
    return layer.var() + "Forward";
  }

  /**
   * {@code private void hiddenForward(int batch)} with its Javadoc, for an emitter to fill (the
   * first layer's also takes {@code x, xOff}).
   */
  static MethodSpec.Builder methodShell(LayerPlan layer) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(methodName(layer))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L: $L, $L -> $L.\n", layer.var(), layer.spec().source(),
            layer.spec().input(), layer.spec().output());
    return addInputParameters(m, layer);
  }

  /** Each layer's forward method, in order (Flatten has none). */
  static List<MethodSpec> layerMethods(List<LayerPlan> plans) {
    return plans.stream().map(p -> LayerEmitter.of(p).forward(p)).filter(Objects::nonNull)
        .toList();
  }
}
