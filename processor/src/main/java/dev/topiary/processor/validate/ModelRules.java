package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.ANNOTATION_WITHOUT_LAYER;
import static dev.topiary.processor.validate.DiagnosticCode.GENERATED_NAME_TAKEN;
import static dev.topiary.processor.validate.DiagnosticCode.GENERIC_MODEL;
import static dev.topiary.processor.validate.DiagnosticCode.INHERITED_ABSTRACT_METHOD;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_INPUT;
import static dev.topiary.processor.validate.DiagnosticCode.MISSING_LAYER_ANNOTATION;
import static dev.topiary.processor.validate.DiagnosticCode.NOT_AN_INTERFACE;
import static dev.topiary.processor.validate.DiagnosticCode.NOT_A_NETWORK;
import static dev.topiary.processor.validate.DiagnosticCode.NO_LAYERS;
import static dev.topiary.processor.validate.DiagnosticCode.PRIVATE_MODEL;
import static dev.topiary.processor.validate.DiagnosticCode.TENSOR_TOO_LARGE;

import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.ModelSpec.Stray;
import dev.topiary.processor.model.ModelSpec.TypeProblem;
import dev.topiary.processor.model.Shape;
import dev.topiary.processor.model.ShapeInference;

/**
 * Checks the model type itself: an interface, not generic or private, a Network, a free generated
 * name, a valid input, some layers, and no abstract method that is not a layer.
 */
final class ModelRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    String name = model.simpleName();
    for (TypeProblem p : model.problems()) {
      switch (p.kind()) {
        case NOT_AN_INTERFACE -> report.add(NOT_AN_INTERFACE, p.origin(),
            Messages.notAnInterface(name, p.detail()));
        case GENERIC -> report.add(GENERIC_MODEL, p.origin(),
            Messages.genericModel(name, p.detail()));
        case PRIVATE -> report.add(PRIVATE_MODEL, p.origin(),
            Messages.privateModel(name, p.detail()));
        case NOT_A_NETWORK -> report.add(NOT_A_NETWORK, p.origin(), Messages.notANetwork(name));
        case NAME_TAKEN -> report.add(GENERATED_NAME_TAKEN, p.origin(),
            Messages.generatedNameTaken(name, qualified(model), p.detail()));
        case NAME_TAKEN_BY_MODEL -> report.add(GENERATED_NAME_TAKEN, p.origin(),
            Messages.generatedNameTakenByModel(name, qualified(model), p.detail()));
        default -> throw new IllegalStateException("unhandled " + p.kind());
      }
    }
    if (model.has(TypeProblem.Kind.NOT_AN_INTERFACE)) {
      return; // its fix, an interface extending Network, starts the model over
    }
    checkInput(model, report);
    boolean strayLayers = false; // methods that look like layers but are not declared as ones
    for (Stray stray : model.strays()) {
      switch (stray.kind()) {
        case NO_LAYER_ANNOTATION -> {
          strayLayers = true;
          report.add(MISSING_LAYER_ANNOTATION, stray.origin(),
              Messages.missingLayerAnnotation(stray.name(), stray.detail()));
        }
        case ANNOTATION_WITHOUT_LAYER -> report.add(ANNOTATION_WITHOUT_LAYER, stray.origin(),
            Messages.annotationWithoutLayer(stray.name(), stray.detail()));
        case INHERITED -> {
          strayLayers = true;
          report.add(INHERITED_ABSTRACT_METHOD, stray.origin(),
              Messages.inheritedAbstractMethod(name, stray.name(), stray.detail()));
        }
        default -> throw new IllegalStateException("unhandled " + stray.kind());
      }
    }
    if (model.layers().isEmpty() && !strayLayers) { // else that error says it all
      report.add(NO_LAYERS, model.origin(), Messages.noLayers(name));
    }
  }

  private static void checkInput(ModelSpec model, Report report) {
    int[] input = model.input();
    String name = model.simpleName();
    if (input.length < 1 || input.length > 3) {
      report.add(INVALID_INPUT, model.inputOrigin(), Messages.inputRank(name, input));
      return;
    }
    for (int i = 0; i < input.length; i++) {
      if (input[i] <= 0) { // one error for the input, on its first wrong value
        report.add(INVALID_INPUT, model.inputDimOrigins().get(i),
            Messages.inputDimension(name, input, i));
        return;
      }
    }
    Shape shape = model.inputShape();
    if (!ShapeInference.fits(shape)) {
      report.add(TENSOR_TOO_LARGE, model.inputOrigin(),
          Messages.inputTooLarge(name, shape.toString(), shape.size()));
    }
  }

  private static String qualified(ModelSpec model) {
    return model.packageName().isEmpty() ? model.generatedName()
        : model.packageName() + "." + model.generatedName();
  }
}
