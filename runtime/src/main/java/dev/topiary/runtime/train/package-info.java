/**
 * Training: {@link dev.topiary.runtime.train.Trainer} (Keras's {@code fit}), the step protocol
 * ({@link dev.topiary.runtime.train.TrainingStep}), the per-epoch {@link
 * dev.topiary.runtime.train.History}, the listeners (Keras's callbacks, the console progress bar
 * among them) and the training checkpoint ({@link dev.topiary.runtime.train.ModelCheckpoint}
 * writes it, {@link dev.topiary.runtime.train.Trainer#resume} reads it). Depends on the public
 * package, {@code optim}, {@code prune}, {@code data} and {@code kernels}; never on
 * {@code internal}.
 */
package dev.topiary.runtime.train;
