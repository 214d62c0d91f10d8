package dev.topiary.spark;

import dev.topiary.Structure;
import dev.topiary.runtime.Evaluation;
import dev.topiary.runtime.KernelMode;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.WeightedLayer;
import dev.topiary.runtime.data.Dataset;
import dev.topiary.runtime.prune.KernelPruning;
import dev.topiary.runtime.prune.PolynomialDecay;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A generated network whose {@code @Prune} schedules end at another target sparsity: the same
 * network (layers, weights, passes), with the rules the trainer runs rebuilt around the same
 * kernels. {@code @Prune}'s target is a compile-time constant of the model interface; the sweep
 * varies it per task without a model per target.
 *
 * <p>Each {@code UNSTRUCTURED} schedule ends at {@code target}. A {@code CHANNELS} schedule ends
 * at {@code 1 - sqrt(1 - target)} of its channels: in the seed CNN the conv's filters and the
 * hidden layer's units are both removed, and the hidden kernel, which holds 99.7% of the
 * weights, keeps the product of the two kept fractions, so the weights end near {@code target}
 * sparse (the structured variant's 55% is the pruned variant's 80%). {@code N_OF_M} rules and
 * other rules (proximal L1) are kept as they are.
 *
 * <p>A schedule that would not end within the planned steps (a short run on a slice of the data)
 * is compressed to end at 40% of them, as the main job's 1,500 steps of 3,750, with ten mask
 * updates.
 */
final class RetargetedNetwork implements Network {
  private final Network net;
  private final List<TrainingRule> rules;

  private RetargetedNetwork(Network net, List<TrainingRule> rules) {
    this.net = net;
    this.rules = Collections.unmodifiableList(rules);
  }

  /**
   * {@code net} with its pruning schedules ending at {@code target}, over a run of
   * {@code plannedSteps} training steps.
   *
   * @throws IllegalArgumentException unless {@code 0 <= target < 1} and {@code plannedSteps > 0}
   */
  static Network of(Network net, double target, long plannedSteps) {
    if (!(target >= 0 && target < 1)) {
      throw new IllegalArgumentException("expected a target sparsity in [0, 1), found " + target);
    }
    if (plannedSteps <= 0) {
      throw new IllegalArgumentException("expected at least one planned training step, found "
          + plannedSteps);
    }
    List<TrainingRule> rules = new ArrayList<>();
    for (TrainingRule rule : net.trainingRules()) {
      rules.add(rule instanceof KernelPruning
          ? retarget(net, (KernelPruning) rule, target, plannedSteps) : rule);
    }
    return new RetargetedNetwork(net, rules);
  }

  /** The share of channels a CHANNELS schedule removes for {@code target} weight sparsity. */
  static double channelTarget(double target) {
    return 1 - Math.sqrt(1 - target);
  }

  private static TrainingRule retarget(Network net, KernelPruning rule, double target,
      long plannedSteps) {
    Structure structure = rule.structure();
    if (structure == Structure.N_OF_M) {
      return rule;
    }
    double end = structure == Structure.CHANNELS ? channelTarget(target) : target;
    PolynomialDecay s = rule.schedule();
    long begin = s.beginStep();
    long endStep = s.endStep();
    int frequency = s.frequency();
    if (endStep > plannedSteps) {
      begin = Math.min(begin, plannedSteps / 10);
      long span = Math.max(1, (plannedSteps * 2) / 5 - begin);
      frequency = (int) Math.max(1, span / 10);
      endStep = begin + Math.max(1, span / frequency) * frequency;
    }
    PolynomialDecay schedule = new PolynomialDecay(Math.min(s.initial(), end), end, begin,
        endStep, frequency, s.power());
    WeightedLayer layer = layer(net, rule.layer());
    return new KernelPruning(rule.layer(), rule.kernel(), rule.bias(), layer.kernelRows(),
        layer.kernelColumns(), schedule, structure, 0, 0);
  }

  private static WeightedLayer layer(Network net, String name) {
    for (Layer l : net.layers()) {
      if (l.name().equals(name) && l instanceof WeightedLayer) {
        return (WeightedLayer) l;
      }
    }
    throw new IllegalStateException("expected a layer with a kernel named '" + name + "' in "
        + net.modelName() + ", found none");
  }

  @Override
  public List<TrainingRule> trainingRules() {
    return rules;
  }

  @Override
  public String modelName() {
    return net.modelName();
  }

  @Override
  public int[] inputShape() {
    return net.inputShape();
  }

  @Override
  public List<Layer> layers() {
    return net.layers();
  }

  @Override
  public long parameterCount() {
    return net.parameterCount();
  }

  @Override
  public List<Parameter> parameters() {
    return net.parameters();
  }

  @Override
  public long seed() {
    return net.seed();
  }

  @Override
  public String architecture() {
    return net.architecture();
  }

  @Override
  public float[] forward(float[] x, int xOff, int batch) {
    return net.forward(x, xOff, batch);
  }

  @Override
  public float backward(int[] labels, int labelOff, int batch) {
    return net.backward(labels, labelOff, batch);
  }

  @Override
  public float[] activations(int layer) {
    return net.activations(layer);
  }

  @Override
  public void weightsChanged() {
    net.weightsChanged();
  }

  @Override
  public void kernelMode(KernelMode mode) {
    net.kernelMode(mode);
  }

  @Override
  public String summary() {
    return net.summary();
  }

  @Override
  public void save(File file) throws IOException {
    net.save(file);
  }

  @Override
  public int inputSize() {
    return net.inputSize();
  }

  @Override
  public int outputSize() {
    return net.outputSize();
  }

  @Override
  public float[] predict(float[] example) {
    return net.predict(example);
  }

  @Override
  public void predict(float[] example, float[] out) {
    net.predict(example, out);
  }

  @Override
  public void predict(float[] examples, int count, float[] out) {
    net.predict(examples, count, out);
  }

  @Override
  public Evaluation evaluate(Dataset data) {
    return net.evaluate(data);
  }
}
