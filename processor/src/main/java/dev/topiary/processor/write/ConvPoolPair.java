package dev.topiary.processor.write;

import dev.topiary.processor.model.ConvPoolFusion;
import dev.topiary.processor.model.LayerSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A Conv2D and the MaxPooling2D right after it that run as one kernel ({@link ConvPoolFusion}
 * says when).
 */
record ConvPoolPair(LayerPlan conv, LayerPlan pool) {
  /** The pairs that run fused for inference ({@link InferencePassEmitter}). */
  static List<ConvPoolPair> inference(List<LayerPlan> plans) {
    return pairs(plans, ConvPoolFusion::forInference);
  }

  /** The pairs that also train fused ({@link ConvPoolEmitter}). */
  static List<ConvPoolPair> training(List<LayerPlan> plans) {
    return pairs(plans, ConvPoolFusion::forTraining);
  }

  /** The pair of {@code pairs} whose conv is {@code layer}, or null. */
  static ConvPoolPair startingAt(List<ConvPoolPair> pairs, LayerPlan layer) {
    return pairs.stream().filter(p -> p.conv() == layer).findFirst().orElse(null);
  }

  private static List<ConvPoolPair> pairs(List<LayerPlan> plans,
      BiPredicate<LayerSpec, LayerSpec> fused) {
    List<ConvPoolPair> pairs = new ArrayList<>();
    for (int i = 0; i + 1 < plans.size(); i++) {
      if (fused.test(plans.get(i).spec(), plans.get(i + 1).spec())) {
        pairs.add(new ConvPoolPair(plans.get(i), plans.get(i + 1)));
      }
    }
    return pairs;
  }
}
