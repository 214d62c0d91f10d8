package dev.topiary.processor;

import static com.google.common.truth.Truth.assertWithMessage;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.topiary.processor.ModelSources.OUTPUT;
import static dev.topiary.processor.ModelSources.file;
import static dev.topiary.processor.ModelSources.model;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import dev.topiary.processor.validate.DiagnosticCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One test per diagnostic code: the exact message, the file and the line it sits on. Every
 * model below has one mistake; they compile together once (fast), and {@link #oneDiagnosticPerFile}
 * proves that each mistake is reported once, without echoes in later layers.
 */
class DiagnosticsTest {
  private static Compilation shared;

  @BeforeAll
  static void compileAll() throws IllegalAccessException {
    shared = Compiler.javac().withProcessors(new TopiaryProcessor()).withOptions("-Xlint:all")
        .compile(modelFiles());
  }

  /** The static JavaFileObject fields below: one model with one mistake each. */
  private static List<JavaFileObject> modelFiles() throws IllegalAccessException {
    List<JavaFileObject> files = new ArrayList<>();
    for (Field f : DiagnosticsTest.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getType() == JavaFileObject.class) {
        files.add((JavaFileObject) f.get(null));
      }
    }
    return files;
  }

  @Test
  void oneDiagnosticPerFile() throws IllegalAccessException {
    List<JavaFileObject> files = modelFiles();
    for (JavaFileObject file : files) {
      List<String> found = shared.diagnostics().stream()
          .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
          .filter(d -> d.getSource() != null && d.getSource().toUri().equals(file.toUri()))
          .map(d -> d.getMessage(null)).toList();
      assertWithMessage("diagnostics in %s", file.getName()).that(found).hasSize(1);
    }
    // None elsewhere: in generated sources (those of the warning-only models) or without a file.
    Set<URI> models = files.stream().map(JavaFileObject::toUri).collect(Collectors.toSet());
    assertWithMessage("diagnostics outside the model files").that(shared.diagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE)
        .filter(d -> d.getSource() == null || !models.contains(d.getSource().toUri()))
        .map(d -> d.getMessage(null)).toList()).isEmpty();
  }

  // The model type

  static final JavaFileObject ABSTRACT_CLASS = file("AbstractNet", """
      @Model(input = {4})
      public abstract class AbstractNet implements Network {
        @Dense(units = 10, activation = SOFTMAX) public abstract DenseLayer output();
      }
      """);
  static final JavaFileObject ENUM = file("EnumNet", """
      @Model(input = {4})
      enum EnumNet { ONE }
      """);

  @Test
  @Covers(DiagnosticCode.NOT_AN_INTERFACE)
  void notAnInterface() {
    assertThat(shared).hadErrorContaining("[Topiary/NotAnInterface] AbstractNet: @Model must be "
        + "on an interface; expected an interface extending Network, found an abstract class; "
        + "declare it as 'interface AbstractNet extends Network' with one abstract method per "
        + "layer").inFile(ABSTRACT_CLASS).onLineContaining("class AbstractNet");
    assertThat(shared).hadErrorContaining("EnumNet: @Model must be on an interface; expected an "
        + "interface extending Network, found an enum;").inFile(ENUM)
        .onLineContaining("enum EnumNet");
  }

  static final JavaFileObject GENERIC = file("GenericNet", """
      @Model(input = {4})
      interface GenericNet<T> extends Network {
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.GENERIC_MODEL)
  void genericModel() {
    assertThat(shared).hadErrorContaining("[Topiary/GenericModel] GenericNet: a model cannot "
        + "have type parameters; expected a plain interface, found GenericNet<T>; remove the type "
        + "parameters").inFile(GENERIC).onLineContaining("interface GenericNet<T>");
  }

  static final JavaFileObject PRIVATE = file("PrivateHolder", """
      class PrivateHolder {
        @Model(input = {4})
        private interface Net extends Network {
          @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
        }
      }
      """);

  @Test
  @Covers(DiagnosticCode.PRIVATE_MODEL)
  void privateModel() {
    assertThat(shared).hadErrorContaining("[Topiary/PrivateModel] PrivateHolder.Net: the "
        + "generated class implements the model from its package; expected a model visible in "
        + "its package, found private interface Net; remove 'private' from Net")
        .inFile(PRIVATE).onLineContaining("private interface Net");
  }

  static final JavaFileObject NOT_A_NETWORK = file("Plain", """
      @Model(input = {4})
      interface Plain {
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.NOT_A_NETWORK)
  void notANetwork() {
    assertThat(shared).hadErrorContaining("[Topiary/NotANetwork] Plain: a model interface must "
        + "extend dev.topiary.runtime.Network; expected 'extends Network', found none; add "
        + "'extends Network' (and topiary-runtime to the dependencies)")
        .inFile(NOT_A_NETWORK).onLineContaining("interface Plain");
  }

  static final JavaFileObject NAME_TAKEN = file("Taken", """
      @Model(input = {4})
      interface Taken extends Network {
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }

      class TopiaryTaken {}
      """);
  static final JavaFileObject NAME_TAKEN_BY_MODEL = file("Clash", """
      class Clash {
        @Model(input = {4})
        interface Net extends Network {
          @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
        }
      }

      @Model(input = {4})
      interface Clash_Net extends Network {
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.GENERATED_NAME_TAKEN)
  void generatedNameTaken() {
    assertThat(shared).hadErrorContaining("[Topiary/GeneratedNameTaken] Taken: the generated "
        + "class test.TopiaryTaken would clash with an existing name; expected no other type "
        + "named test.TopiaryTaken, found type test.TopiaryTaken; rename the model or the other "
        + "type").inFile(NAME_TAKEN).onLineContaining("interface Taken");
    assertThat(shared).hadErrorContaining("Clash_Net: the generated class test.TopiaryClash_Net "
        + "would clash with an existing name; expected no other type named "
        + "test.TopiaryClash_Net, found the class generated for model test.Clash.Net;")
        .inFile(NAME_TAKEN_BY_MODEL).onLineContaining("interface Clash_Net");
  }

  static final JavaFileObject INPUT_RANK = model("RankFour", "28, 28, 1, 1", OUTPUT);
  static final JavaFileObject INPUT_ZERO = model("ZeroInput", "28, 0, 1",
      "@Flatten Layer flatten();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.INVALID_INPUT)
  void invalidInput() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidInput] RankFour: @Model(input) is "
        + "{height, width, channels}, {steps, channels} or {features}; expected 3, 2 or 1 values, "
        + "found 4: {28, 28, 1, 1}; e.g. input = {28, 28, 1}").inFile(INPUT_RANK)
        .onLineContaining("@Model");
    assertThat(shared).hadErrorContaining("[Topiary/InvalidInput] ZeroInput: input dimension 0 "
        + "is not a size; expected every dimension > 0, found {28, 0, 1}; e.g. input = "
        + "{28, 28, 1}").inFile(INPUT_ZERO).onLineContaining("@Model");
  }

  /** Every layer annotation, written out: a new layer kind must be added here too. */
  static final String LAYERS = "@Conv2D, @MaxPooling2D, @Flatten, @Dense, @ReLU, @LeakyReLU, "
      + "@Softmax, @Sparsemax, "
      + "@Dropout, @AveragePooling2D, @GlobalAveragePooling2D, @GlobalMaxPooling2D, "
      + "@BatchNormalization, @DepthwiseConv2D, @SeparableConv2D, @Conv1D, @MaxPooling1D, "
      + "@AveragePooling1D or @GlobalAveragePooling1D";

  static final JavaFileObject NO_LAYERS = model("Empty", "4");

  @Test
  @Covers(DiagnosticCode.NO_LAYERS)
  void noLayers() {
    assertThat(shared).hadErrorContaining("[Topiary/NoLayers] Empty: a model needs at least one "
        + "layer; expected abstract methods annotated with " + LAYERS
        + ", found none; add a layer method").inFile(NO_LAYERS)
        .onLineContaining("interface Empty");
  }

  static final JavaFileObject INHERITED = file("Inherits", """
      interface Base extends Network {
        @Dense(units = 8) DenseLayer hidden();
        String summary();
      }

      @Model(input = {4})
      interface Inherits extends Base {
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.INHERITED_ABSTRACT_METHOD)
  void inheritedAbstractMethod() {
    assertThat(shared).hadErrorContaining("[Topiary/InheritedAbstractMethod] Inherits: abstract "
        + "method hidden() inherited from test.Base would have no implementation; expected every "
        + "abstract method declared in Inherits itself, found one in test.Base; redeclare "
        + "hidden() in Inherits with its layer annotation, or give it a default body")
        .inFile(INHERITED).onLineContaining("interface Inherits");
  }

  // Layer methods

  static final JavaFileObject NO_ANNOTATION = model("Unannotated", "4",
      "DenseLayer hidden();", "int outputSize(); // redeclares Network's: not a layer", OUTPUT);
  static final JavaFileObject ONLY_L1 = model("OnlyL1", "4", "@L1(0.01) DenseLayer hidden();",
      OUTPUT);

  @Test
  @Covers(DiagnosticCode.MISSING_LAYER_ANNOTATION)
  void missingLayerAnnotation() {
    assertThat(shared).hadErrorContaining("[Topiary/MissingLayerAnnotation] hidden(): an "
        + "abstract method of a model must be a layer; expected a layer annotation (" + LAYERS
        + "), found none; "
        + "annotate it or give it a default body")
        .inFile(NO_ANNOTATION).onLineContaining("DenseLayer hidden()");
    assertThat(shared).hadErrorContaining("hidden(): an abstract method of a model must be a "
        + "layer; expected a layer annotation (" + LAYERS + "), found only @L1;").inFile(ONLY_L1).onLineContaining("DenseLayer hidden()");
  }

  static final JavaFileObject L1_ON_HELPER = model("Helper", "4",
      "@L1(0.01) default int helper() { return 1; }", OUTPUT);

  @Test
  @Covers(DiagnosticCode.ANNOTATION_WITHOUT_LAYER)
  void annotationWithoutLayer() {
    assertThat(shared).hadErrorContaining("[Topiary/AnnotationWithoutLayer] helper(): @L1 "
        + "applies to a layer; expected an abstract method with @Conv2D, @Dense, "
        + "@DepthwiseConv2D, @SeparableConv2D or @Conv1D beside it, found a method with a body and no layer annotation; move @L1 to a layer method or "
        + "remove it").inFile(L1_ON_HELPER).onLineContaining("helper()");
  }

  static final JavaFileObject L1_ON_POOL = model("L1OnPool", "8, 8, 1",
      "@MaxPooling2D({2, 2}) @L1 Layer pool();", "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject L1_ON_SEQUENCE_POOL = model("L1OnSequencePool", "8, 2",
      "@AveragePooling1D(2) @L1(0.01) Layer pool();", "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject PRUNE_ON_FLATTEN = model("PruneOnFlatten", "8, 8, 1",
      "@Flatten @Prune(initial = 0, target = 0.5, endStep = 100) Layer flatten();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.LAYER_WITHOUT_WEIGHTS)
  void layerWithoutWeights() {
    assertThat(shared).hadErrorContaining("[Topiary/LayerWithoutWeights] pool: @L1 acts on a "
        + "kernel, but @MaxPooling2D has none; expected @Conv2D, @Dense, @DepthwiseConv2D, "
        + "@SeparableConv2D or @Conv1D, found @MaxPooling2D; remove @L1").inFile(L1_ON_POOL).onLineContaining("@L1");
    assertThat(shared).hadErrorContaining("flatten: @Prune acts on a kernel, but @Flatten has "
        + "none; expected @Conv2D, @Dense, @DepthwiseConv2D, @SeparableConv2D or @Conv1D, found "
        + "@Flatten; remove @Prune")
        .inFile(PRUNE_ON_FLATTEN).onLineContaining("@Prune");
    assertThat(shared).hadErrorContaining("pool: @L1 acts on a kernel, but @AveragePooling1D has "
        + "none;").inFile(L1_ON_SEQUENCE_POOL).onLineContaining("@L1");
  }

  static final JavaFileObject TWO_ANNOTATIONS = model("TwoAnnotations", "8, 8, 1",
      "@Flatten @Dense(units = 5) Layer both();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.TWO_LAYER_ANNOTATIONS)
  void twoLayerAnnotations() {
    assertThat(shared).hadErrorContaining("[Topiary/TwoLayerAnnotations] both: one method "
        + "declares one layer; expected one layer annotation, found @Flatten and @Dense; declare "
        + "a second method for @Dense").inFile(TWO_ANNOTATIONS).onLineContaining("both()");
  }

  static final JavaFileObject PARAMETERS = file("WithParameters", """
      @Model(input = {4})
      interface WithParameters extends Network {
        @Dense(units = 10, activation = SOFTMAX)
        DenseLayer output(
            int units);
      }
      """);

  @Test
  @Covers(DiagnosticCode.LAYER_METHOD_PARAMETERS)
  void layerMethodParameters() {
    assertThat(shared).hadErrorContaining("[Topiary/LayerMethodParameters] output: a layer "
        + "method takes no parameters; expected (), found 1 parameter; remove them")
        .inFile(PARAMETERS).onLineContaining("int units");
  }

  static final JavaFileObject DEFAULT_METHOD = model("WithBody", "4",
      "@Dense(units = 10, activation = SOFTMAX) default DenseLayer output() { return null; }");

  @Test
  @Covers(DiagnosticCode.LAYER_METHOD_NOT_ABSTRACT)
  void layerMethodNotAbstract() {
    assertThat(shared).hadErrorContaining("[Topiary/LayerMethodNotAbstract] output: a layer "
        + "method is implemented by the generated class; expected an abstract method, found a "
        + "method with a body (default, static or private); remove the body and the modifier")
        .inFile(DEFAULT_METHOD).onLineContaining("output()");
  }

  static final JavaFileObject WRONG_HANDLE = model("WrongHandle", "8, 8, 1",
      "@Conv2D(filters = 4, kernel = {3, 3}) DenseLayer conv();", "@Flatten Layer flatten();",
      OUTPUT);

  @Test
  @Covers(DiagnosticCode.WRONG_RETURN_TYPE)
  void wrongReturnType() {
    assertThat(shared).hadErrorContaining("[Topiary/WrongReturnType] conv: a @Conv2D method "
        + "returns its handle; expected dev.topiary.runtime.Conv2DLayer, found "
        + "dev.topiary.runtime.DenseLayer; change the return type to Conv2DLayer")
        .inFile(WRONG_HANDLE).onLineContaining("conv()");
  }

  static final JavaFileObject RESERVED_NAME = model("ReservedName", "4",
      "@Dense(units = 8, activation = RELU) DenseLayer input();", OUTPUT);
  static final JavaFileObject DERIVED_NAME = model("DerivedName", "4",
      "@Dense(units = 8, activation = RELU) DenseLayer hidden();",
      "@Dense(units = 8, activation = RELU) DenseLayer hiddenKernel();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.LAYER_NAME_CLASH)
  void layerNameClash() {
    assertThat(shared).hadErrorContaining("[Topiary/LayerNameClash] input: the generated class "
        + "already uses the name input itself (every generated network has it); expected a layer "
        + "name whose generated members are unique, found input; rename the method")
        .inFile(RESERVED_NAME).onLineContaining("input()");
    assertThat(shared).hadErrorContaining("hiddenKernel: the generated class already uses the "
        + "name hiddenKernel for layer hidden's members;").inFile(DERIVED_NAME)
        .onLineContaining("hiddenKernel()");
  }

  // Shapes and sizes

  static final JavaFileObject CONV_ON_VECTOR = model("ConvOnVector", "784",
      "@Conv2D(filters = 4, kernel = {3, 3}) Conv2DLayer conv();", "@Flatten Layer flatten();",
      OUTPUT);
  static final JavaFileObject FLATTEN_TWICE = model("FlattenTwice", "8, 8, 1",
      "@Flatten Layer flatten();", "@Flatten Layer again();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.NEEDS_IMAGE_INPUT)
  void needsImageInput() {
    assertThat(shared).hadErrorContaining("[Topiary/NeedsImageInput] conv: @Conv2D works on "
        + "images; expected an input of height x width x channels, found a vector of 784; move "
        + "it before @Flatten or declare input = {h, w, c}").inFile(CONV_ON_VECTOR)
        .onLineContaining("@Conv2D");
    assertThat(shared).hadErrorContaining("[Topiary/NeedsImageInput] again: @Flatten turns an "
        + "image into a vector; expected an input of height x width x channels, found a vector "
        + "of 64; remove this @Flatten layer").inFile(FLATTEN_TWICE).onLineContaining("again()");
  }

  static final JavaFileObject DEPTHWISE_ON_VECTOR = model("DepthwiseOnVector", "784",
      "@DepthwiseConv2D(kernel = {3, 3}) Layer dw();", OUTPUT);
  static final JavaFileObject SEPARABLE_ON_SEQUENCE = model("SeparableOnSequence", "20, 3",
      "@SeparableConv2D(filters = 4, kernel = {3, 3}) Layer sep();", "@Flatten Layer flatten();",
      OUTPUT);

  @Test
  @Covers(DiagnosticCode.NEEDS_IMAGE_INPUT)
  void depthwiseAndSeparableNeedImages() {
    assertThat(shared).hadErrorContaining("[Topiary/NeedsImageInput] dw: @DepthwiseConv2D works "
        + "on images; expected an input of height x width x channels, found a vector of 784; "
        + "move it before @Flatten or declare input = {h, w, c}").inFile(DEPTHWISE_ON_VECTOR)
        .onLineContaining("@DepthwiseConv2D");
    assertThat(shared).hadErrorContaining("[Topiary/NeedsImageInput] sep: @SeparableConv2D works "
        + "on images; expected an input of height x width x channels, found a sequence of 20x3;")
        .inFile(SEPARABLE_ON_SEQUENCE).onLineContaining("@SeparableConv2D");
  }

  static final JavaFileObject CONV1D_ON_IMAGE = model("Conv1DOnImage", "28, 28, 1",
      "@Conv1D(filters = 4, kernel = 3) Layer conv();", "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject POOL1D_ON_VECTOR = model("Pool1DOnVector", "64",
      "@MaxPooling1D(2) Layer pool();", OUTPUT);
  static final JavaFileObject GAP1D_ON_IMAGE = model("Gap1DOnImage", "8, 8, 2",
      "@GlobalAveragePooling1D Layer gap();", "@Flatten Layer flatten();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.NEEDS_SEQUENCE_INPUT)
  void needsSequenceInput() {
    assertThat(shared).hadErrorContaining("[Topiary/NeedsSequenceInput] conv: @Conv1D works on "
        + "sequences; expected an input of steps x channels, found an image of 28x28x1; declare "
        + "@Model(input = {steps, channels}), or use the 2D layer on images")
        .inFile(CONV1D_ON_IMAGE).onLineContaining("@Conv1D");
    assertThat(shared).hadErrorContaining("[Topiary/NeedsSequenceInput] pool: @MaxPooling1D works "
        + "on sequences; expected an input of steps x channels, found a vector of 64;")
        .inFile(POOL1D_ON_VECTOR).onLineContaining("@MaxPooling1D");
    assertThat(shared).hadErrorContaining("[Topiary/NeedsSequenceInput] gap: "
        + "@GlobalAveragePooling1D works on sequences").inFile(GAP1D_ON_IMAGE)
        .onLineContaining("@GlobalAveragePooling1D");
  }

  static final JavaFileObject ZERO_MULTIPLIER = model("ZeroMultiplier", "8, 8, 2",
      "@DepthwiseConv2D(kernel = {3, 3}, depthMultiplier = 0) Layer dw();",
      "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject ZERO_SEPARABLE_MULTIPLIER = model("ZeroSeparableMultiplier",
      "8, 8, 2", "@SeparableConv2D(filters = 4, kernel = {3, 3},",
      "    depthMultiplier = -1) Layer sep();", "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject ZERO_CONV1D_KERNEL = model("ZeroConv1DKernel", "20, 3",
      "@Conv1D(filters = 4, kernel = 0) Layer conv();", "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject ZERO_POOL1D_STRIDE = model("ZeroPool1DStride", "20, 3",
      "@AveragePooling1D(value = 2, strides = 0) Layer pool();", "@Flatten Layer flatten();",
      OUTPUT);

  @Test
  @Covers(DiagnosticCode.NOT_POSITIVE)
  void depthMultiplierAnd1DSizesMustBePositive() {
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] dw: depthMultiplier must be "
        + "positive; expected values > 0, found 0; write e.g. depthMultiplier = 1")
        .inFile(ZERO_MULTIPLIER).onLineContaining("depthMultiplier = 0");
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] sep: depthMultiplier must be "
        + "positive; expected values > 0, found -1;").inFile(ZERO_SEPARABLE_MULTIPLIER)
        .onLineContaining("depthMultiplier = -1");
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] conv: kernel must be positive; "
        + "expected values > 0, found 0;").inFile(ZERO_CONV1D_KERNEL)
        .onLineContaining("kernel = 0");
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] pool: strides must be "
        + "positive; expected values > 0, found 0;").inFile(ZERO_POOL1D_STRIDE)
        .onLineContaining("strides = 0");
  }

  static final JavaFileObject CONV1D_TOO_LONG = model("Conv1DTooLong", "4, 3",
      "@Conv1D(filters = 2, kernel = 5) Layer conv();", "@Flatten Layer flatten();", OUTPUT);
  static final JavaFileObject DEPTHWISE_TOO_LARGE = model("DepthwiseTooLarge", "4, 4, 3",
      "@DepthwiseConv2D(kernel = {5, 3}) Layer dw();", "@Flatten Layer flatten();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.KERNEL_TOO_LARGE)
  void depthwiseAnd1DKernelsTooLarge() {
    assertThat(shared).hadErrorContaining("[Topiary/KernelTooLarge] conv: kernel 5 does not fit "
        + "input 4x3 with padding = VALID; expected at most 4, found 5; use padding = SAME or a "
        + "kernel of at most 4").inFile(CONV1D_TOO_LONG).onLineContaining("kernel = 5");
    assertThat(shared).hadErrorContaining("[Topiary/KernelTooLarge] dw: kernel 5x3 does not fit "
        + "input 4x4x3 with padding = VALID;").inFile(DEPTHWISE_TOO_LARGE)
        .onLineContaining("kernel = {5, 3}");
  }

  static final JavaFileObject DENSE_ON_IMAGE = model("DenseOnImage", "28, 28, 1",
      "@Dense(units = 64, activation = RELU) DenseLayer hidden();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.NEEDS_FLAT_INPUT)
  void needsFlatInput() {
    assertThat(shared).hadErrorContaining("[Topiary/NeedsFlatInput] hidden: @Dense takes a flat "
        + "vector; expected a rank-1 input, found 28x28x1; add a @Flatten layer before it")
        .inFile(DENSE_ON_IMAGE).onLineContaining("hidden()");
  }

  static final JavaFileObject KERNEL_TOO_LARGE = model("KernelTooLarge", "5, 5, 1",
      "@Conv2D(filters = 4, kernel = {7, 7}) Conv2DLayer conv();", "@Flatten Layer flatten();",
      OUTPUT);
  static final JavaFileObject POOL_TOO_LARGE = model("PoolTooLarge", "5, 5, 1",
      "@MaxPooling2D({6, 2}) Layer pool();", "@Flatten Layer flatten();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.KERNEL_TOO_LARGE)
  void kernelTooLarge() {
    assertThat(shared).hadErrorContaining("[Topiary/KernelTooLarge] conv: kernel 7x7 does not "
        + "fit input 5x5x1 with padding = VALID; expected at most 5x5, found 7x7; use padding = "
        + "SAME or a kernel of at most 5x5").inFile(KERNEL_TOO_LARGE)
        .onLineContaining("kernel = {7, 7}");
    assertThat(shared).hadErrorContaining("pool: pool size 6x2 does not fit input 5x5x1 with "
        + "padding = VALID;").inFile(POOL_TOO_LARGE).onLineContaining("{6, 2}");
  }

  static final JavaFileObject ZERO_FILTERS = model("ZeroFilters", "8, 8, 1",
      "@Conv2D(filters = 0, kernel = {3, 3}) Conv2DLayer conv();", "@Flatten Layer flatten();",
      OUTPUT);
  static final JavaFileObject ZERO_STRIDE = file("ZeroStride", """
      @Model(input = {8, 8, 1})
      interface ZeroStride extends Network {
        @Conv2D(filters = 4, kernel = {3, 3}, strides = {1,
            0})
        Conv2DLayer conv();
        @Flatten Layer flatten();
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }
      """);

  static final JavaFileObject ZERO_UNITS = model("ZeroUnits", "4",
      "@Dense(units = 0, activation = RELU) DenseLayer hidden();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.NOT_POSITIVE)
  void notPositive() {
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] hidden: units must be positive; "
        + "expected values > 0, found 0; write e.g. units = 64").inFile(ZERO_UNITS)
        .onLineContaining("units = 0");
    assertThat(shared).hadErrorContaining("[Topiary/NotPositive] conv: filters must be "
        + "positive; expected values > 0, found 0; write e.g. filters = 32")
        .inFile(ZERO_FILTERS).onLineContaining("filters = 0");
    // On the wrong value itself, here on a line of its own.
    assertThat(shared).hadErrorContaining("conv: strides must be positive; expected values > 0, "
        + "found {1, 0}; write e.g. strides = {1, 1}").inFile(ZERO_STRIDE)
        .onLineContaining("0})");
  }

  static final JavaFileObject KERNEL_ARITY = model("KernelArity", "8, 8, 1",
      "@Conv2D(filters = 4, kernel = {3}) Conv2DLayer conv();", "@Flatten Layer flatten();",
      OUTPUT);
  static final JavaFileObject POOL_ARITY = model("PoolArity", "8, 8, 1",
      "@MaxPooling2D({2, 2, 2}) Layer pool();", "@Flatten Layer flatten();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.WRONG_ARITY)
  void wrongArity() {
    assertThat(shared).hadErrorContaining("[Topiary/WrongArity] conv: kernel is {height, "
        + "width}; expected 2 values, found 1: {3}; write e.g. kernel = {3, 3}")
        .inFile(KERNEL_ARITY).onLineContaining("kernel = {3}");
    // Pooling's strides default to its size: one mistake, one error.
    assertThat(shared).hadErrorContaining("pool: pool size is {height, width}; expected 2 "
        + "values, found 3: {2, 2, 2}; write e.g. @MaxPooling2D({2, 2})").inFile(POOL_ARITY)
        .onLineContaining("@MaxPooling2D");
  }

  static final JavaFileObject TOO_LARGE = model("TooLarge", "100000",
      "@Dense(units = 100000, activation = SOFTMAX) DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.TENSOR_TOO_LARGE)
  void tensorTooLarge() {
    assertThat(shared).hadErrorContaining("[Topiary/TensorTooLarge] output: a Java array cannot "
        + "hold its kernel; expected at most 2,147,483,639 values, found 10,000,000,000; use "
        + "fewer units or shrink its input with pooling or strides").inFile(TOO_LARGE)
        .onLineContaining("units = 100000");
  }

  // Values

  static final JavaFileObject NEGATIVE_L1 = model("NegativeL1", "4",
      "@Dense(units = 10, activation = SOFTMAX) @L1(-0.01) DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.INVALID_L1)
  void invalidL1() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidL1] output: @L1 must be a finite, "
        + "non-negative factor; expected a value >= 0, found -0.01; use e.g. @L1(0.01)")
        .inFile(NEGATIVE_L1).onLineContaining("@L1");
  }

  static final JavaFileObject NEGATIVE_ALPHA = model("NegativeAlpha", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@LeakyReLU(alpha = -0.5) Layer leaky();", OUTPUT);
  static final JavaFileObject NAN_ALPHA = model("NanAlpha", "4",
      "@Dense(units = 8) DenseLayer hidden();",
      "@LeakyReLU(alpha = Double.NaN) Layer leaky();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.INVALID_LEAKY_ALPHA)
  void invalidLeakyAlpha() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidLeakyAlpha] leaky: @LeakyReLU(alpha) "
        + "is the slope for negative inputs and must be finite and non-negative, as in Keras (a "
        + "negative slope flips their sign); expected a value >= 0, found -0.5; use e.g. alpha = "
        + "0.3, Keras's default").inFile(NEGATIVE_ALPHA).onLineContaining("alpha = -0.5");
    // NaN once made the generated constant "NaNf", which did not compile.
    assertThat(shared).hadErrorContaining("leaky: @LeakyReLU(alpha) is the slope for negative "
        + "inputs and must be finite and non-negative, as in Keras (a negative slope flips their "
        + "sign); expected a value >= 0, found NaN").inFile(NAN_ALPHA)
        .onLineContaining("Double.NaN");
  }

  static final JavaFileObject LARGE_L1 = model("LargeL1", "4",
      "@Dense(units = 10, activation = SOFTMAX) @L1(1.5) DenseLayer output();");

  static final JavaFileObject ZERO_L1 = model("ZeroL1", "4",
      "@Dense(units = 10, activation = SOFTMAX) @L1(0) DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.INEFFECTIVE_L1)
  void ineffectiveL1() {
    assertThat(shared).hadWarningContaining("[Topiary/IneffectiveL1] output: @L1(0.0) does "
        + "nothing; expected a factor in (0, 1), found 0.0; remove @L1").inFile(ZERO_L1)
        .onLineContaining("@L1");
    assertThat(shared).hadWarningContaining("[Topiary/IneffectiveL1] output: @L1(1.5) drives "
        + "every weight to zero in practice; expected a factor in (0, 1), found 1.5; use e.g. "
        + "@L1(0.01)").inFile(LARGE_L1).onLineContaining("@L1");
  }

  static final JavaFileObject SPARSITY_RANGE = model("SparsityRange", "4",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0.5, target = 1.0, endStep = 1000)", "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.PRUNE_SPARSITY_RANGE)
  void pruneSparsityRange() {
    assertThat(shared).hadErrorContaining("[Topiary/PruneSparsityRange] output: @Prune(target) "
        + "is a fraction of weights; expected a value in [0, 1), found 1.0; use e.g. target = "
        + "0.8").inFile(SPARSITY_RANGE).onLineContaining("@Prune");
  }

  static final JavaFileObject TARGET_BELOW = model("TargetBelow", "4",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0.5, target = 0.3, endStep = 1000)", "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.PRUNE_TARGET_BELOW_INITIAL)
  void pruneTargetBelowInitial() {
    assertThat(shared).hadErrorContaining("[Topiary/PruneTargetBelowInitial] output: @Prune's "
        + "sparsity only grows; expected target >= initial (0.5), found target = 0.3; raise "
        + "target or lower initial").inFile(TARGET_BELOW).onLineContaining("@Prune");
  }

  static final JavaFileObject STEPS = model("Steps", "4",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0, target = 0.5, beginStep = 100, endStep = 100)", "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.PRUNE_STEPS)
  void pruneSteps() {
    assertThat(shared).hadErrorContaining("[Topiary/PruneSteps] output: @Prune's schedule runs "
        + "from beginStep to endStep; expected 0 <= beginStep < endStep, found beginStep = 100, "
        + "endStep = 100; e.g. beginStep = 0, endStep = 10_000").inFile(STEPS)
        .onLineContaining("@Prune");
  }

  static final JavaFileObject FREQUENCY = model("Frequency", "4",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0, target = 0.5, endStep = 1000, frequency = 0)", "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.PRUNE_FREQUENCY)
  void pruneFrequency() {
    assertThat(shared).hadErrorContaining("[Topiary/PruneFrequency] output: @Prune(frequency) "
        + "is the number of steps between mask updates; expected a value > 0, found 0; use e.g. "
        + "frequency = 100").inFile(FREQUENCY).onLineContaining("@Prune");
  }

  static final JavaFileObject NEVER = model("Never", "4",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0, target = 0.5, endStep = 20)", "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.PRUNE_NEVER_UPDATES)
  void pruneNeverUpdates() {
    // the case: endStep = 20 with the default frequency = 100
    assertThat(shared).hadErrorContaining("[Topiary/PruneNeverUpdates] output: @Prune's schedule "
        + "never prunes: training steps count from 1 and the mask is updated at steps beginStep + "
        + "k * frequency up to endStep, so the first update would be at step 100, after endStep; "
        + "expected frequency <= endStep - beginStep, found beginStep = 0, endStep = 20, "
        + "frequency = 100; use e.g. frequency = 2, or a later endStep").inFile(NEVER)
        .onLineContaining("@Prune");
  }

  static final JavaFileObject POWER = model("Power", "4",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0, target = 0.5, endStep = 1000, power = 0)", "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.PRUNE_POWER)
  void prunePower() {
    assertThat(shared).hadErrorContaining("[Topiary/PrunePower] output: @Prune(power) is the "
        + "schedule's exponent; expected a finite value > 0, found 0.0; use e.g. power = 3")
        .inFile(POWER).onLineContaining("@Prune");
  }

  static final JavaFileObject N_OF_M = model("NOfM", "10",
      "@Dense(units = 10, activation = SOFTMAX)",
      "@Prune(initial = 0, target = 0.5, endStep = 1000, structure = Structure.N_OF_M)",
      "DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.N_OF_M_GROUPS)
  void nOfMGroups() {
    assertThat(shared).hadErrorContaining("[Topiary/NOfMGroups] output: @Prune(structure = "
        + "N_OF_M) groups 4 consecutive weights along the input dimension; expected an input size "
        + "that is a multiple of m = 4, found 10; choose an m that divides 10 or use structure = "
        + "UNSTRUCTURED").inFile(N_OF_M).onLineContaining("@Prune");
  }

  // Loss and output

  static final JavaFileObject LINEAR_OUTPUT = model("LinearOutput", "4",
      "@Dense(units = 10) DenseLayer output();");

  @Test
  @Covers(DiagnosticCode.LOSS_NEEDS_SOFTMAX)
  void lossNeedsSoftmax() {
    assertThat(shared).hadErrorContaining("[Topiary/LossNeedsSoftmax] output: loss "
        + "SPARSE_CATEGORICAL_CROSSENTROPY reads class probabilities from the last layer; "
        + "expected a @Dense layer with activation = SOFTMAX, found activation = LINEAR; end the "
        + "model with @Dense(units = <classes>, activation = SOFTMAX)").inFile(LINEAR_OUTPUT)
        .onLineContaining("output()");
  }

  static final JavaFileObject SOFTMAX_WITH_SPARSEMAX_LOSS = file("SoftmaxWithSparsemaxLoss", """
      @Model(input = {4}, loss = Loss.SPARSEMAX)
      public interface SoftmaxWithSparsemaxLoss extends Network {
        @Dense(units = 10, activation = SOFTMAX) DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.LOSS_NEEDS_SPARSEMAX)
  void lossNeedsSparsemax() {
    assertThat(shared).hadErrorContaining("[Topiary/LossNeedsSparsemax] output: loss SPARSEMAX is "
        + "the sparsemax loss of a SPARSEMAX output; expected a @Dense layer with activation = "
        + "SPARSEMAX or a @Sparsemax layer last, found activation = SOFTMAX; end the model with "
        + "@Dense(units = <classes>, activation = SPARSEMAX)").inFile(SOFTMAX_WITH_SPARSEMAX_LOSS)
        .onLineContaining("output()");
  }

  static final JavaFileObject NEGATIVE_ACTIVITY_L1 = model("NegativeActivityL1", "4",
      "@Dense(units = 8, activation = RELU)",
      "@ActivityL1(-1e-5) DenseLayer hidden();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.INVALID_ACTIVITY_L1)
  void invalidActivityL1() {
    assertThat(shared).hadErrorContaining("[Topiary/InvalidActivityL1] hidden: @ActivityL1 must be "
        + "a finite, non-negative factor; expected a value >= 0, found -1.0E-5; use e.g. "
        + "@ActivityL1(1e-5)").inFile(NEGATIVE_ACTIVITY_L1).onLineContaining("@ActivityL1(-1e-5)");
  }

  static final JavaFileObject HIDDEN_SOFTMAX = model("HiddenSoftmax", "4",
      "@Dense(units = 8, activation = SOFTMAX) DenseLayer hidden();", OUTPUT);

  @Test
  @Covers(DiagnosticCode.HIDDEN_SOFTMAX)
  void hiddenSoftmax() {
    assertThat(shared).hadWarningContaining("[Topiary/HiddenSoftmax] hidden: SOFTMAX on a "
        + "hidden layer squashes its outputs to sum to 1, which is rarely meant; expected RELU or "
        + "LINEAR on hidden layers, found SOFTMAX; use RELU").inFile(HIDDEN_SOFTMAX)
        .onLineContaining("hidden()");
  }

  static final JavaFileObject BCE_ON_RELU = file("BceOnRelu", """
      @Model(input = {4}, loss = Loss.BINARY_CROSSENTROPY)
      public interface BceOnRelu extends Network {
        @Dense(units = 1,
            activation = RELU)
        DenseLayer output();
      }
      """);
  static final JavaFileObject BCE_ON_SOFTMAX_LAYER = file("BceOnSoftmaxLayer", """
      @Model(input = {4}, loss = Loss.BINARY_CROSSENTROPY)
      public interface BceOnSoftmaxLayer extends Network {
        @Dense(units = 2) DenseLayer logits();
        @Softmax
        Layer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.BINARY_CROSSENTROPY_NEEDS_SIGMOID)
  void binaryCrossentropyNeedsSigmoid() {
    assertThat(shared).hadErrorContaining("[Topiary/BinaryCrossentropyNeedsSigmoid] output: loss "
        + "BINARY_CROSSENTROPY reads one yes/no probability per output from the logits of a "
        + "sigmoid; expected a @Dense or @Conv2D layer with activation = SIGMOID last, found "
        + "activation = RELU; end the model with @Dense(units = 1, activation = SIGMOID) (one "
        + "unit per label for multi-label)").inFile(BCE_ON_RELU)
        .onLine(10).atColumn(20); // on RELU in "activation = RELU", the value
    assertThat(shared).hadErrorContaining("[Topiary/BinaryCrossentropyNeedsSigmoid] output: loss "
        + "BINARY_CROSSENTROPY reads one yes/no probability per output from the logits of a "
        + "sigmoid; expected a @Dense or @Conv2D layer with activation = SIGMOID last, found a "
        + "@Softmax layer").inFile(BCE_ON_SOFTMAX_LAYER).onLineContaining("@Softmax");
  }

  static final JavaFileObject MSE_ON_SOFTMAX = file("MseOnSoftmax", """
      @Model(input = {4}, loss = Loss.MEAN_SQUARED_ERROR)
      public interface MseOnSoftmax extends Network {
        @Dense(units = 3,
            activation = SOFTMAX)
        DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.MEAN_SQUARED_ERROR_ON_PROBABILITIES)
  void meanSquaredErrorOnProbabilities() {
    assertThat(shared).hadWarningContaining("[Topiary/MeanSquaredErrorOnProbabilities] output: "
        + "loss MEAN_SQUARED_ERROR over activation = SOFTMAX fits outputs that must sum to 1, and "
        + "its gradient fades as they saturate; expected LINEAR (or SIGMOID, TANH for bounded "
        + "targets) for regression, found activation = SOFTMAX; use activation = LINEAR for "
        + "regression, or loss = SPARSE_CATEGORICAL_CROSSENTROPY for classes")
        .inFile(MSE_ON_SOFTMAX).onLine(10).atColumn(20); // on SOFTMAX
  }

  static final JavaFileObject CLASSES_ON_SIGMOID = file("ClassesOnSigmoid", """
      @Model(input = {4})
      public interface ClassesOnSigmoid extends Network {
        @Dense(units = 10,
            activation = SIGMOID)
        DenseLayer output();
      }
      """);

  @Test
  @Covers(DiagnosticCode.CLASS_LOSS_ON_SIGMOID)
  void classLossOnSigmoid() {
    assertThat(shared).hadErrorContaining("[Topiary/ClassLossOnSigmoid] output: loss "
        + "SPARSE_CATEGORICAL_CROSSENTROPY reads one class per example from the last layer, and "
        + "SIGMOID gives an independent yes/no probability per output; expected activation = "
        + "SOFTMAX, found activation = SIGMOID; use that activation, or @Model(loss = "
        + "Loss.BINARY_CROSSENTROPY) for yes/no outputs").inFile(CLASSES_ON_SIGMOID)
        .onLine(10).atColumn(20); // on SIGMOID
  }

  // The processor

  @Test
  @Covers(DiagnosticCode.UNKNOWN_OPTION)
  void unknownOption() {
    Compilation compilation = Compiler.javac().withProcessors(new TopiaryProcessor())
        .withOptions("-Atopiary.verbsoe=true").compile(model("Small", "4", OUTPUT));
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("[Topiary/UnknownOption] -Atopiary.verbsoe is "
        + "not a Topiary option; expected one of [topiary.verbose], found topiary.verbsoe; check "
        + "the spelling");
    assertThat(compilation).hadWarningCount(1); // javac's "not recognized" warning is not added
  }
}
