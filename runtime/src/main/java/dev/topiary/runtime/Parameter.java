package dev.topiary.runtime;

/**
 * One trainable tensor of a generated network with its gradient: what optimizers update and
 * model files store. Generated code creates them once; the arrays are never replaced.
 */
public final class Parameter {
  /** Stable name used in model files, e.g. {@code "conv/kernel"}. */
  public final String name;
  /** The values, in the layer's Keras layout. */
  public final float[] value;
  /** The gradient of the last backward pass, same layout as {@link #value}. */
  public final float[] grad;

  /** Creates a trainable parameter of {@code size} values, all zero. */
  public Parameter(String name, int size) {
    this(name, new float[size], new float[size]);
  }

  private Parameter(String name, float[] value, float[] grad) {
    this.name = name;
    this.value = value;
    this.grad = grad;
  }

  /**
   * A tensor saved beside the parameters but not trained (e.g. a mask): {@code size} values all
   * set to {@code initial}, and an empty gradient. Networks do not store their pruning masks (a
   * pruned kernel's zeros imply them); the file format still encodes such a tensor compactly.
   */
  public static Parameter state(String name, int size, float initial) {
    float[] value = new float[size];
    java.util.Arrays.fill(value, initial);
    return new Parameter(name, value, new float[0]);
  }

  /**
   * A tensor that is only stored and read, never trained (an inference model's weights):
   * {@code value} itself, not a copy, and an empty gradient.
   */
  public static Parameter stored(String name, float[] value) {
    return new Parameter(name, value, new float[0]);
  }

  /** The number of values. */
  public int size() {
    return value.length;
  }
}
