/**
 * The model IR and the rules of an architecture, independent of javac's elements (except
 * {@link dev.topiary.processor.model.Origin}, which later steps pass on without looking inside).
 * <ul>
 *   <li>{@link dev.topiary.processor.model.ModelSpec}: the interface, its input, loss and layers;
 *   <li>{@link dev.topiary.processor.model.LayerSpec}: one layer, a sealed family with a class per
 *       kind ({@code Conv2DSpec}, {@code DenseSpec}, {@code MaxPoolingSpec}, {@code FlattenSpec},
 *       {@code ActivationLayerSpec}, {@code LeakyReLUSpec}) whose values are named for what they
 *       are; what the declaring method says is its {@code LayerMethod}; a window slid over an
 *       image is a {@code Window};
 *   <li>{@link dev.topiary.processor.model.ShapeInference}: Keras's output-shape rules, with which
 *       each spec computes its output shape;
 *   <li>{@link dev.topiary.processor.model.ConvPoolFusion}: when a Conv2D and the MaxPooling2D
 *       after it run as one kernel, for inference and for training;
 *   <li>{@link dev.topiary.processor.model.MemberNames}: the names the generated class derives from
 *       layer names, which validation keeps from clashing.
 * </ul>
 */
package dev.topiary.processor.model;
