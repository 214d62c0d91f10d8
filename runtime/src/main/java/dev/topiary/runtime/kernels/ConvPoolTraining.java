package dev.topiary.runtime.kernels;

/**
 * The training forward pass of a Conv2D layer with ReLU followed by a MaxPooling2D, image by
 * image: im2col, the product with the bias, the ReLU and the pooling with its argmax run for one
 * image before the next, so that the image's conv activations (26x26x32 floats, 86 KB, in the
 * seed) are pooled while they are still in L2, instead of four passes over the whole batch's
 * (2.7 MB at batch 32, larger than L2). Every buffer the unfused layers write is written, with
 * the same bits: the patches and conv activations for the backward pass and
 * {@code activations()}, the pooled output and the winners. Images are split over the
 * {@link WorkerPool} bound to the calling thread, if any; each writes only its own images.
 *
 * <p>An instance holds its geometry and one work item; it serves one network, not concurrent
 * calls.
 */
public final class ConvPoolTraining implements WorkerPool.Chunks {
  private final int c;
  private final int kh;
  private final int kw;
  private final int oh;
  private final int ow;
  private final int filters;
  private final int poh;
  private final int pow;

  private float[] x;
  private int xOff;
  private float[] kernel;
  private float[] bias;
  private float[] cols;
  private float[] convOut;
  private float[] pooled;
  private int[] argmax;
  private int batch;
  private int chunks;
  private boolean backwardPass;
  private float[] poolGrad;
  private float[] convGrad;
  /** Each image's share of the kernel gradient, then of the bias gradient; grown once. */
  private float[] kernelPartials = new float[0];
  private float[] biasPartials = new float[0];

  private final ConvGeometry convGeometry;
  private final PoolGeometry poolGeometry;

  /** A Conv2D (ReLU) and the MaxPooling2D after it, of these geometries. */
  public ConvPoolTraining(ConvGeometry conv, PoolGeometry pool) {
    Geometries.chained(conv, pool);
    this.convGeometry = conv;
    this.poolGeometry = pool;
    this.c = conv.c;
    this.kh = conv.kh;
    this.kw = conv.kw;
    this.oh = conv.oh;
    this.ow = conv.ow;
    this.filters = conv.filters;
    this.poh = pool.oh;
    this.pow = pool.ow;
  }

  /**
   * For each image: {@code cols = im2col(X)}, {@code convOut = relu(cols K + bias)},
   * {@code pooled, argmax = maxPool(convOut)}, equal bit for bit to {@link Conv2DKernels#im2col},
   * {@link MatMul#mulAddBias}, {@link Activations#relu} and {@link MaxPoolKernels#forward} over
   * the batch.
   *
   * @param x {@code batch x h x w x c} starting at {@code xOff}; read
   * @param kernel {@code (kh*kw*c) x filters}; read
   * @param bias {@code filters} values, or {@code null}; read
   * @param cols {@code (batch*oh*ow) x (kh*kw*c)}; written
   * @param convOut {@code batch x oh x ow x filters}; written
   * @param pooled {@code batch x poh x pow x filters}; written
   * @param argmax same size as {@code pooled}; written, indices into {@code convOut}
   */
  public void forward(float[] x, int xOff, float[] kernel, float[] bias, float[] cols,
      float[] convOut, float[] pooled, int[] argmax, int batch) {
    int rows = batch * oh * ow;
    if (filters < Tuning.VECTOR_MIN || rows < 4) { // MatMul's plain variants: run unfused
      Conv2DKernels.im2col(x, xOff, cols, batch, convGeometry);
      MatMul.mulAddBias(cols, 0, kernel, bias, convOut, rows, kh * kw * c, filters);
      Activations.relu(convOut, rows * filters);
      MaxPoolKernels.forward(convOut, 0, pooled, argmax, batch, poolGeometry);
      return;
    }
    int chunks = Tuning.chunks((long) rows * kh * kw * c * filters, batch);
    if (chunks <= 1) {
      images(x, xOff, kernel, bias, cols, convOut, pooled, argmax, batch, 0, batch);
      return;
    }
    this.x = x;
    this.xOff = xOff;
    this.kernel = kernel;
    this.bias = bias;
    this.cols = cols;
    this.convOut = convOut;
    this.pooled = pooled;
    this.argmax = argmax;
    this.batch = batch;
    this.chunks = chunks;
    try {
      WorkerPool.run(this, chunks);
    } finally {
      this.x = this.kernel = this.bias = this.cols = this.convOut = this.pooled = null;
      this.argmax = null;
    }
  }

