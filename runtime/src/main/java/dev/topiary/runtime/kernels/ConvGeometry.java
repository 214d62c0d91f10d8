package dev.topiary.runtime.kernels;

import dev.topiary.architecture.LayerDescription;
import dev.topiary.architecture.LayerKind;

/**
 * The shape of one Conv2D over NHWC images: input {@code h x w x c}, kernel {@code kh x kw},
 * strides, the padding before the first row and column, output {@code oh x ow x filters}.
 * Immutable; generated code creates one per layer as a constant and passes it to the kernels,
 * which copy the fields into locals before their loops.
 */
public final class ConvGeometry {
  public final int h;
  public final int w;
  public final int c;
  public final int kh;
  public final int kw;
  public final int sh;
  public final int sw;
  public final int padTop;
  public final int padLeft;
  public final int oh;
  public final int ow;
  public final int filters;

  /**
   * @throws IllegalArgumentException if a size is not positive, a padding is negative, or the
   *     output sizes are not what the input, kernel, strides and padding give
   */
  public ConvGeometry(int h, int w, int c, int kh, int kw, int sh, int sw, int padTop,
      int padLeft, int oh, int ow, int filters) {
    Geometries.positive("Conv2D", h, w, c, kh, kw, sh, sw, oh, ow, filters);
    Geometries.window("Conv2D", h, kh, sh, padTop, oh);
    Geometries.window("Conv2D", w, kw, sw, padLeft, ow);
    this.h = h;
    this.w = w;
    this.c = c;
    this.kh = kh;
    this.kw = kw;
    this.sh = sh;
    this.sw = sw;
    this.padTop = padTop;
    this.padLeft = padLeft;
    this.oh = oh;
    this.ow = ow;
    this.filters = filters;
  }

  /** The geometry of a Conv2D layer as the architecture describes it. */
  public static ConvGeometry of(LayerDescription conv) {
    if (conv.kind() != LayerKind.CONV2D) {
      throw new IllegalArgumentException("expected a Conv2D layer, found " + conv);
    }
    return new ConvGeometry(conv.in(0), conv.in(1), conv.inChannels(), conv.window(0),
        conv.window(1), conv.stride(0), conv.stride(1), conv.padBefore(0), conv.padBefore(1),
        conv.out(0), conv.out(1), conv.outputChannels());
  }

  /** Values in one patch: {@code kh * kw * c}. */
  public int patch() {
    return kh * kw * c;
  }

  /** Output positions per image: {@code oh * ow}. */
  public int positions() {
    return oh * ow;
  }

  /** Values in one input image. */
  public int inSize() {
    return h * w * c;
  }

  /** Values in one output image. */
  public int outSize() {
    return oh * ow * filters;
  }

  @Override
  public String toString() {
    return h + "x" + w + "x" + c + " * k" + kh + "x" + kw + " s" + sh + "x" + sw + " pad " + padTop
        + "," + padLeft + " -> " + oh + "x" + ow + "x" + filters;
  }
}
