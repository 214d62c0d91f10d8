package dev.topiary.processor.validate;

import dev.topiary.processor.model.ShapeInference;
import java.util.Locale;

/**
 * The wording of every diagnostic, in one place. Each reads
 * {@code <where>: <what is wrong>; expected <x>, found <y>; <fix>}.
 */
public final class Messages {
  /** Every layer annotation, in {@code LayerKind}'s order: the list can never go stale. */
  private static final String LAYER_ANNOTATIONS = layerAnnotations();

  private Messages() {}

  static String notAnInterface(String model, String kind) {
    String found = switch (kind) {
      case "ABSTRACT_CLASS" -> "an abstract class";
      case "CLASS" -> "a class";
      case "ENUM" -> "an enum";
      case "ANNOTATION_TYPE" -> "an annotation type";
      case "RECORD" -> "a record";
      default -> "a " + kind.toLowerCase(Locale.ROOT).replace('_', ' ');
    };
    return model + ": @Model must be on an interface; expected an interface extending Network, "
        + "found " + found + "; declare it as 'interface " + model + " extends Network' with one "
        + "abstract method per layer";
  }

  static String genericModel(String model, String typeParameters) {
    return model + ": a model cannot have type parameters; expected a plain interface, found "
        + model + "<" + typeParameters + ">; remove the type parameters";
  }

  static String privateModel(String model, String privateType) {
    String where = privateType.equals(model.substring(model.lastIndexOf('.') + 1))
        ? "private interface " + privateType : "it inside private type " + privateType;
    return model + ": the generated class implements the model from its package; expected a "
        + "model visible in its package, found " + where + "; remove 'private' from "
        + privateType;
  }

  static String notANetwork(String model) {
    return model + ": a model interface must extend dev.topiary.runtime.Network; expected "
        + "'extends Network', found none; add 'extends Network' (and topiary-runtime to the "
        + "dependencies)";
  }

  static String generatedNameTaken(String model, String generated, String type) {
    return nameTaken(model, generated, "type " + type);
  }

  static String generatedNameTakenByModel(String model, String generated, String other) {
    return nameTaken(model, generated, "the class generated for model " + other);
  }

  private static String nameTaken(String model, String generated, String found) {
    return model + ": the generated class " + generated + " would clash with an existing name; "
        + "expected no other type named " + generated + ", found " + found + "; rename the model "
        + "or the other type";
  }

  static String inputRank(String model, int[] input) {
    return model + ": @Model(input) is {height, width, channels}, {steps, channels} or "
        + "{features}; expected 3, 2 or 1 values, found " + input.length + ": " + braces(input) + "; e.g. input = {28, 28, 1}";
  }

  static String inputDimension(String model, int[] input, int index) {
    return model + ": input dimension " + input[index] + " is not a size; expected every "
        + "dimension > 0, found " + braces(input) + "; e.g. input = {28, 28, 1}";
  }

  static String noLayers(String model) {
    return model + ": a model needs at least one layer; expected abstract methods annotated "
        + "with " + LAYER_ANNOTATIONS + ", found none; add a layer method";
  }

  static String inheritedAbstractMethod(String model, String method, String owner) {
    return model + ": abstract method " + method + "() inherited from " + owner + " would have "
        + "no implementation; expected every abstract method declared in " + model + " itself, "
        + "found one in " + owner + "; redeclare " + method + "() in " + model + " with its layer "
        + "annotation, or give it a default body";
  }

  static String missingLayerAnnotation(String method, String found) {
    return method + "(): an abstract method of a model must be a layer; expected a layer "
        + "annotation (" + LAYER_ANNOTATIONS + "), found " + (found.isEmpty() ? "none" : "only "
        + found) + "; annotate it or give it a default body";
  }

  /** The layers with a kernel, as messages name them. */
  private static final String WEIGHTED = "@Conv2D, @Dense, @DepthwiseConv2D, @SeparableConv2D or "
      + "@Conv1D";

  static String annotationWithoutLayer(String method, String annotation) {
    return method + "(): @" + annotation + " applies to a layer; expected an abstract method "
        + "with " + WEIGHTED + " beside it, found a method with a body and no layer annotation; "
        + "move @" + annotation + " to a layer method or remove it";
  }

