package dev.topiary.runtime.inference;

import dev.topiary.architecture.Architecture;
import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;

import dev.topiary.runtime.Parameter;
import dev.topiary.runtime.io.ModelFile;
import dev.topiary.runtime.kernels.Conv2DKernels;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a Topiary model file (an {@link InferenceModel} export or a network's own file) as an
 * ONNX model (IR 8, opset 13) with the same weights, so that ONNX Runtime runs exactly Topiary's
 * network: pruned weights stay (exact zeros in dense tensors; ONNX Runtime has no sparse conv or
 * Gemm kernel), channel-pruned layers are compacted as {@link InferenceModel} compacts them.
 *
 * <p>The graph takes Topiary's NHWC input {@code [N, h, w, c]} ({@code N} free) and returns the
 * last layer's output {@code [N, units]}. Convolution and pooling run in ONNX's NCHW: the input
 * is transposed once (reshaped when {@code c == 1}, which moves nothing), and the rows of the
 * Dense kernel after a Flatten are permuted from Topiary's HWC order to CHW, so no transpose is
 * needed before the Flatten. Supports what the seed CNNs use: Conv2D, MaxPooling2D, Flatten,
 * Dense, activations ReLU, Softmax and linear (standalone or as a layer's activation).
 *
 * <p>Used by benchmarks' {@code OrtSeedCnn}; {@code main} converts files:
 * {@code java -cp benchmarks.jar dev.topiary.runtime.inference.OnnxExport in.topiary out.onnx}.
 */
public final class OnnxExport {
  private static final int FLOAT = 1;
  private static final int INT64 = 7;
  private static final int ATTR_INT = 2;
  private static final int ATTR_INTS = 7;

  /** The graph's input and output names. */
  public static final String INPUT = "input";
  public static final String OUTPUT = "output";

  private final Protobuf graph = new Protobuf();
  private int nodes;

  private OnnxExport() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: OnnxExport <model.topiary> <model.onnx>");
      System.exit(2);
    }
    write(new File(args[0]), new File(args[1]));
  }

  /** Converts {@code topiary} to {@code onnx}, written to a temporary file first, then moved. */
  public static void write(File topiary, File onnx) throws IOException {
    byte[] bytes = toOnnx(topiary);
    File tmp = new File(onnx.getPath() + ".tmp");
    Files.write(tmp.toPath(), bytes);
    Files.move(tmp.toPath(), onnx.toPath(), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The ONNX model of the Topiary model file {@code topiary}, as bytes. */
  public static byte[] toOnnx(File topiary) throws IOException {
    ModelFile.Contents contents = ModelFile.read(topiary);
    Map<String, float[]> weights = new HashMap<>();
    for (Parameter p : contents.tensors) {
      weights.put(p.name, p.value);
    }
    Compaction c = Compaction.of(Architecture.parse(contents.architecture), weights);
    return new OnnxExport().model(c.architecture, c.tensors, contents.modelName);
  }

  private byte[] model(Architecture arch, Map<String, float[]> tensors, String name) {
    int[] in = arch.inputShape();
    if (in.length != 3) {
      throw new IllegalArgumentException("expected an image input {h, w, c}, found "
          + java.util.Arrays.toString(in));
    }
    graph.string(2, name.replaceAll("[^A-Za-z0-9_]", "_"));
    graph.message(11, valueInfo(INPUT, "N", in[0], in[1], in[2]));
    String x = "input/nchw";
    if (in[2] == 1) {
      int64s("input_shape", -1, 1, in[0], in[1]);
      node("Reshape", new String[] {INPUT, "input_shape"}, x);
    } else {
      node("Transpose", new String[] {INPUT}, x, ints("perm", 0, 3, 1, 2));
    }
    List<LayerDescription> layers = arch.layers();
    int[] flattenedFrom = null; // {h, w, c} of the last Flatten's input, until a Dense uses it
    for (LayerDescription l : layers) {
      String y = l.name() + "/out";
      switch (l.kind()) {
        case CONV2D:
          x = conv(l, tensors, x);
          break;
        case MAX_POOLING2D:
          node("MaxPool", new String[] {x}, y, ints("kernel_shape", new int[] {l.window(0), l.window(1)}),
              ints("strides", new int[] {l.stride(0), l.stride(1)}), ints("pads", pads(l)));
          x = y;
          break;
        case FLATTEN:
          flattenedFrom = l.inShape().length == 3 ? l.inShape() : null;
          node("Flatten", new String[] {x}, y, ints("axis", 1));
          x = y;
          break;
        case DENSE:
          x = dense(l, tensors, x, flattenedFrom);
          flattenedFrom = null;
          break;
        case RELU:
        case SOFTMAX:
          x = activation(l.kind() == LayerKind.RELU ? "RELU" : "SOFTMAX", x, y);
          break;
        default:
          throw new IllegalArgumentException("no ONNX export for layer " + l);
      }
    }
    // the graph's output: an Identity names it
    node("Identity", new String[] {x}, OUTPUT);
    int units = layers.get(layers.size() - 1).outSize();
    graph.message(12, valueInfo(OUTPUT, "N", units));
    return new Protobuf()
        .varint(1, 8) // ir_version
        .string(2, "topiary-benchmarks OnnxExport")
        .message(7, graph)
        .message(8, new Protobuf().string(1, "").varint(2, 13)) // opset_import
        .toByteArray();
  }

  private String conv(LayerDescription l, Map<String, float[]> tensors, String x) {
    int kh = l.window(0);
    int kw = l.window(1);
    int c = l.inChannels();
    int f = l.outputChannels();
    float[] k = tensors.get(l.name() + "/kernel"); // [kh][kw][c][f]
    float[] oihw = new float[k.length];
    for (int ky = 0; ky < kh; ky++) {
      for (int kx = 0; kx < kw; kx++) {
        for (int ch = 0; ch < c; ch++) {
          for (int o = 0; o < f; o++) {
            oihw[((o * c + ch) * kh + ky) * kw + kx] = k[((ky * kw + kx) * c + ch) * f + o];
          }
        }
      }
    }
    floats(l.name() + "/kernel", oihw, f, c, kh, kw);
    floats(l.name() + "/bias", bias(l, tensors), f);
    String pre = l.name() + "/pre";
    node("Conv", new String[] {x, l.name() + "/kernel", l.name() + "/bias"}, pre,
        ints("kernel_shape", new int[] {l.window(0), l.window(1)}), ints("strides", new int[] {l.stride(0), l.stride(1)}), ints("pads", pads(l)));
    return activation(l.activation().name(), pre, l.name() + "/out");
  }

  private String dense(LayerDescription l, Map<String, float[]> tensors, String x, int[] hwc) {
    int in = l.inSize();
    int units = l.outputChannels();
    float[] k = tensors.get(l.name() + "/kernel"); // [in][units], in in HWC order after a Flatten
    float[] rows = k;
    if (hwc != null && hwc[2] > 1) {
      rows = new float[k.length];
      int h = hwc[0];
      int w = hwc[1];
      int c = hwc[2];
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < w; xx++) {
          for (int ch = 0; ch < c; ch++) {
            System.arraycopy(k, ((y * w + xx) * c + ch) * units, rows,
                ((ch * h + y) * w + xx) * units, units);
          }
        }
      }
    }
    floats(l.name() + "/kernel", rows, in, units);
    floats(l.name() + "/bias", bias(l, tensors), units);
    String pre = l.name() + "/pre";
    node("Gemm", new String[] {x, l.name() + "/kernel", l.name() + "/bias"}, pre);
    return activation(l.activation().name(), pre, l.name() + "/out");
  }

  private String activation(String activation, String x, String y) {
    switch (activation) {
      case "LINEAR":
        return x;
      case "RELU":
        node("Relu", new String[] {x}, y);
        return y;
      case "SOFTMAX":
        node("Softmax", new String[] {x}, y, ints("axis", 1));
        return y;
      default:
        throw new IllegalArgumentException("no ONNX export for activation " + activation);
    }
  }

  private static float[] bias(LayerDescription l, Map<String, float[]> tensors) {
    return l.bias() ? tensors.get(l.name() + "/bias") : new float[l.outputChannels()];
  }

  /** ONNX pads {@code {top, left, bottom, right}} of a Keras "valid" or "same" window. */
  private static int[] pads(LayerDescription l) {
    int[] p = new int[4];
    for (int axis = 0; axis < 2; axis++) {
      int in = l.in(axis);
      int out = l.out(axis);
      int before = Conv2DKernels.padBefore(in, l.window(axis), l.stride(axis), l.same());
      int total = Math.max(0, (out - 1) * l.stride(axis) + l.window(axis) - in);
      p[axis] = before;
      p[axis + 2] = l.same() ? total - before : 0;
    }
    return p;
  }

  /** A float initializer of shape {@code dims}, stored as raw little-endian data. */
  private void floats(String name, float[] values, long... dims) {
    Protobuf t = new Protobuf();
    for (long d : dims) {
      t.varint(1, d);
    }
    graph.message(5, t.varint(2, FLOAT).string(8, name).bytes(9, Protobuf.littleEndian(values)));
  }

  /** A one-dimensional int64 initializer. */
  private void int64s(String name, long... values) {
    Protobuf t = new Protobuf().varint(1, values.length).varint(2, INT64).string(8, name);
    for (long v : values) {
      t.varint(7, v);
    }
    graph.message(5, t);
  }

  private void node(String op, String[] inputs, String output, Protobuf... attributes) {
    Protobuf n = new Protobuf();
    for (String i : inputs) {
      n.string(1, i);
    }
    n.string(2, output).string(3, op + "_" + nodes++).string(4, op);
    for (Protobuf a : attributes) {
      n.message(5, a);
    }
    graph.message(1, n);
  }

  private static Protobuf ints(String name, int... values) {
    Protobuf a = new Protobuf().string(1, name);
    if (values.length == 1 && "axis".equals(name)) {
      return a.varint(3, values[0]).varint(20, ATTR_INT);
    }
    for (int v : values) {
      a.varint(8, v);
    }
    return a.varint(20, ATTR_INTS);
  }

  private static Protobuf valueInfo(String name, String batch, int... dims) {
    Protobuf shape = new Protobuf().message(1, new Protobuf().string(2, batch));
    for (int d : dims) {
      shape.message(1, new Protobuf().varint(1, d));
    }
    Protobuf tensor = new Protobuf().varint(1, FLOAT).message(2, shape);
    return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensor));
  }
}
