package dev.topiary.samples;

import static dev.topiary.Activation.RELU;
import static dev.topiary.Activation.SOFTMAX;

import dev.topiary.BatchNormalization;
import dev.topiary.Conv2D;
import dev.topiary.Dense;
import dev.topiary.DepthwiseConv2D;
import dev.topiary.Dropout;
import dev.topiary.GlobalAveragePooling2D;
import dev.topiary.Model;
import dev.topiary.Padding;
import dev.topiary.ReLU;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * A MobileNet-style digit classifier: a stride-2 stem, two depthwise-separable blocks written as
 * MobileNet v1 writes them (3x3 depthwise, BN, ReLU, then a 1x1 pointwise Conv2D, BN, ReLU),
 * global average pooling, dropout and a softmax. 13,642 trainable parameters (and 640 moving
 * statistics): the 13.6k-parameter PyTorch model of issue 16, which
 * {@code benchmarks/peer/pytorch_mobile_digits.py} builds the same way.
 *
 * <p>Shapes: 28x28x1, stem 14x14x32, block 1 14x14x64, block 2 (depthwise stride 2) 7x7x128,
 * pooled 128, output 10.
 */
@Model(input = {28, 28, 1})
public interface MobileDigits extends Network {
  @Conv2D(filters = 32, kernel = {3, 3}, strides = {2, 2}, padding = Padding.SAME)
  Conv2DLayer stem();

  @BatchNormalization
  Layer stemBn();

  @ReLU
  Layer stemRelu();

  @DepthwiseConv2D(kernel = {3, 3}, padding = Padding.SAME)
  Layer dw1();

  @BatchNormalization
  Layer dw1Bn();

  @ReLU
  Layer dw1Relu();

  @Conv2D(filters = 64, kernel = {1, 1})
  Conv2DLayer pw1();

  @BatchNormalization
  Layer pw1Bn();

  @ReLU
  Layer pw1Relu();

  @DepthwiseConv2D(kernel = {3, 3}, strides = {2, 2}, padding = Padding.SAME)
  Layer dw2();

  @BatchNormalization
  Layer dw2Bn();

  @ReLU
  Layer dw2Relu();

  @Conv2D(filters = 128, kernel = {1, 1})
  Conv2DLayer pw2();

  @BatchNormalization
  Layer pw2Bn();

  @ReLU
  Layer pw2Relu();

  @GlobalAveragePooling2D
  Layer pool();

  @Dropout(0.2)
  Layer dropout();

  @Dense(units = 10, activation = SOFTMAX)
  DenseLayer output();
}
