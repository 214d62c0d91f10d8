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
import dev.topiary.Prune;
import dev.topiary.ReLU;
import dev.topiary.runtime.Conv2DLayer;
import dev.topiary.runtime.DenseLayer;
import dev.topiary.runtime.Layer;
import dev.topiary.runtime.Network;

/**
 * {@link MobileDigits} with its pointwise and output kernels pruned by magnitude from 0% to 80%
 * over steps 500-2,500 (tfmot's PolynomialDecay; 1,875 steps are one epoch at batch 32, so the
 * masks hold for the last part of a 2-epoch run and the kept weights adapt). Those three kernels
 * hold 11,520 of the model's 12,672 kernel weights; the 3x3 stem and depthwise kernels (9 weights
 * per channel) stay dense, as pruning a single-channel 3x3 filter to 2 weights leaves it little
 * to detect.
 */
@Model(input = {28, 28, 1})
public interface PrunedMobileDigits extends Network {
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
  @Prune(initial = 0.0, target = 0.8, beginStep = 500, endStep = 2_500)
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
  @Prune(initial = 0.0, target = 0.8, beginStep = 500, endStep = 2_500)
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
  @Prune(initial = 0.0, target = 0.8, beginStep = 500, endStep = 2_500)
  DenseLayer output();
}
