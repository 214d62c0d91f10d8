package dev.topiary.processor.validate;

import java.util.Arrays;

/**
 * The wording of every diagnostic, in one place. Each reads
 * {@code <where>: <what is wrong>; expected <x>, found <y>; <fix>}.
 */
public final class Messages {
  private Messages() {}

  static String notAnInterface(String model, String kind) {
    return model + ": @Model must be on an interface; expected an interface extending Network, "
        + "found " + kind + "; declare the model as 'interface " + model + " extends Network'";
  }

  static String genericModel(String model) {
    return model + ": a model cannot have type parameters; expected a plain interface, found a "
        + "generic one; remove the type parameters";
  }

  static String privateModel(String model) {
    return model + ": the generated class must implement the model from its package; expected a "
        + "non-private interface, found a private one; make it package-private or public";
  }

  static String notANetwork(String model) {
    return model + ": a model interface must extend dev.topiary.runtime.Network; expected "
        + "'extends Network', found none; add 'extends Network' (and topiary-runtime to the "
        + "dependencies)";
  }

  static String invalidInput(String model, int[] input) {
    return model + ": @Model(input) must be {height, width, channels} or {features}, each "
        + "positive; expected 1 or 3 positive values, found " + Arrays.toString(input)
        + "; e.g. input = {28, 28, 1}";
  }

  static String noLayers(String model) {
    return model + ": a model needs at least one layer; expected abstract methods annotated "
        + "with @Conv2D, @MaxPooling2D, @Flatten or @Dense, found none; add a layer method";
  }

  static String missingLayerAnnotation(String method) {
    return method + "(): an abstract method of a model must be a layer; expected a layer "
        + "annotation (@Conv2D, @MaxPooling2D, @Flatten, @Dense), found none; annotate it or give "
        + "it a default body";
  }

  static String annotationWithoutLayer(String method, String annotation) {
    return method + ": @" + annotation + " applies to a layer; expected a layer annotation beside "
        + "it, found none; add @Dense or @Conv2D, or remove @" + annotation;
  }

  static String layerWithoutWeights(String layer, String kind, String annotation) {
    return layer + ": @" + annotation + " regularizes a kernel, but @" + kind + " has none; "
        + "expected @Conv2D or @Dense, found @" + kind + "; remove @" + annotation;
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
        + "method, found a default or static one; remove the body";
  }

  static String wrongReturnType(String layer, String kind, String expected, String found) {
    return layer + ": a @" + kind + " method returns its handle; expected " + expected
        + ", found " + found + "; change the return type to " + simple(expected);
  }

  static String needsImageInput(String layer, String kind, String shape) {
    return layer + ": @" + kind + " works on images; expected an input of height x width x "
        + "channels, found " + shape + "; move it before @Flatten or declare input = {h, w, c}";
  }

  static String needsFlatInput(String layer, String shape) {
    return layer + ": @Dense takes a flat vector; expected a rank-1 input, found " + shape
        + "; add a @Flatten layer before it";
  }

  static String kernelTooLarge(String layer, String what, int[] window, String input, int maxH,
      int maxW) {
    return layer + ": " + what + " " + window[0] + "x" + window[1] + " does not fit input "
        + input + " with padding = VALID; expected at most " + maxH + "x" + maxW + ", found "
        + window[0] + "x" + window[1] + "; use padding = SAME or a " + what + " of at most "
        + maxH + "x" + maxW;
  }

  static String notPositive(String layer, String attribute, String found) {
    return layer + ": " + attribute + " must be positive; expected values > 0, found " + found
        + "; use a positive value";
  }

  static String wrongArity(String layer, String attribute, int[] found) {
    return layer + ": " + attribute + " is {height, width}; expected 2 values, found "
        + found.length + " " + Arrays.toString(found) + "; write e.g. " + attribute + " = {3, 3}";
  }

  static String invalidL1(String layer, double value) {
    return layer + ": @L1 must be a finite, non-negative factor; expected a value >= 0, found "
        + value + "; use e.g. @L1(0.01)";
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

  static String prunePower(String layer, double power) {
    return layer + ": @Prune(power) is the schedule's exponent; expected a value > 0, found "
        + power + "; use e.g. power = 3";
  }

  static String nOfMGroups(String layer, String problem, String expected, String found,
      String fix) {
    return layer + ": @Prune(structure = N_OF_M) " + problem + "; expected " + expected
        + ", found " + found + "; " + fix;
  }

  static String lossNeedsSoftmax(String layer, String loss, String activation) {
    return layer + ": loss " + loss + " reads class probabilities from the last layer; expected "
        + "a @Dense layer with activation = SOFTMAX, found " + activation + "; end the model with "
        + "@Dense(units = <classes>, activation = SOFTMAX)";
  }

  static String lossNeedsSparsemax(String layer, String found) {
    return layer + ": loss SPARSEMAX is the sparsemax loss of a SPARSEMAX output; expected a "
        + "@Dense layer with activation = SPARSEMAX or a @Sparsemax layer last, found " + found
        + "; end the model with @Dense(units = <classes>, activation = SPARSEMAX)";
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
        + "; please report it with this model";
  }

  private static String simple(String qualified) {
    return qualified.substring(qualified.lastIndexOf('.') + 1);
  }
}
