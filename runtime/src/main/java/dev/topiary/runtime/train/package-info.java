/**
 * Training: {@link dev.topiary.runtime.train.Trainer} (Keras's {@code fit}), the step protocol
 * ({@link dev.topiary.runtime.train.TrainingStep}), the per-epoch {@link
 * dev.topiary.runtime.train.History} and the console progress bar. Depends on the public package,
 * {@code optim}, {@code data} and {@code kernels}; never on {@code internal}.
 */
package dev.topiary.runtime.train;