  static String layerWithoutWeights(String layer, String kind, String annotation) {
    return layer + ": @" + annotation + " acts on a kernel, but @" + kind + " has none; "
        + "expected " + WEIGHTED + ", found @" + kind + "; remove @" + annotation;
  }

  static String twoLayerAnnotations(String layer, String first, String second) {
    return layer + ": one method declares one layer; expected one layer annotation, found @"
        + first + " and @" + second + "; declare a second method for @" + second;
  }

  static String layerMethodParameters(String layer, int count) {
    return layer + ": a layer method takes no parameters; expected (), found " + count
        + " parameter" + (count == 1 ? "" : "s") + "; remove them";
  }

  static String layerMethodNotAbstract(String layer) {
    return layer + ": a layer method is implemented by the generated class; expected an abstract "
        + "method, found a method with a body (default, static or private); remove the body and "
        + "the modifier";
  }

  static String wrongReturnType(String layer, String kind, String expected, String found) {
    return layer + ": a @" + kind + " method returns its handle; expected " + expected
        + ", found " + found + "; change the return type to " + simple(expected);
  }

  static String layerNameTaken(String layer) {
    return layer + ": the generated class already uses the name " + layer + " itself (every "
        + "generated network has it); expected a layer name whose generated members are unique, "
        + "found " + layer + "; rename the method";
  }

  static String layerNameClash(String layer, String member, String other) {
    return layer + ": the generated class already uses the name " + member + " for layer "
        + other + "'s members; expected a layer name whose generated members are unique, found "
        + layer + "; rename the method";
  }

  static String needsImageInput(String layer, String kind, String found) {
    return layer + ": @" + kind + " works on images; expected an input of height x width x "
        + "channels, found " + found + "; move it before @Flatten or declare "
        + "input = {h, w, c}";
  }

  static String needsSequenceInput(String layer, String kind, String shape) {
    return layer + ": @" + kind + " works on sequences; expected an input of steps x channels, "
        + "found " + shape + "; declare @Model(input = {steps, channels}), or use the 2D layer "
        + "on images";
  }

  static String flattenOfVector(String layer, String shape) {
    return layer + ": @Flatten turns an image into a vector; expected an input of height x "
        + "width x channels, found a vector of " + shape + "; remove this @Flatten layer";
  }

  static String needsFlatInput(String layer, String shape) {
    return layer + ": @Dense takes a flat vector; expected a rank-1 input, found " + shape
        + "; add a @Flatten layer before it";
  }

  /** A kernel or pool size ({@code attribute} "value") larger than its input under VALID. */
  /** A 1D kernel or pool ({@code attribute} "value") longer than its input under VALID. */
  static String sequenceWindowTooLarge(String layer, String attribute, int window, String input,
      int steps) {
    String what = label(attribute);
    return layer + ": " + what + " " + window + " does not fit input " + input + " with padding "
        + "= VALID; expected at most " + steps + ", found " + window + "; use padding = SAME or a "
        + what + " of at most " + steps;
  }

  static String kernelTooLarge(String layer, String attribute, int[] window, String input,
      int maxH, int maxW) {
    String what = label(attribute);
    return layer + ": " + what + " " + window[0] + "x" + window[1] + " does not fit input "
        + input + " with padding = VALID; expected at most " + maxH + "x" + maxW + ", found "
        + window[0] + "x" + window[1] + "; use padding = SAME or a " + what + " of at most "
        + maxH + "x" + maxW;
  }

  /** A non-positive filters, units, kernel, strides or pool size ({@code attribute} "value"). */
  static String notPositive(String layer, String attribute, String found) {
    return layer + ": " + label(attribute) + " must be positive; expected values > 0, found "
        + found + "; write e.g. " + example(attribute);
  }

  /** A kernel, strides or pool size ({@code attribute} "value") without two values. */
  static String wrongArity(String layer, String attribute, int[] found) {
    return layer + ": " + label(attribute) + " is {height, width}; expected 2 values, found "
        + found.length + ": " + braces(found) + "; write e.g. " + example(attribute);
  }

