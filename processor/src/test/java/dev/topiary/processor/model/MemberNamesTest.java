package dev.topiary.processor.model;

import static com.google.common.truth.Truth.assertThat;
import static com.google.common.truth.Truth.assertWithMessage;
import static dev.topiary.processor.ModelSources.OUTPUT;
import static dev.topiary.processor.ModelSources.file;
import static dev.topiary.processor.ModelSources.model;

import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.MethodSpec;
import dev.topiary.processor.model.WrittenModels.Written;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guards {@link MemberNames} against the writer: every member the generated class declares must
 * be a name MemberNames knows, or LayerNameClash could miss a clash.
 */
class MemberNamesTest {
  /** Every kind of layer and every option that adds members: L1 (both modes), Prune, no bias. */
  private static final List<Written> WRITTEN = WrittenModels.of(
      model("Everything", "12, 12, 1",
          "@Conv2D(filters = 4, kernel = {3, 3}, activation = RELU) @L1(0.01)",
          "@Prune(initial = 0, target = 0.5, endStep = 100) Conv2DLayer conv();",
          "@MaxPooling2D({2, 2}) Layer pool();",
          "@Conv2D(filters = 4, kernel = {3, 3}, useBias = false) Conv2DLayer conv2();",
          "@Flatten Layer flatten();",
          "@Dense(units = 8, activation = RELU) @L1(value = 0.01, proximal = true)",
          "@Prune(initial = 0, target = 0.5, endStep = 100, structure = Structure.N_OF_M)",
          "DenseLayer hidden();", OUTPUT),
      model("MobileAndSequence", "12, 12, 2",
          "@DepthwiseConv2D(kernel = {3, 3}, depthMultiplier = 2) @L1(0.01)",
          "@Prune(initial = 0, target = 0.5, endStep = 100) Layer dw();",
          "@SeparableConv2D(filters = 4, kernel = {3, 3}) @L1(value = 0.01, proximal = true)",
          "@Prune(initial = 0, target = 0.5, endStep = 100) Layer sep();",
          "@Flatten Layer flatten();", OUTPUT),
      model("Sequence", "20, 3",
          "@Conv1D(filters = 4, kernel = 3) @L1(0.01)",
          "@Prune(initial = 0, target = 0.5, endStep = 100) Layer conv();",
          "@MaxPooling1D(2) Layer pool();", "@AveragePooling1D(2) Layer avg();",
          "@GlobalAveragePooling1D Layer gap();", OUTPUT),
      model("DenseFirst", "4", "@Dense(units = 8, activation = RELU) DenseLayer hidden();",
          OUTPUT),
      model("Activations", "12, 12, 1",
          "@Conv2D(filters = 4, kernel = {3, 3}, activation = LEAKY_RELU) Conv2DLayer conv();",
          "@LeakyReLU(alpha = 0.1) Layer leaky();", "@ReLU @ActivityL1(1e-5) Layer relu();",
          "@Flatten Layer flatten();", "@Dense(units = 8) DenseLayer hidden();",
          "@Softmax Layer soft();", "@Dense(units = 10) DenseLayer logits();",
          "@Sparsemax Layer output();"),
      file("SparsemaxOutput", """
          @Model(input = {4}, loss = Loss.SPARSEMAX)
          public interface SparsemaxOutput extends Network {
            @Dense(units = 8, activation = SPARSEMAX) DenseLayer hidden();
            @Dense(units = 10, activation = SPARSEMAX) DenseLayer output();
          }
          """));

  @Test
  void everyFieldIsAKnownName() {
    for (Written w : WRITTEN) {
      Set<String> known = new HashSet<>(MemberNames.CLASS_MEMBERS);
      w.spec().layers().forEach(l -> known.addAll(MemberNames.of(l.name())));
      for (FieldSpec f : w.file().typeSpec().fieldSpecs()) {
        assertWithMessage("field of %s", w.spec().generatedName()).that(known).contains(f.name());
      }
    }
  }

  @Test
  void everyMethodWithoutParametersIsALayer() {
    for (Written w : WRITTEN) {
      List<String> layers = w.spec().layers().stream().map(LayerSpec::name).toList();
      for (MethodSpec m : w.file().typeSpec().methodSpecs()) {
        if (!m.isConstructor() && m.parameters().isEmpty()) {
          assertWithMessage("method of %s", w.spec().generatedName()).that(layers)
              .contains(m.name());
        }
      }
    }
  }

  @Test
  void reservedNamesHoldTheSuperclassAndTheClassOwn() {
    assertThat(WRITTEN.get(0).spec().reservedNames()).containsAtLeast("parameters", "seed",
        "architecture", "trainingRules", "weightsChanged", "summary", "layers", "input",
        "inputOffset", "random", "MODEL_NAME");
  }

  @Test
  void constantPrefixSplitsWords() {
    assertThat(MemberNames.constant("hiddenLayer2")).isEqualTo("HIDDEN_LAYER2");
    assertThat(MemberNames.of("hidden")).containsAtLeast("hidden", "hiddenKernel", "HIDDEN_UNITS");
  }
}
