package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;

/**
 * Emits a {@code @Flatten} layer: only a constant and a handle, because an NHWC tensor is already
 * laid out as the flat vector; the next layer reads the previous layer's buffer directly.
 */
final class FlattenEmitter implements LayerEmitter {
  @Override
  public void addConstants(TypeSpec.Builder type, LayerPlan layer) {
    // static final int FLATTEN_OUT_SIZE = 5408;
    Constants.add(type, layer.constant("OUT_SIZE"), layer.spec().output().size());
  }

  @Override
  public void addFields(TypeSpec.Builder type, LayerPlan layer) {
    // private final Layer flatten = new LayerHandle("flatten", "Flatten", FLATTEN_OUT_SIZE);
    LayerHandleEmitter.addPlainHandle(type, layer, CodeBlock.of("$N", layer.constant("OUT_SIZE")));
  }

  @Override
  public CodeBlock init(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public CodeBlock allocate(LayerPlan layer) {
    return CodeBlock.of("");
  }

  @Override
  public MethodSpec forward(LayerPlan layer) {
    return null;
  }

  @Override
  public MethodSpec backward(LayerPlan layer) {
    return null;
  }
}
