package dev.topiary.processor.write;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The training passes of a Conv2D with ReLU and the MaxPooling2D after it, run image by image
 * ({@code ConvPoolTraining}) so that each image's conv activations and their gradient are used
 * while in cache: its kernel field, its forward method and its backward method. The forward
 * writes the same buffers and bits as the two layers' own forward methods, which still run when
 * the conv has a sparse kernel; the backward computes the pooling's, the ReLU's and the conv's
 * parameter gradients (the conv's own backward method then only computes its input gradient,
 * when one is needed). The pairs are {@link ConvPoolPair#training}'s.
 */
final class ConvPoolEmitter {
  private ConvPoolEmitter() {}

  /** The pair's kernel field: {@code convTraining}. */
  static String kernel(ConvPoolPair pair) {
    return pair.conv().var() + "Training";
  }

  /**
   * The pair's forward method: {@code convTrainingForward}, named after the kernel field, a name
   * no layer may take ({@code MemberNames}), so no layer's method can be named so either.
   */
  static String forwardName(ConvPoolPair pair) {
    return kernel(pair) + "Forward";
  }

  /** The pair's backward method: {@code convTrainingBackward}. */
  static String backwardName(ConvPoolPair pair) {
    return kernel(pair) + "Backward";
  }

  /** <pre>private final ConvPoolTraining convTraining = new ConvPoolTraining(CONV_IN_H, ..., POOL_OUT_W);</pre> */
  static void addFields(TypeSpec.Builder type, List<LayerPlan> plans) {
    for (ConvPoolPair pair : ConvPoolPair.training(plans)) {
      type.addField(FieldSpec.builder(RuntimeTypes.CONV_POOL_TRAINING, kernel(pair),
          Modifier.PRIVATE, Modifier.FINAL)
          .addJavadoc("$L and $L's training forward, image by image.\n", pair.conv().var(),
              pair.pool().var())
          .initializer("new $T($L)", RuntimeTypes.CONV_POOL_TRAINING,
              WindowConstants.arguments(pair))
          .build());
    }
  }

  /** Two methods per pair, forward and backward. */
  static List<MethodSpec> methods(List<LayerPlan> plans) {
    List<MethodSpec> methods = new ArrayList<>();
    for (ConvPoolPair pair : ConvPoolPair.training(plans)) {
      methods.add(forward(pair));
      methods.add(backward(pair));
    }
    return methods;
  }

  /**
   * <pre>if (convSparse != null) { convForward(x, xOff, batch); poolForward(batch); }
   * else { convTraining.forward(x, xOff, convKernel.value, convBias.value, convCols, convOut, poolOut, poolArgmax, batch); }</pre>
   */
  private static MethodSpec forward(ConvPoolPair pair) {
    LayerPlan conv = pair.conv();
    LayerPlan pool = pair.pool();
    MethodSpec.Builder m = MethodSpec.methodBuilder(forwardName(pair))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("$L and $L: $L -> $L, image by image while each image's activations are in "
            + "cache.\n", conv.var(), pool.var(), conv.spec().input(), pool.spec().output());
    ForwardPassEmitter.addInputParameters(m, conv)
        .beginControlFlow("if ($N != null)", KernelPreparationEmitter.sparse(conv));
    ForwardPassEmitter.call(m, conv, ForwardPassEmitter.methodName(conv));
    LayerPlan.Source in = conv.in();
    return m.addStatement("$N(batch)", ForwardPassEmitter.methodName(pool))
        .nextControlFlow("else")
        .addStatement("$N.forward($N, $N, $N.value, $L, $N, $N, $N, $N, batch)", kernel(pair),
            in.forwardArray(), in.forwardOffset(), ParameterEmitter.kernel(conv),
            ParameterEmitter.biasValue(conv), Conv2DEmitter.cols(conv), conv.out(), pool.out(),
            MaxPoolingEmitter.argmax(pool))
        .endControlFlow()
        .build();
  }

  /**
   * <pre>convTraining.backward(poolGrad, poolOut, poolArgmax, convCols, convGrad, convKernel.grad, convBias.grad, batch);</pre>
   */
  private static MethodSpec backward(ConvPoolPair pair) {
    LayerPlan conv = pair.conv();
    LayerPlan pool = pair.pool();
    return MethodSpec.methodBuilder(backwardName(pair))
        .addModifiers(Modifier.PRIVATE)
        .addJavadoc("Backward of $L and $L, image by image: from $N to $N and $L's kernel and bias "
            + "gradients.\n", pool.var(), conv.var(), pool.grad(), conv.grad(), conv.var())
        .addParameter(int.class, "batch")
        .addStatement("$N.backward($N, $N, $N, $N, $N, $N.grad, $L, batch)", kernel(pair),
            pool.grad(), pool.out(), MaxPoolingEmitter.argmax(pool), Conv2DEmitter.cols(conv),
            conv.grad(), ParameterEmitter.kernel(conv), ParameterEmitter.biasGrad(conv))
        .build();
  }
}
