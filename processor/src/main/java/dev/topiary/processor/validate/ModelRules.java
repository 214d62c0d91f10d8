package dev.topiary.processor.validate;

import static dev.topiary.processor.validate.DiagnosticCode.GENERIC_MODEL;
import static dev.topiary.processor.validate.DiagnosticCode.INVALID_INPUT;
import static dev.topiary.processor.validate.DiagnosticCode.LAYER_WITHOUT_WEIGHTS;
import static dev.topiary.processor.validate.DiagnosticCode.MISSING_LAYER_ANNOTATION;
import static dev.topiary.processor.validate.DiagnosticCode.NOT_AN_INTERFACE;
import static dev.topiary.processor.validate.DiagnosticCode.NOT_A_NETWORK;
import static dev.topiary.processor.validate.DiagnosticCode.NO_LAYERS;
import static dev.topiary.processor.validate.DiagnosticCode.PRIVATE_MODEL;

import dev.topiary.processor.model.ModelSpec;
import dev.topiary.processor.model.ModelSpec.Stray;
import dev.topiary.processor.model.ModelSpec.TypeProblem;
import dev.topiary.processor.model.ShapeInference;

/** Checks the model type itself: an interface, not generic or private, a Network, a valid input, some layers. */
final class ModelRules implements Rule {
  @Override
  public void check(ModelSpec model, Report report) {
    String name = model.simpleName();
    for (TypeProblem problem : model.problems()) {
      switch (problem) {
        case NOT_AN_INTERFACE -> report.add(NOT_AN_INTERFACE, model.origin(),
            Messages.notAnInterface(name, "a class or other type"));
        case GENERIC -> report.add(GENERIC_MODEL, model.origin(), Messages.genericModel(name));
        case PRIVATE -> report.add(PRIVATE_MODEL, model.origin(), Messages.privateModel(name));
        case NOT_A_NETWORK -> report.add(NOT_A_NETWORK, model.origin(), Messages.notANetwork(name));
        default -> throw new IllegalStateException("unhandled " + problem);
      }
    }
    int[] input = model.input();
    if (!ShapeInference.positiveAll(input) || (input.length != 1 && input.length != 3)) {
      report.add(INVALID_INPUT, model.inputOrigin(), Messages.invalidInput(name, input));
    }
    if (model.layers().isEmpty() && !model.problems().contains(TypeProblem.NOT_AN_INTERFACE)) {
      report.add(NO_LAYERS, model.origin(), Messages.noLayers(name));
    }
    for (Stray stray : model.strays()) {
      if (stray.annotation() == null) {
        report.add(MISSING_LAYER_ANNOTATION, stray.origin(),
            Messages.missingLayerAnnotation(stray.name()));
      } else {
        report.add(LAYER_WITHOUT_WEIGHTS, stray.origin(),
            Messages.annotationWithoutLayer(stray.name(), stray.annotation()));
      }
    }
  }
}
