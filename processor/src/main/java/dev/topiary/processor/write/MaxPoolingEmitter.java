package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.MaxPoolingSpec;
import dev.topiary.processor.model.Shape;
import javax.lang.model.element.Modifier;

/** Emits a {@code @MaxPooling2D} layer; the forward pass records each window's winner for the backward. */
final class MaxPoolingEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int POOL_IN_H = 26; ... static final int POOL_OUT_SIZE = 5408;
    MaxPoolingSpec s = (MaxPoolingSpec) layer.spec();
    Shape in = s.input();
    int[] p = s.poolSize();
    int[] st = s.strides();
    Constants.add(type, layer.constant("IN_H"), in.dim(0));
    Constants.add(type, layer.constant("IN_W"), in.dim(1));
    Constants.add(type, layer.constant("CHANNELS"), in.dim(2));
    Constants.add(type, layer.constant("POOL_H"), p[0]);
    Constants.add(type, layer.constant("POOL_W"), p[1]);
    Constants.add(type, layer.constant("STRIDE_H"), st[0]);
    Constants.add(type, layer.constant("STRIDE_W"), st[1]);
    Constants.add(type, layer.constant("PAD_TOP"), s.padTop());
    Constants.add(type, layer.constant("PAD_LEFT"), s.padLeft());
    Constants.add(type, layer.constant("OUT_H"), s.output().dim(0));
    Constants.add(type, layer.constant("OUT_W"), s.output().dim(1));
    Constants.add(type, layer.constant("IN_SIZE"), in.size());
    Constants.add(type, layer.constant("OUT_SIZE"), s.output().size());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer pool = new LayerHandle("pool", "MaxPooling2D", POOL_OUT_H, POOL_OUT_W, POOL_CHANNELS);
    // private int[] poolArgmax;
    type.addField(FieldSpec.builder(RuntimeTypes.LAYER, layer.var(), Modifier.PRIVATE, Modifier.FINAL)
        .initializer("new $T($S, $S, $N, $N, $N)", RuntimeTypes.LAYER_HANDLE, layer.var(),
            "MaxPooling2D", layer.constant("OUT_H"), layer.constant("OUT_W"),
            layer.constant("CHANNELS")).build());
    type.addField(FieldSpec.builder(int[].class, argmax(layer), Modifier.PRIVATE)
        .addJavadoc("For each output of $L, the index of the input that won its window.\n",
            layer.var()).build());
    Buffers.addActivationFields(type, layer);
  }

  private static String argmax(LayerPlan layer) {
    return layer.var() + "Argmax";
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    // poolArgmax = new int[batch * POOL_OUT_SIZE]; poolOut = new float[batch * POOL_OUT_SIZE];
    return CodeBlock.builder()
        .addStatement("$N = new int[batch * $N]", argmax(layer), layer.constant("OUT_SIZE"))
        .add(Buffers.allocateActivations(layer, CodeBlock.of("$N", layer.constant("OUT_SIZE"))))
        .build();
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    // MaxPoolKernels.forward(convOut, 0, poolOut, poolArgmax, batch, POOL_IN_H, ...);
    LayerPlan.Source in = layer.in();
    return Buffers.forwardMethod(layer)
        .addStatement("$T.forward($N, $N, $N, $N, batch, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N, $N)",
            RuntimeTypes.MAX_POOL_KERNELS, in.forwardArray(), in.forwardOffset(), layer.out(),
            argmax(layer), layer.constant("IN_H"), layer.constant("IN_W"),
            layer.constant("CHANNELS"), layer.constant("POOL_H"), layer.constant("POOL_W"),
            layer.constant("STRIDE_H"), layer.constant("STRIDE_W"), layer.constant("PAD_TOP"),
            layer.constant("PAD_LEFT"), layer.constant("OUT_H"), layer.constant("OUT_W"))
        .build();
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    // MaxPoolKernels.backward(poolGrad, poolArgmax, convGrad, batch * POOL_OUT_SIZE, batch * POOL_IN_SIZE);
    if (!layer.needsInputGrad()) {
      return null;
    }
    if (layer.reluBackwardInPool()) {
      return null; // in the conv's training backward (ConvPoolForward)
    }
    return Buffers.backwardMethod(layer)
        .addStatement("$T.backward($N, $N, $N, batch * $N, batch * $N)", RuntimeTypes.MAX_POOL_KERNELS,
            layer.grad(), argmax(layer), layer.in().gradArray(), layer.constant("OUT_SIZE"),
            layer.constant("IN_SIZE"))
        .build();
  }
}
