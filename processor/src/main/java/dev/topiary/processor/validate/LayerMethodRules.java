package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.LAYER_METHOD_NOT_ABSTRACT;
import static dev.topiary.processor.validate.DiagnosticCode.LAYER_METHOD_PARAMETERS;
import static dev.topiary.processor.validate.DiagnosticCode.LAYER_WITHOUT_WEIGHTS;
import static dev.topiary.processor.validate.DiagnosticCode.TWO_LAYER_ANNOTATIONS;
import static dev.topiary.processor.validate.DiagnosticCode.WRONG_RETURN_TYPE;

import dev.topiary.processor.model.LayerMethod;
import dev.topiary.processor.model.LayerSpec;
import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.Origin;

/**
 * Checks each layer method's form: abstract, no parameters, one layer annotation, the right
 * handle type, and {@code @L1}/{@code @Prune} only where there are weights.
 */
final class LayerMethodRules implements Rule {
  static final String RUNTIME = "dev.topiary.runtime.";

  @Override
  public void check(ModelSpec model, Report report) {
    for (LayerSpec layer : model.layers()) {
      LayerMethod method = layer.method();
      if (method.parameters() > 0) {
        report.add(LAYER_METHOD_PARAMETERS, layer.origin(LayerMethod.PARAMETERS),
            Messages.layerMethodParameters(layer.name(), method.parameters()));
      }
      if (!method.isAbstract()) {
        report.add(LAYER_METHOD_NOT_ABSTRACT, method.origin(),
            Messages.layerMethodNotAbstract(layer.name()));
      }
      for (Origin extra : method.extraLayerAnnotations()) {
        String second = extra.mirror().getAnnotationType().asElement().getSimpleName().toString();
        report.add(TWO_LAYER_ANNOTATIONS, extra, Messages.twoLayerAnnotations(layer.name(),
            layer.kind().annotation(), second));
      }
      String expected = RUNTIME + layer.kind().handle();
      // With two layer annotations the intended kind, and so the right handle, is unknown.
      if (!layer.ambiguous() && !method.returnType().equals(expected)) {
        report.add(WRONG_RETURN_TYPE, method.origin(), Messages.wrongReturnType(layer.name(),
            layer.kind().annotation(), expected, method.returnType()));
      }
      if (layer.isExplicit("@L1") && !layer.kind().weighted()) {
        report.add(LAYER_WITHOUT_WEIGHTS, layer.origin("@L1"),
            Messages.layerWithoutWeights(layer.name(), layer.kind().annotation(), "L1"));
      }
      if (layer.isExplicit("@Prune") && !layer.kind().weighted()) {
        report.add(LAYER_WITHOUT_WEIGHTS, layer.origin("@Prune"),
            Messages.layerWithoutWeights(layer.name(), layer.kind().annotation(), "Prune"));
      }
    }
  }
}
