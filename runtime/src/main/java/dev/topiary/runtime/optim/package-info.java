/**
 * Optimizers that update a network's {@link dev.topiary.runtime.Parameter}s from their
 * gradients, following Keras's update rules and defaults so that training runs can be compared.
 */
package dev.topiary.runtime.optim;
