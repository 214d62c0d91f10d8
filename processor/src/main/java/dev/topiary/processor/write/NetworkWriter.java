package dev.topiary.processor.write;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.ModelSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes the network class for a valid model: plans where each layer's data lives
 * ({@link LayerPlan}), then asks each emitter for its members, in the order the class declares
 * them. Each emitter's name says what it emits.
 */
public final class NetworkWriter {
  /** The processor's name in {@code @Generated}. */
  public static final String PROCESSOR = "dev.topiary.processor.TopiaryProcessor";

  /** The marker of generated sources, where the compilation has it. */
  public static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private NetworkWriter() {}

  /** The Java file of {@code model}'s generated network, marked {@code @Generated}. */
  public static JavaFile write(ModelSpec model) {
    return write(model, true);
  }

  /**
   * The Java file of {@code model}'s generated network.
   *
   * @param generatedAnnotation whether to mark it {@code @javax.annotation.processing.Generated}:
   *     only when the user's compilation can resolve that type (Android's class library, or
   *     {@code --limit-modules java.base}, has no {@code java.compiler} module)
   */
  public static JavaFile write(ModelSpec model, boolean generatedAnnotation) {
    List<LayerPlan> plans = LayerPlan.of(model);
    ClassName self = ClassName.get(model.packageName(), model.generatedName());
    TypeSpec.Builder type = TypeSpec.classBuilder(self)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addOriginatingElement(model.origin().element()) // isolating: one source per model
        .superclass(RuntimeTypes.GENERATED_NETWORK)
        .addSuperinterface(ClassName.get(model.packageName(), model.interfaceName()))
        .addJavadoc("The network declared by {@link $L}, specialised for its shapes.\n",
            model.interfaceName());
    if (generatedAnnotation) {
      type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", PROCESSOR)
          .build());
    }
    addFields(type, model, plans);
    type.addMethod(ConstructorEmitter.constructor(model, plans));
    type.addMethods(EntryPointEmitter.loaders(self));
    type.addMethods(LayerHandleEmitter.accessors(plans));
    type.addMethod(BufferEmitter.allocate(plans));
    type.addMethod(BufferEmitter.activations(plans));
    type.addMethod(KernelPreparationEmitter.prepareKernels(plans));
    type.addMethod(ForwardPassEmitter.forward(plans));
    type.addMethod(BackwardPassEmitter.backward(plans));
    type.addMethod(BackwardPassEmitter.lossSum(plans));
    type.addMethods(InferencePassEmitter.methods(plans));
    type.addMethods(ConvPoolEmitter.methods(plans));
    type.addMethods(ForwardPassEmitter.layerMethods(plans));
    type.addMethods(BackwardPassEmitter.layerMethods(plans));
    return JavaFile.builder(model.packageName(), type.build())
        .addFileComment(HeaderComment.of(model))
        .skipJavaLangImports(true)
        .indent("  ")
        .build();
  }

  /** Constants first, then each layer's fields, the fused kernels and the kept input. */
  private static void addFields(TypeSpec.Builder type, ModelSpec model, List<LayerPlan> plans) {
    ModelConstantsEmitter.addConstants(type, model);
    for (LayerPlan p : plans) {
      LayerEmitter.of(p).addConstants(type, p);
    }
    for (LayerPlan p : plans) {
      LayerEmitter.of(p).addFields(type, p);
      ActivityPenaltyEmitter.addConstant(type, p);
    }
    InferencePassEmitter.addFields(type, plans);
    ConvPoolEmitter.addFields(type, plans);
    ForwardPassEmitter.addFields(type);
  }
}