  private static String label(String attribute) {
    return attribute.equals("value") ? "pool size" : attribute;
  }

  private static String example(String attribute) {
    return switch (attribute) {
      case "units" -> "units = 64";
      case "filters" -> "filters = 32";
      case "kernel" -> "kernel = {3, 3}";
      case "strides" -> "strides = {1, 1}";
      case "depthMultiplier" -> "depthMultiplier = 1";
      default -> "@MaxPooling2D({2, 2})";
    };
  }

  static String inputTooLarge(String model, String shape, long values) {
    return tooLarge(model, "input " + shape, values, "use a smaller input, e.g. a downscaled "
        + "image");
  }

  static String outputTooLarge(String layer, String size, String shape, long values) {
    return tooLarge(layer, "its output " + shape, values, "use fewer " + size + ", larger "
        + "strides or a pooling layer before it");
  }

  static String kernelArrayTooLarge(String layer, String size, long values) {
    return tooLarge(layer, "its kernel", values, "use fewer " + size + " or shrink its input "
        + "with pooling or strides");
  }

  static String patchesTooLarge(String layer, long values) {
    return tooLarge(layer, "its input patches (output positions x kernel area x input "
        + "channels)", values, "use a smaller kernel, larger strides or a pooling layer before "
        + "it");
  }

  private static String tooLarge(String where, String what, long values, String fix) {
    return where + ": a Java array cannot hold " + what + "; expected at most "
        + String.format("%,d", ShapeInference.MAX_VALUES) + " values, found "
        + String.format("%,d", values) + "; " + fix;
  }

  static String invalidL1(String layer, double value) {
    return layer + ": @L1 must be a finite, non-negative factor; expected a value >= 0, found "
        + value + "; use e.g. @L1(0.01)";
  }

  static String invalidLeakyAlpha(String layer, double value) {
    return layer + ": @LeakyReLU(alpha) is the slope for negative inputs and must be finite and "
        + "non-negative, as in Keras (a negative slope flips their sign); expected a value >= 0, "
        + "found " + value + "; use e.g. alpha = 0.3, Keras's default";
  }

  static String ineffectiveL1(String layer, double value) {
    return layer + ": @L1(" + value + ") " + (value == 0 ? "does nothing" : "drives every weight "
        + "to zero in practice") + "; expected a factor in (0, 1), found " + value + "; "
        + (value == 0 ? "remove @L1" : "use e.g. @L1(0.01)");
  }

  static String pruneSparsityRange(String layer, String attribute, double value) {
    return layer + ": @Prune(" + attribute + ") is a fraction of weights; expected a value in "
        + "[0, 1), found " + value + "; use e.g. " + attribute + " = 0.8";
  }

  static String pruneTargetBelowInitial(String layer, double initial, double target) {
    return layer + ": @Prune's sparsity only grows; expected target >= initial (" + initial
        + "), found target = " + target + "; raise target or lower initial";
  }

  static String pruneSteps(String layer, long begin, long end) {
    return layer + ": @Prune's schedule runs from beginStep to endStep; expected 0 <= beginStep < "
        + "endStep, found beginStep = " + begin + ", endStep = " + end + "; e.g. beginStep = 0, "
        + "endStep = 10_000";
  }

  static String pruneFrequency(String layer, int frequency) {
    return layer + ": @Prune(frequency) is the number of steps between mask updates; expected a "
        + "value > 0, found " + frequency + "; use e.g. frequency = 100";
  }

  static String pruneNeverUpdates(String layer, long begin, long end, int frequency) {
    return layer + ": @Prune's schedule never prunes: training steps count from 1 and the mask is "
        + "updated at steps beginStep + k * frequency up to endStep, so the first update would be "
        + "at step " + frequency + ", after endStep; expected frequency <= endStep - beginStep, "
        + "found beginStep = " + begin + ", endStep = " + end + ", frequency = " + frequency
        + "; use e.g. frequency = " + Math.max(1, (end - begin) / 10) + ", or a later endStep";
  }

  static String prunePower(String layer, double power) {
    return layer + ": @Prune(power) is the schedule's exponent; expected a finite value > 0, "
        + "found " + power + "; use e.g. power = 3";
  }

