package dev.topiary.runtime.sparse;

import dev.topiary.runtime.kernels.ConvGeometry;
import dev.topiary.runtime.kernels.PoolGeometry;

import dev.topiary.runtime.data.Idx;
import dev.topiary.runtime.kernels.Activations;
import dev.topiary.runtime.kernels.Conv2DKernels;
import dev.topiary.runtime.kernels.MatMul;
import dev.topiary.runtime.kernels.MaxPoolKernels;
import java.io.DataInputStream;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * The kernel and inputs of {@link SparseKernelsTiming}: the seed CNN's Dense 5408 -> 64 layer,
 * either from a trained model file and MNIST images (the real post-ReLU inputs) or synthetic.
 */
final class TimingInputs {
  static final int K = 5408;
  static final int N = 64;

  private TimingInputs() {}

  /** Glorot-uniform weights, as Keras initialises the kernel. */
  static float[] glorot(long seed, int k, int n) {
    Random random = new Random(seed);
    float limit = (float) Math.sqrt(6.0 / (k + n));
    float[] w = new float[k * n];
    for (int i = 0; i < w.length; i++) {
      w[i] = (2 * random.nextFloat() - 1) * limit;
    }
    return w;
  }

  /** {@code count} examples of {@code K} inputs, zero with probability {@code zeros}. */
  static float[] synthetic(long seed, int count, double zeros) {
    return Matrices.relu(seed, count * K, zeros);
  }

  /**
   * The dense tensors of a model file by name (a minimal reader for the timing: encoding 0 only;
   * {@code ModelFile} is the checked reader).
   */
  static Map<String, float[]> tensors(File model) throws IOException {
    Map<String, float[]> out = new HashMap<>();
    try (InputStream raw = new FileInputStream(model);
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
      in.readFully(new byte[8]);
      in.readInt();
      in.readUTF();
      in.readUTF();
      int count = in.readInt();
      for (int t = 0; t < count; t++) {
        String name = in.readUTF();
        int encoding = in.readByte();
        if (encoding != 0) {
          throw new IOException("tensor " + name + " has encoding " + encoding + ", expected 0");
        }
        float[] v = new float[in.readInt()];
        for (int i = 0; i < v.length; i++) {
          v[i] = in.readFloat();
        }
        out.put(name, v);
      }
    }
    return out;
  }

  /**
   * The seed CNN's inputs to its hidden layer for the first {@code count} images: conv 3x3x32
   * with ReLU, 2x2 max pooling, flattened (13 * 13 * 32 = 5408 values per image).
   */
  static float[] seedFeatures(Map<String, float[]> model, File images, int count)
      throws IOException {
    Idx.Images img;
    try (InputStream in = new FileInputStream(images)) {
      img = Idx.readImages(in);
    }
    float[] conv = new float[count * 26 * 26 * 32];
    float[] cols = new float[count * 26 * 26 * 9];
    Conv2DKernels.im2col(img.pixels, 0, cols, count, new ConvGeometry(28, 28, 1, 3, 3, 1, 1, 0, 0, 26, 26, 1));
    MatMul.mulAddBias(cols, 0, model.get("conv/kernel"), model.get("conv/bias"), conv,
        count * 26 * 26, 9, 32);
    Activations.relu(conv, conv.length);
    float[] pooled = new float[count * K];
    MaxPoolKernels.forward(conv, 0, pooled, new int[pooled.length], count, new PoolGeometry(26, 26, 32, 2, 2, 2, 2, 0, 0, 13, 13));
    return pooled;
  }

  /** The fraction of exact zeros. */
  static double zeros(float[] x) {
    long n = 0;
    for (float v : x) {
      if (v == 0f) {
        n++;
      }
    }
    return (double) n / x.length;
  }
}
