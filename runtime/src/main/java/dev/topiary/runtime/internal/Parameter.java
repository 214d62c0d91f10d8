package dev.topiary.runtime.internal;

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

  /** The number of values. */
  public int size() {
    return value.length;
  }
}
