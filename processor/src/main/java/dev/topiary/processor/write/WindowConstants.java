package dev.topiary.processor.write;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.processor.model.Shape;
import dev.topiary.processor.model.ShapeInference;
import dev.topiary.processor.model.SlidingWindow;
import dev.topiary.processor.model.Window;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * The geometry of a Conv2D or MaxPooling2D as named constants, and as the argument lists the
 * runtime's im2col, col2im, pooling and fused kernels take.
 * <pre>CONV_IN_H, CONV_IN_W, CONV_IN_C, CONV_KERNEL_H, CONV_KERNEL_W, CONV_STRIDE_H,
 * CONV_STRIDE_W, CONV_PAD_TOP, CONV_PAD_LEFT, CONV_OUT_H, CONV_OUT_W</pre>
 * (a pooling's channels are {@code POOL_CHANNELS}, its window {@code POOL_POOL_H} and
 * {@code POOL_POOL_W}).
 */
final class WindowConstants {
  private WindowConstants() {}

  /** The geometry's constant names, in the order kernels take them. */
  static List<String> names(LayerPlan layer) {
    boolean conv = layer.spec().kind().convolution();
    String window = conv ? "KERNEL" : "POOL";
    return List.of(layer.constant("IN_H"), layer.constant("IN_W"),
        layer.constant(conv ? "IN_C" : "CHANNELS"), layer.constant(window + "_H"),
        layer.constant(window + "_W"), layer.constant("STRIDE_H"), layer.constant("STRIDE_W"),
        layer.constant("PAD_TOP"), layer.constant("PAD_LEFT"), layer.constant("OUT_H"),
        layer.constant("OUT_W"));
  }

  /** Adds the constants of {@link #names}, with their values. */
  static void add(TypeSpec.Builder type, LayerPlan layer) {
    Window window = ((SlidingWindow) layer.spec()).window();
    int[] in = image(layer.spec().input());
    int[] out = image(layer.spec().output());
    int[] size = window.size();
    int[] strides = window.strides();
    long[] values = {in[0], in[1], in[2], size[0], size[1], strides[0], strides[1],
        ShapeInference.padBefore(in[0], size[0], strides[0], window.padding()),
        ShapeInference.padBefore(in[1], size[1], strides[1], window.padding()), out[0], out[1]};
    List<String> names = names(layer);
    for (int i = 0; i < values.length; i++) {
      Constants.add(type, names.get(i), values[i]);
    }
  }

  /**
   * A shape as an image: {@code h x w x c} as it is, a sequence {@code steps x c} as the one-row
   * image {@code 1 x steps x c} that the 1D layers run on.
   */
  static int[] image(Shape s) {
    return s.rank() == 2 ? new int[] {1, s.dim(0), s.dim(1)} : s.dims();
  }

  /** The layer's geometry constant: {@code CONV_GEOMETRY}. */
  static String geometry(LayerPlan layer) {
    return layer.constant("GEOMETRY");
  }

  /**
   * The layer's geometry as one value the kernels take, built once from the constants above
   * (declared with the fields, after every constant it reads).
   * <pre>static final ConvGeometry CONV_GEOMETRY = new ConvGeometry(CONV_IN_H, ..., CONV_OUT_W, CONV_FILTERS);
   * static final PoolGeometry POOL_GEOMETRY = new PoolGeometry(POOL_IN_H, ..., POOL_OUT_W);</pre>
   */
  static void addGeometry(TypeSpec.Builder type, LayerPlan layer) {
    addGeometry(type, layer, "FILTERS");
  }

  /**
   * {@link #addGeometry(TypeSpec.Builder, LayerPlan)} with the output channels of a convolution
   * in the constant {@code channels}: {@code DW_OUT_C} for a depthwise one.
   */
  static void addGeometry(TypeSpec.Builder type, LayerPlan layer, String channels) {
    boolean conv = layer.spec().kind().convolution();
    ClassName kind = conv ? RuntimeTypes.CONV_GEOMETRY : RuntimeTypes.POOL_GEOMETRY;
    CodeBlock args = conv
        ? CodeBlock.of("$L, $N", join(names(layer)), layer.constant(channels))
        : join(names(layer));
    type.addField(FieldSpec.builder(kind, geometry(layer), Modifier.STATIC, Modifier.FINAL)
        .initializer("new $T($L)", kind, args).build());
  }

  /** {@code batch, CONV_GEOMETRY}: what im2col, col2im and pooling take. */
  static CodeBlock arguments(LayerPlan layer) {
    return CodeBlock.of("batch, $N", geometry(layer));
  }

  /** A fused pair's geometries as the fused kernels' constructors take them. */
  static CodeBlock arguments(ConvPoolPair pair) {
    return CodeBlock.of("$N, $N", geometry(pair.conv()), geometry(pair.pool()));
  }

  private static CodeBlock join(List<String> names) {
    return CodeBlock.join(names.stream().map(n -> CodeBlock.of("$N", n)).toList(), ", ");
  }
}
