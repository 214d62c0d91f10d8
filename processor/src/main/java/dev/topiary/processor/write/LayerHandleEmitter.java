package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The layer handles users see: the interface's layer methods, and the handle fields of the
 * layers without weights (Conv2D and Dense build theirs with their parameters).
 */
final class LayerHandleEmitter {
  private LayerHandleEmitter() {}

  /**
   * A handle with the layer's name, kind and output shape.
   * <pre>private final Layer pool = new LayerHandle("pool", "MaxPooling2D", POOL_OUT_H, POOL_OUT_W, POOL_CHANNELS);</pre>
   */
  static void addPlainHandle(TypeSpec.Builder type, LayerPlan layer, CodeBlock shape) {
    type.addField(FieldSpec.builder(RuntimeTypes.LAYER, layer.var(), Modifier.PRIVATE,
        Modifier.FINAL).initializer("new $T($S, $S, $L)", RuntimeTypes.LAYER_HANDLE, layer.var(),
            layer.spec().kind().annotation(), shape).build());
  }

  /** <pre>&#64;Override public Conv2DLayer conv() { return conv; }</pre> */
  static List<MethodSpec> accessors(List<LayerPlan> plans) {
    return plans.stream().map(p -> MethodSpec.methodBuilder(p.var())
        .addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
        .returns(RuntimeTypes.handle(p.spec().kind().handle()))
        .addStatement("return $N", p.var()).build()).toList();
  }
}
