/**
 * Writing the network class of a valid model with JavaPoet.
 * {@link dev.topiary.processor.write.NetworkWriter} first plans where each layer's data lives
 * ({@code LayerPlan}: the arrays it reads, the buffers it writes, which gradients it needs), then
 * assembles the class from emitters, each named for what it emits:
 * <ul>
 *   <li>the header comment ({@code HeaderComment}), the model's constants and architecture text
 *       ({@code ModelConstantsEmitter}, {@code ArchitectureText}), each layer's shape constants, so that
 *       every loop bound is a constant ({@code Constants}, {@code WindowConstants});
 *   <li>per layer kind, a {@code LayerEmitter} ({@code Conv2DEmitter}, {@code DenseEmitter},
 *       {@code MaxPoolingEmitter}, {@code FlattenEmitter}, {@code ActivationLayerEmitter}): its
 *       fields, initialisation, buffer allocation, and forward and backward methods, with the
 *       shared parts in {@code ParameterEmitter} (kernel and bias, pruning state, L1),
 *       {@code ActivationCode}, {@code BufferEmitter} and {@code LayerHandleEmitter};
 *   <li>the constructor ({@code ConstructorEmitter}: weights from the seed, then the layers,
 *       parameters and training rules registered) and {@code load} ({@code EntryPointEmitter});
 *   <li>{@code allocate(batch)}, which the superclass calls when a batch outgrows the buffers,
 *       and {@code activations(layer)} ({@code BufferEmitter}); {@code prepareKernels(mode)},
 *       which builds or drops each weighted layer's sparse kernel for inference
 *       ({@code KernelPreparationEmitter});
 *   <li>the two training passes: {@code forward}, which keeps its input and calls each layer's
 *       forward method in order ({@code ForwardPassEmitter}), and {@code backward}, which computes
 *       the loss and its gradient, calls each layer's backward method from last to first and adds
 *       the penalties ({@code BackwardPassEmitter}, {@code ActivityPenaltyEmitter}); a Conv2D with
 *       ReLU and the MaxPooling2D after it train image by image through one kernel
 *       ({@code ConvPoolEmitter});
 *   <li>the inference pass {@code infer}, where conv+pool pairs run fused and write only the
 *       pooled output ({@code InferencePassEmitter}); which pairs fuse is
 *       {@link dev.topiary.processor.model.ConvPoolFusion}'s rule ({@code ConvPoolPair}).
 * </ul>
 * Generated code refers to runtime classes by name only ({@code RuntimeTypes}). Code is built
 * from values and names ({@code $L}, {@code $N}, {@code $T}), never by editing text.
 */
package dev.topiary.processor.write;