  /**
   * The backward pass of the pooling, the ReLU and the conv's parameters, image by image: the
   * conv activations' gradient as {@link MaxPoolKernels#backwardReluImages} computes it, then, while
   * it is in cache, the image's share of the kernel gradient {@code cols^T convGrad} and of the
   * bias gradient (the sum of the pooled gradients that passed the ReLU: they are
   * {@code convGrad}'s terms); the shares are added in image order, so the result does not depend
   * on the number of threads.
   *
   * @param poolGrad {@code batch x poh x pow x filters}, the pooled output's gradient; read
   * @param pooled, argmax what {@link #forward} wrote; read
   * @param cols what {@link #forward} wrote; read
   * @param convGrad {@code batch x oh x ow x filters}; written (the conv's pre-ReLU gradient)
   * @param kernelGrad {@code (kh*kw*c) x filters}; written (overwritten)
   * @param biasGrad {@code filters} values, or {@code null} for a conv without bias; written
   */
  public void backward(float[] poolGrad, float[] pooled, int[] argmax, float[] cols,
      float[] convGrad, float[] kernelGrad, float[] biasGrad, int batch) {
    int patch = kh * kw * c;
    if (kernelPartials.length < batch * patch * filters) {
      kernelPartials = new float[batch * patch * filters];
      biasPartials = new float[batch * filters];
    }
    int chunks = Tuning.chunks((long) batch * oh * ow * patch * filters, batch);
    if (chunks <= 1) {
      backwardImages(poolGrad, pooled, argmax, cols, convGrad, 0, batch);
    } else {
      this.poolGrad = poolGrad;
      this.pooled = pooled;
      this.argmax = argmax;
      this.cols = cols;
      this.convGrad = convGrad;
      this.batch = batch;
      this.chunks = chunks;
      backwardPass = true;
      try {
        WorkerPool.run(this, chunks);
      } finally {
        backwardPass = false;
        this.poolGrad = this.pooled = this.cols = this.convGrad = null;
        this.argmax = null;
      }
    }
    MatMul.sumBlocks(kernelPartials, batch, patch * filters, kernelGrad);
    if (biasGrad != null) {
      MatMul.sumBlocks(biasPartials, batch, filters, biasGrad);
    }
  }

  /** Images {@code [chunk * batch / chunks, (chunk + 1) * batch / chunks)}. */
  @Override
  public void run(int chunk) {
    int n0 = Tasks.start(chunk, chunks, batch);
    int n1 = Tasks.start(chunk + 1, chunks, batch);
    if (backwardPass) {
      backwardImages(poolGrad, pooled, argmax, cols, convGrad, n0, n1);
    } else {
      images(x, xOff, kernel, bias, cols, convOut, pooled, argmax, batch, n0, n1);
    }
  }

  private void backwardImages(float[] poolGrad, float[] pooled, int[] argmax, float[] cols,
      float[] convGrad, int n0, int n1) {
    int positions = oh * ow;
    int patch = kh * kw * c;
    int outSize = poh * pow * filters;
    for (int n = n0; n < n1; n++) {
      MaxPoolKernels.backwardReluImages(poolGrad, pooled, argmax, convGrad, outSize,
          positions * filters, n, n + 1);
      Kernels.DENSE.transARowBlock(cols, 0, convGrad, patch, filters, n * positions,
          (n + 1) * positions, kernelPartials, n * patch * filters);
      int b = n * filters;
      java.util.Arrays.fill(biasPartials, b, b + filters, 0f);
      for (int i = n * outSize; i < (n + 1) * outSize; i += filters) {
        for (int f = 0; f < filters; f++) {
          float y = pooled[i + f];
          biasPartials[b + f] += y > 0f ? poolGrad[i + f] : 0f;
        }
      }
    }
  }

  private void images(float[] x, int xOff, float[] kernel, float[] bias, float[] cols,
      float[] convOut, float[] pooled, int[] argmax, int batch, int n0, int n1) {
    int positions = oh * ow;
    int patch = kh * kw * c;
    int rows = batch * positions;
    for (int n = n0; n < n1; n++) {
      Conv2DKernels.im2colImages(x, xOff, cols, convGeometry, n, n + 1);
      // The variant mulAddBias would choose for the whole batch: the same bits.
      MatMul.forwardRows(cols, 0, kernel, bias, convOut, rows, patch, filters, n * positions,
          (n + 1) * positions);
      int from = n * positions * filters;
      int to = from + positions * filters;
      for (int i = from; i < to; i++) {
        convOut[i] = Math.max(convOut[i], 0f);
      }
      MaxPoolKernels.forwardImages(convOut, 0, pooled, argmax, poolGeometry, n, n + 1);
    }
  }
}
