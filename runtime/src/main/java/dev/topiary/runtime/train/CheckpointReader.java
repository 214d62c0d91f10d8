package dev.topiary.runtime.train;

import dev.topiary.runtime.Network;
import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.TrainingRule;
import dev.topiary.runtime.optim.OptimizerSnapshot;
import dev.topiary.runtime.prune.KernelPruning;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Reads a {@link Checkpoint} for one network, checking it as {@link Checkpoint}'s Javadoc says:
 * head, length, structure, checksum, then the match with the network. Every array it allocates
 * is bounded by the bytes read, and those by {@link #maxBytes}, which the network decides.
 */
final class CheckpointReader {
  private final Network network;
  private final String where;
  private byte[] bytes;
  private Bytes stream;
  private DataInputStream in;
  private String reading = "the magic number";

  CheckpointReader(Network network, String where) {
    this.network = network;
    this.where = where;
  }

  /**
   * The longest checkpoint {@code network} can have: its names at their longest (65,535 bytes of
   * UTF-8 each), its values, masks and up to {@link Checkpoint#MAX_SLOT_KINDS} kinds of optimizer
   * state, and the fixed fields.
   */
  static long maxBytes(Network network) {
    long values = 0;
    List<Parameter> params = network.parameters();
    for (Parameter p : params) {
      values += p.size();
    }
    int names = 3 + params.size() + network.trainingRules().size();
    long arrays = (long) params.size() * (Checkpoint.MAX_SLOT_KINDS + 1)
        + 2L * network.trainingRules().size() + Checkpoint.MAX_SLOT_KINDS;
    return 1024 + 65_537L * names + 4 * arrays + 4 * values * (Checkpoint.MAX_SLOT_KINDS + 2)
        + 64L * network.trainingRules().size();
  }

  /** Reads {@code source} to its end (not closing it), then checks and parses it. */
  Checkpoint read(InputStream source) throws IOException {
    bytes = readBounded(source);
    stream = new Bytes(bytes);
    in = new DataInputStream(stream);
    Checkpoint c;
    try {
      c = parse();
    } catch (EOFException e) {
      throw new CheckpointException(where + " is truncated: it ends after " + bytes.length
          + " bytes, in " + reading);
    } catch (UTFDataFormatException e) {
      throw new CheckpointException(where + " is corrupted: " + reading + " is not valid UTF-8");
    }
    match(c);
    return c;
  }

  private byte[] readBounded(InputStream source) throws IOException {
    long max = maxBytes(network);
    byte[] head = new byte[Checkpoint.MAGIC.length + 4];
    int n = readUpTo(source, head, 0, head.length);
    checkHead(head, n);
    if (n < head.length) {
      return java.util.Arrays.copyOf(head, n);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(1 << 16);
    out.write(head, 0, n);
    byte[] chunk = new byte[1 << 16];
    int r;
    while ((r = source.read(chunk)) > 0) {
      if (out.size() + (long) r > max) {
        throw new CheckpointException(where + " goes on past " + max + " bytes, expected at most "
            + max + " (the longest checkpoint of network " + network.modelName() + ")");
      }
      out.write(chunk, 0, r);
    }
    return out.toByteArray();
  }

  private static int readUpTo(InputStream in, byte[] b, int from, int to) throws IOException {
    int n = from;
    while (n < to) {
      int r = in.read(b, n, to - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private void checkHead(byte[] head, int n) throws CheckpointException {
    int m = Math.min(n, Checkpoint.MAGIC.length);
    for (int i = 0; i < m; i++) {
      if (head[i] != Checkpoint.MAGIC[i]) {
        StringBuilder found = new StringBuilder();
        for (int j = 0; j < m; j++) {
          found.append(j == 0 ? "" : " ").append(String.format(Locale.ROOT, "%02x",
              head[j] & 0xFF));
        }
        throw new CheckpointException(where + " is not a Topiary training checkpoint: expected "
            + "it to start with \"TOPICKPT\" (54 4f 50 49 43 4b 50 54), found " + found);
      }
    }
    if (n >= head.length) {
      int at = Checkpoint.MAGIC.length;
      int version = (head[at] & 0xFF) << 24 | (head[at + 1] & 0xFF) << 16
          | (head[at + 2] & 0xFF) << 8 | (head[at + 3] & 0xFF);
      if (version != Checkpoint.FORMAT_VERSION) {
        throw new CheckpointException(where + " has checkpoint format version " + version
            + ", expected " + Checkpoint.FORMAT_VERSION + " (the version this Topiary reads; a "
            + "newer Topiary may have written it)");
      }
    }
  }

  private Checkpoint parse() throws IOException {
    reading = "the magic number";
    in.readFully(new byte[Checkpoint.MAGIC.length + 4]);
    reading = "the model name";
    String modelName = in.readUTF();
    reading = "the architecture";
    String architecture = in.readUTF();
    reading = "the epoch, step count and shuffle seed";
    int epoch = in.readInt();
    long steps = in.readLong();
    long seed = in.readLong();
    if (epoch < 0 || steps < 0) {
      throw corrupted("a negative epoch or step count (" + epoch + ", " + steps + ")");
    }
    reading = "the tensor count";
    int count = count(in.readInt(), 6, "tensor count");
    String[] names = new String[count];
    float[][] tensors = new float[count][];
    for (int t = 0; t < count; t++) {
      reading = "tensor " + t + "'s name";
      names[t] = in.readUTF();
      reading = "tensor " + names[t];
      tensors[t] = floats();
    }
    reading = "the optimizer";
    String optimizer = in.readUTF();
    int iterations = in.readInt();
    boolean fixedRate = in.readBoolean();
    double rate = in.readDouble();
    int kinds = in.readInt();
    if (iterations < 0 || kinds < 0 || kinds > Checkpoint.MAX_SLOT_KINDS) {
      throw corrupted("optimizer iterations " + iterations + " and " + kinds + " kinds of state;"
          + " expected iterations >= 0 and 0 to " + Checkpoint.MAX_SLOT_KINDS + " kinds");
    }
    float[][][] slots = new float[kinds][][];
    for (int k = 0; k < kinds; k++) {
      reading = "the optimizer's state " + k;
      slots[k] = new float[count(in.readInt(), 4, "optimizer state count")][];
      for (int p = 0; p < slots[k].length; p++) {
        slots[k][p] = floats();
      }
    }
    reading = "the rule count";
    int ruleCount = count(in.readInt(), 1, "rule count");
    Checkpoint.PruningState[] rules = new Checkpoint.PruningState[ruleCount];
    for (int r = 0; r < ruleCount; r++) {
      reading = "rule " + r;
      rules[r] = rule(in.readByte());
    }
    reading = "the checksum";
    int end = stream.position();
    long stored = in.readLong();
    if (stream.available() > 0) {
      throw corrupted(stream.available() + " bytes after the checksum, expected none");
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, end);
    if (crc.getValue() != stored) {
      throw new CheckpointException(String.format(Locale.ROOT, "%s is corrupted: checksum "
          + "expected %08x (stored), found %08x (computed)", where, stored, crc.getValue()));
    }
    return new Checkpoint(modelName, architecture, epoch, steps, seed, names, tensors,
        new OptimizerSnapshot(optimizer, iterations, rate, fixedRate, slots), rules);
  }

  private Checkpoint.PruningState rule(byte kind) throws IOException {
    if (kind == Checkpoint.RULE_STATELESS) {
      return null;
    }
    if (kind != Checkpoint.RULE_PRUNING) {
      throw corrupted("rule kind " + kind + ", expected " + Checkpoint.RULE_STATELESS + " or "
          + Checkpoint.RULE_PRUNING);
    }
    String layer = in.readUTF();
    reading = "layer " + layer + "'s pruning state";
    long step = in.readLong();
    double floor = in.readDouble();
    float[] mask = floats();
    int biasLength = in.readInt();
    float[] biasMask = biasLength == -1 ? null : floats(biasLength);
    return new Checkpoint.PruningState(layer, step, floor, mask, biasMask);
  }

  private float[] floats() throws IOException {
    return floats(in.readInt());
  }

  /** {@code length} raw floats, refused as truncated before allocating beyond the bytes left. */
  private float[] floats(int length) throws IOException {
    if (length < 0) {
      throw corrupted("a negative length " + length);
    }
    if ((long) length * 4 > stream.available()) {
      throw new EOFException();
    }
    float[] v = new float[length];
    int at = stream.position();
    for (int i = 0; i < length; i++, at += 4) {
      v[i] = Float.intBitsToFloat((bytes[at] & 0xFF) << 24 | (bytes[at + 1] & 0xFF) << 16
          | (bytes[at + 2] & 0xFF) << 8 | (bytes[at + 3] & 0xFF));
    }
    stream.skip(4L * length);
    return v;
  }

  /** A count of items of at least {@code minBytes} each, bounded by the bytes left. */
  private int count(int n, int minBytes, String what) throws IOException {
    if (n < 0) {
      throw corrupted("a negative " + what + " " + n);
    }
    if ((long) n * minBytes > stream.available()) {
      throw new EOFException();
    }
    return n;
  }

  private CheckpointException corrupted(String found) {
    return new CheckpointException(where + " is corrupted: in " + reading + ", found " + found);
  }

  /** The match with the network: name, architecture, tensors, rules and their masks. */
  private void match(Checkpoint c) throws CheckpointException {
    if (!c.modelName.equals(network.modelName())) {
      throw mismatch("network " + network.modelName(), "network " + c.modelName);
    }
    if (!c.architecture.equals(network.architecture())) {
      throw mismatch("the architecture \"" + network.architecture() + "\"",
          "\"" + c.architecture + "\"");
    }
    List<Parameter> params = network.parameters();
    if (c.tensors.length != params.size()) {
      throw mismatch(params.size() + " tensors", c.tensors.length + "");
    }
    for (int t = 0; t < params.size(); t++) {
      Parameter p = params.get(t);
      if (!c.tensorNames[t].equals(p.name) || c.tensors[t].length != p.size()) {
        throw mismatch("tensor " + t + " to be " + p.name + " of " + p.size() + " values",
            c.tensorNames[t] + " of " + c.tensors[t].length);
      }
    }
    List<TrainingRule> rules = network.trainingRules();
    if (c.rules.length != rules.size()) {
      throw mismatch(rules.size() + " training rules", c.rules.length + "");
    }
    for (int r = 0; r < rules.size(); r++) {
      matchRule(r, rules.get(r), c.rules[r]);
    }
  }

  private void matchRule(int r, TrainingRule rule, Checkpoint.PruningState s)
      throws CheckpointException {
    if (!(rule instanceof KernelPruning)) {
      if (s != null) {
        throw mismatch("rule " + r + " to have no state", "pruning of layer " + s.layer);
      }
      return;
    }
    KernelPruning p = (KernelPruning) rule;
    if (s == null || !s.layer.equals(p.layer())) {
      throw mismatch("rule " + r + " to prune layer " + p.layer(),
          s == null ? "a rule without state" : "pruning of layer " + s.layer);
    }
    if (s.step < 0 || !(s.floor >= 0 && s.floor <= 1)) {
      throw new CheckpointException(where + " is corrupted: layer " + s.layer + "'s pruning "
          + "expected steps >= 0 and a floor in [0, 1], found " + s.step + " and " + s.floor);
    }
    checkMask(s.layer + "'s kernel mask", s.mask, p.kernelMask().length);
    float[] bias = p.biasMask();
    if ((bias == null) != (s.biasMask == null)) {
      throw mismatch("layer " + s.layer + (bias == null ? " without" : " with") + " a bias mask",
          s.biasMask == null ? "none" : "one");
    }
    if (bias != null) {
      checkMask(s.layer + "'s bias mask", s.biasMask, bias.length);
    }
  }

  private void checkMask(String what, float[] mask, int length) throws CheckpointException {
    if (mask.length != length) {
      throw mismatch(what + " of " + length + " values", mask.length + "");
    }
    for (int i = 0; i < mask.length; i++) {
      if (Float.floatToRawIntBits(mask[i]) != 0 && mask[i] != 1f) {
        throw new CheckpointException(where + " is corrupted: " + what + " expected 0 or 1 at "
            + i + ", found " + mask[i]);
      }
    }
  }

  private CheckpointException mismatch(String expected, String found) {
    return new CheckpointException(where + " was saved from another network or architecture: "
        + "expected " + expected + ", found " + found);
  }

  /** A byte array stream that tells its position. */
  private static final class Bytes extends ByteArrayInputStream {
    Bytes(byte[] bytes) {
      super(bytes);
    }

    int position() {
      return pos;
    }
  }
}
