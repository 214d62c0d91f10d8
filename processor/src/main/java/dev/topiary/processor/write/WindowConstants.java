package dev.topiary.processor.write;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeSpec;
import dev.topiary.architecture.LayerKind;
import dev.topiary.processor.model.Shape;
import dev.topiary.processor.model.SlidingWindow;
import dev.topiary.processor.model.Window;
import java.util.List;

/**
 * The geometry of a Conv2D or MaxPooling2D as named constants, and as the argument lists the
 * runtime's im2col, col2im, pooling and fused kernels take.
 * <pre>CONV_IN_H, CONV_IN_W, CONV_IN_C, CONV_KERNEL_H, CONV_KERNEL_W, CONV_STRIDE_H,
 * CONV_STRIDE_W, CONV_PAD_TOP, CONV_PAD_LEFT, CONV_OUT_H, CONV_OUT_W</pre>
 * (a pooling's channels are {@code POOL_CHANNELS}, its window {@code POOL_POOL_H} and
 * {@code POOL_POOL_W}).
 */
final class WindowConstants {
  /** Where the pooling's own values start in {@link #names}: after input height, width, channels. */
  private static final int WINDOW = 3;

  private WindowConstants() {}

  /** The geometry's constant names, in the order kernels take them. */
  static List<String> names(LayerPlan layer) {
    boolean conv = layer.spec().kind() == LayerKind.CONV2D;
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
    Shape in = layer.spec().input();
    Shape out = layer.spec().output();
    int[] size = window.size();
    int[] strides = window.strides();
    long[] values = {in.dim(0), in.dim(1), in.dim(2), size[0], size[1], strides[0], strides[1],
        window.padTop(in), window.padLeft(in), out.dim(0), out.dim(1)};
    List<String> names = names(layer);
    for (int i = 0; i < values.length; i++) {
      Constants.add(type, names.get(i), values[i]);
    }
  }

  /** {@code batch, CONV_IN_H, ..., CONV_OUT_W}: what im2col, col2im and pooling take. */
  static CodeBlock arguments(LayerPlan layer) {
    return CodeBlock.of("batch, $L", join(names(layer)));
  }

  /**
   * A fused pair's geometry as the fused kernels' constructors take it: the conv's, its filters,
   * then the pooling's window, strides, padding and output.
   * <pre>CONV_IN_H, ..., CONV_OUT_W, CONV_FILTERS, POOL_POOL_H, ..., POOL_OUT_W</pre>
   */
  static CodeBlock arguments(ConvPoolPair pair) {
    List<String> pool = names(pair.pool());
    return CodeBlock.of("$L, $N, $L", join(names(pair.conv())), pair.conv().constant("FILTERS"),
        join(pool.subList(WINDOW, pool.size())));
  }

  private static CodeBlock join(List<String> names) {
    return CodeBlock.join(names.stream().map(n -> CodeBlock.of("$N", n)).toList(), ", ");
  }
}
