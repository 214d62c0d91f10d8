package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.optim.Optimizer;
import dev.topiary.runtime.optim.OptimizerSnapshot;
import dev.topiary.runtime.prune.KernelPruning;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A training checkpoint: everything a run needs to go on as if it had never stopped. Written by
 * {@link ModelCheckpoint} at the end of an epoch, read by {@link Trainer#resume}.
 *
 * <p>Layout, big-endian ({@link java.io.DataOutputStream}), following the model file's rules:
 * <pre>
 * bytes[8] magic        "TOPICKPT"
 * int      version      {@link #FORMAT_VERSION} (1)
 * UTF      modelName    the network's name
 * UTF      architecture the network's architecture text
 * int      epoch        the epochs completed, in the run's numbering (from 1)
 * long     steps        the training steps the trainer ran
 * long     shuffleSeed  the seed of every epoch's shuffle (an epoch's order depends only on it
 *                       and the epoch number: this and {@code epoch} are the generator's state)
 * int      tensorCount  then per tensor: UTF name, int length, float[length] (raw bits)
 * UTF      optimizer    its name, e.g. "Adam"
 * int      iterations   its step count (the schedule's step)
 * boolean  fixedRate    whether its rate is fixed (else a schedule's)
 * double   learningRate the rate of its next step
 * int      slotKinds    0 before the first step; then per kind: int count (= tensorCount),
 *                       per tensor: int length, float[length]
 * int      ruleCount    the network's training rules, in its order; per rule: byte kind,
 *                       0 = no state (proximal L1), 1 = pruning: UTF layer, long step,
 *                       double sparsityFloor, int length, float[length] kernel mask,
 *                       int biasLength (-1: none), float[biasLength] bias mask
 * long     checksum     CRC-32 of every byte before it
 * </pre>
 * Files are written to a temporary file beside the target, synced, then renamed into place.
 * What a reader checks, in order: magic and version (from the first 12 bytes); length (at most
 * what the network's checkpoint can take, {@link CheckpointReader#maxBytes}, so nothing is
 * allocated from a hostile size); structure (every length within the bytes that remain, else
 * "truncated"; unknown rule kinds, negative counts and trailing bytes are "corrupted"); the
 * checksum; then the match with the network (name, architecture, tensors, rules and masks) and
 * with the trainer's optimizer. Nothing changes unless all of it passes.
 */
final class Checkpoint {
  /** The format version this class writes and reads. */
  static final int FORMAT_VERSION = 1;
  static final byte[] MAGIC = {'T', 'O', 'P', 'I', 'C', 'K', 'P', 'T'};
  static final byte RULE_STATELESS = 0;
  static final byte RULE_PRUNING = 1;
  /** The most kinds of per-weight state an optimizer may save (Adam and RMSprop have 2). */
  static final int MAX_SLOT_KINDS = 4;

  final String modelName;
  final String architecture;
  final int epoch;
  final long steps;
  final long shuffleSeed;
  final String[] tensorNames;
  final float[][] tensors;
  final OptimizerSnapshot optimizer;
  /** Per rule: null for a stateless rule, else its pruning state. */
  final PruningState[] rules;

  /** One {@code @Prune} layer's state. */
  static final class PruningState {
    final String layer;
    final long step;
    final double floor;
    final float[] mask;
    final float[] biasMask;

    PruningState(String layer, long step, double floor, float[] mask, float[] biasMask) {
      this.layer = layer;
      this.step = step;
      this.floor = floor;
      this.mask = mask;
      this.biasMask = biasMask;
    }
  }

  Checkpoint(String modelName, String architecture, int epoch, long steps, long shuffleSeed,
      String[] tensorNames, float[][] tensors, OptimizerSnapshot optimizer,
      PruningState[] rules) {
    this.modelName = modelName;
    this.architecture = architecture;
    this.epoch = epoch;
    this.steps = steps;
    this.shuffleSeed = shuffleSeed;
    this.tensorNames = tensorNames;
    this.tensors = tensors;
    this.optimizer = optimizer;
    this.rules = rules;
  }

  /** Writes the run's state after {@code epoch} completed epochs to {@code file}, atomically. */
  static void write(File file, Network network, Optimizer optimizer, int epoch, long steps,
      long shuffleSeed) throws IOException {
    AtomicFiles.write(file, bytes(network, optimizer, epoch, steps, shuffleSeed));
  }

  /** The checkpoint's bytes; the arrays are read, not copied. */
  static byte[] bytes(Network network, Optimizer optimizer, int epoch, long steps,
      long shuffleSeed) throws IOException {
    OptimizerSnapshot snapshot = optimizer.snapshot();
    List<Parameter> params = network.parameters();
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(buffer);
    out.write(MAGIC);
    out.writeInt(FORMAT_VERSION);
    out.writeUTF(network.modelName());
    out.writeUTF(network.architecture());
    out.writeInt(epoch);
    out.writeLong(steps);
    out.writeLong(shuffleSeed);
    out.writeInt(params.size());
    for (Parameter p : params) {
      out.writeUTF(p.name);
      writeFloats(out, p.value);
    }
    out.writeUTF(snapshot.name());
    out.writeInt(snapshot.iterations());
    out.writeBoolean(snapshot.fixedRate());
    out.writeDouble(snapshot.learningRate());
    float[][][] slots = snapshot.slots();
    out.writeInt(slots.length);
    for (float[][] kind : slots) {
      out.writeInt(kind.length);
      for (float[] values : kind) {
        writeFloats(out, values);
      }
    }
    List<TrainingRule> rules = network.trainingRules();
    out.writeInt(rules.size());
    for (TrainingRule rule : rules) {
      if (rule instanceof KernelPruning) {
        KernelPruning pruning = (KernelPruning) rule;
        out.writeByte(RULE_PRUNING);
        out.writeUTF(pruning.layer());
        out.writeLong(pruning.steps());
        out.writeDouble(pruning.sparsityFloor());
        writeFloats(out, pruning.kernelMask());
        if (pruning.biasMask() == null) {
          out.writeInt(-1);
        } else {
          writeFloats(out, pruning.biasMask());
        }
      } else {
        out.writeByte(RULE_STATELESS); // proximal L1: a function of the weights and optimizer
      }
    }
    out.flush();
    CRC32 crc = new CRC32();
    crc.update(buffer.toByteArray());
    out.writeLong(crc.getValue());
    out.flush();
    return buffer.toByteArray();
  }

  private static void writeFloats(DataOutputStream out, float[] values) throws IOException {
    out.writeInt(values.length);
    for (float v : values) {
      out.writeInt(Float.floatToRawIntBits(v)); // NaN payloads kept
    }
  }

  /**
   * Puts this (already matched) state into the network and the optimizer: the optimizer first,
   * which checks its part before it changes anything, then the weights and the rules.
   *
   * @throws CheckpointException if the optimizer's part does not fit {@code optimizer}
   */
  void applyTo(Network network, Optimizer optimizer, String where) throws CheckpointException {
    List<Parameter> params = network.parameters();
    try {
      optimizer.restore(optimizer(), params.toArray(new Parameter[0]));
    } catch (IllegalArgumentException e) {
      throw new CheckpointException(where + " does not fit the trainer's optimizer: "
          + e.getMessage());
    }
    for (int t = 0; t < tensors.length; t++) {
      System.arraycopy(tensors[t], 0, params.get(t).value, 0, tensors[t].length);
    }
    List<TrainingRule> networkRules = network.trainingRules();
    for (int r = 0; r < rules.length; r++) {
      PruningState s = rules[r];
      if (s != null) {
        ((KernelPruning) networkRules.get(r)).restore(s.step, s.floor, s.mask, s.biasMask);
      }
    }
    network.weightsChanged();
  }

  private OptimizerSnapshot optimizer() {
    return optimizer;
  }
}
