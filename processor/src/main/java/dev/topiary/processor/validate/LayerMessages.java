package dev.topiary.processor.validate;

/**
 * The wording of the diagnostics of Dropout, pooling and BatchNormalization layers, as
 * {@link Messages}: {@code <where>: <what is wrong>; expected <x>, found <y>; <fix>}.
 */
final class LayerMessages {
  private LayerMessages() {}

  static String invalidDropoutRate(String layer, double rate) {
    return layer + ": @Dropout(rate) is the fraction of values dropped while training; expected "
        + "a value in [0, 1), found " + rate + "; use e.g. @Dropout(0.2)";
  }
}