  static String nOfMGroups(String layer, String problem, String expected, String found,
      String fix) {
    return layer + ": @Prune(structure = N_OF_M) " + problem + "; expected " + expected
        + ", found " + found + "; " + fix;
  }

  static String lossNeedsSoftmax(String layer, String loss, String found) {
    return layer + ": loss " + loss + " reads class probabilities from the last layer; expected "
        + "a @Dense layer with activation = SOFTMAX, found " + found + "; end the model with "
        + "@Dense(units = <classes>, activation = SOFTMAX)";
  }

  static String lossNeedsSparsemax(String layer, String found) {
    return layer + ": loss SPARSEMAX is the sparsemax loss of a SPARSEMAX output; expected a "
        + "@Dense layer with activation = SPARSEMAX or a @Sparsemax layer last, found " + found
        + "; end the model with @Dense(units = <classes>, activation = SPARSEMAX)";
  }

  static String binaryCrossentropyNeedsSigmoid(String layer, String found) {
    return layer + ": loss BINARY_CROSSENTROPY reads one yes/no probability per output from the "
        + "logits of a sigmoid; expected a @Dense or @Conv2D layer with activation = SIGMOID last, "
        + "found " + found + "; end the model with @Dense(units = 1, activation = SIGMOID) (one "
        + "unit per label for multi-label)";
  }

  static String meanSquaredErrorOnProbabilities(String layer, String found) {
    return layer + ": loss MEAN_SQUARED_ERROR over " + found + " fits outputs that must sum to 1, "
        + "and its gradient fades as they saturate; expected LINEAR (or SIGMOID, TANH for bounded "
        + "targets) for regression, found " + found + "; use activation = LINEAR for regression, "
        + "or loss = SPARSE_CATEGORICAL_CROSSENTROPY for classes";
  }

  static String classLossOnSigmoid(String layer, String loss) {
    return layer + ": loss " + loss + " reads one class per example from the last layer, and "
        + "SIGMOID gives an independent yes/no probability per output; expected activation = "
        + (loss.equals("SPARSEMAX") ? "SPARSEMAX" : "SOFTMAX") + ", found activation = SIGMOID; "
        + "use that activation, or @Model(loss = Loss.BINARY_CROSSENTROPY) for yes/no outputs";
  }

  static String invalidActivityL1(String layer, double value) {
    return layer + ": @ActivityL1 must be a finite, non-negative factor; expected a value >= 0, "
        + "found " + value + "; use e.g. @ActivityL1(1e-5)";
  }

  static String activityL1OnFlatten(String layer) {
    return layer + ": @ActivityL1 regularizes a layer's own output, and @Flatten only reshapes its "
        + "input; expected it on the layer before, found it on @Flatten; move it to that layer";
  }

  static String hiddenSoftmax(String layer) {
    return layer + ": SOFTMAX on a hidden layer squashes its outputs to sum to 1, which is rarely "
        + "meant; expected RELU or LINEAR on hidden layers, found SOFTMAX; use RELU";
  }

  public static String unknownOption(String option, String known) {
    return "-A" + option + " is not a Topiary option; expected one of " + known + ", found "
        + option + "; check the spelling";
  }

  public static String internalError(String model, Throwable e) {
    return model + ": internal error in Topiary while processing this model: " + e
        + "; please report it with this model and the trace below";
  }

  /** {@code {28, 28, 1}}, as the value is written in the annotation. */
  static String braces(int[] values) {
    StringBuilder s = new StringBuilder("{");
    for (int i = 0; i < values.length; i++) {
      s.append(i == 0 ? "" : ", ").append(values[i]);
    }
    return s.append('}').toString();
  }

  private static String simple(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }

  private static String layerAnnotations() {
    dev.topiary.architecture.LayerKind[] kinds = dev.topiary.architecture.LayerKind.values();
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < kinds.length; i++) {
      s.append(i == 0 ? "" : i == kinds.length - 1 ? " or " : ", ").append('@')
          .append(kinds[i].annotation());
    }
    return s.toString();
  }
}
