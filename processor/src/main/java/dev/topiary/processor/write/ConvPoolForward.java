package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The training passes of a Conv2D with ReLU and the MaxPooling2D after it, run image by image
 * ({@code ConvPoolTraining}) so that each image's conv activations and their gradient are used
 * while in cache. The forward writes the same buffers and bits as the two layers' own forward
 * methods, which still run when the conv has a sparse kernel; the backward computes the
 * pooling's, the ReLU's and the conv's parameter gradients (the conv's own backward method then
 * only computes its input gradient, when one is needed). The pairs are those whose ReLU backward runs in the pooling's
 * backward ({@link LayerPlan#reluBackwardInPool}).
 */
final class ConvPoolForward {
  private ConvPoolForward() {}

  /** Whether {@code conv} starts a pair. */
  static boolean starts(LayerPlan conv) {
    return conv.reluBackwardInPool() && conv.spec().kind().weighted();
  }

  /** The pair's kernel field: {@code convTraining}. */
  static String kernel(LayerPlan conv) {
    return conv.var() + "Training";
  }

  /**
   * The pair's forward method: {@code convTrainingForward}, named after the kernel field, a name
   * no layer may take ({@code MemberNames}), so no layer's method can be named so either.
   */
  static String methodName(LayerPlan conv, LayerPlan pool) {
    return kernel(conv) + "Forward";
  }

  /** <pre>private final ConvPoolTraining convTraining = new ConvPoolTraining(CONV_IN_H, ..., POOL_OUT_W);</pre> */
  static void addFields(TypeSpec.Builder type, List<LayerPlan> plans) {
    for (int i = 0; i + 1 < plans.size(); i++) {
      LayerPlan conv = plans.get(i);
      LayerPlan pool = plans.get(i + 1);
      if (!starts(conv)) {
        continue;
      }
      type.addField(FieldSpec.builder(RuntimeTypes.CONV_POOL_TRAINING, kernel(conv), Modifier.PRIVATE,
          Modifier.FINAL)
          .addJavadoc("$L and $L's training forward, image by image.\n", conv.var(), pool.var())
          .initializer("new $T($L)", RuntimeTypes.CONV_POOL_TRAINING, geometry(conv, pool))
          .build());
    }
  }

  /**
   * The pair's geometry as the fused kernels' constructors take it, by the layers' constants:
   * <pre>CONV_IN_H, CONV_IN_W, ..., CONV_FILTERS, POOL_POOL_H, ..., POOL_OUT_W</pre>
   */
  static CodeBlock geometry(LayerPlan conv, LayerPlan pool) {
    return CodeBlock.of("$N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, "
        + "$N, $N", conv.constant("IN_H"), conv.constant("IN_W"), conv.constant("IN_C"),
        conv.constant("KERNEL_H"), conv.constant("KERNEL_W"), conv.constant("STRIDE_H"),
        conv.constant("STRIDE_W"), conv.constant("PAD_TOP"), conv.constant("PAD_LEFT"),
        conv.constant("OUT_H"), conv.constant("OUT_W"), conv.constant("FILTERS"),
        pool.constant("POOL_H"), pool.constant("POOL_W"), pool.constant("STRIDE_H"),
        pool.constant("STRIDE_W"), pool.constant("PAD_TOP"), pool.constant("PAD_LEFT"),
        pool.constant("OUT_H"), pool.constant("OUT_W"));
  }

  /** The pair's backward method: {@code convTrainingBackward}. */
  static String backwardName(LayerPlan conv) {
    return kernel(conv) + "Backward";
  }

  /** Two methods per pair, forward and backward. */
  static List<MethodSpec> methods(List<LayerPlan> plans) {
    List<MethodSpec> methods = new ArrayList<>();
    for (int i = 0; i + 1 < plans.size(); i++) {
      if (starts(plans.get(i))) {
        methods.add(method(plans.get(i), plans.get(i + 1)));
        methods.add(backward(plans.get(i), plans.get(i + 1)));
      }
    }
    return methods;
  }

  /**
   * <pre>convTraining.backward(poolGrad, poolOut, poolArgmax, convCols, convGrad, convKernel.grad, convBias.grad, batch);</pre>
   */
  private static MethodSpec backward(LayerPlan conv, LayerPlan pool) {
    return MethodSpec.methodBuilder(backwardName(conv))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backward of $L and $L, image by image: from $N to $N and $L's kernel and bias "
            + "gradients.\n", pool.var(), conv.var(), pool.grad(), conv.grad(), conv.var())
        .addParameter(int.class, "batch")
        .addStatement("$N.backward($N, $N, $N, $N, $N, $N.grad, $L, batch)", kernel(conv),
            pool.grad(), pool.out(), pool.var() + "Argmax", conv.var() + "Cols", conv.grad(),
            Weights.kernel(conv), Weights.biasGrad(conv))
        .build();
  }

  /**
   * <pre>if (convSparse != null) { convForward(x, xOff, batch); poolForward(batch); }
   * else { convTraining.forward(x, xOff, convKernel.value, convBias.value, convCols, convOut, poolOut, poolArgmax, batch); }</pre>
   */
  private static MethodSpec method(LayerPlan conv, LayerPlan pool) {
    MethodSpec.Builder m = MethodSpec.methodBuilder(methodName(conv, pool))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L and $L: $L -> $L, image by image while each image's activations are in "
            + "cache.\n", conv.var(), pool.var(), conv.spec().input(), pool.spec().output());
    LayerPlan.Source in = conv.in();
    boolean first = in == LayerPlan.Source.NETWORK_INPUT;
    if (first) {
      m.addParameter(float[].class, "x").addParameter(int.class, "xOff");
    }
    m.addParameter(int.class, "batch")
        .beginControlFlow("if ($N != null)", DenseEmitter.sparse(conv));
    if (first) {
      m.addStatement("$N(x, xOff, batch)", conv.var() + "Forward");
    } else {
      m.addStatement("$N(batch)", conv.var() + "Forward");
    }
    return m.addStatement("$N(batch)", pool.var() + "Forward")
        .nextControlFlow("else")
        .addStatement("$N.forward($N, $N, $N.value, $L, $N, $N, $N, $N, batch)", kernel(conv),
            in.forwardArray(), in.forwardOffset(), Weights.kernel(conv), Weights.biasValue(conv),
            conv.var() + "Cols", conv.out(), pool.out(), pool.var() + "Argmax")
        .endControlFlow()
        .build();
  }
}
