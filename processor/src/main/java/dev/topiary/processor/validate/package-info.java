/**
 * Judging the IR: {@link dev.topiary.processor.validate.Validator} runs every
 * {@link dev.topiary.processor.validate.Rule} (the model type, layer methods, names, shapes,
 * values, pruning schedules, the output layer and loss) and collects what they find in a
 * {@link dev.topiary.processor.validate.Report}. Each problem has a stable
 * {@link dev.topiary.processor.validate.DiagnosticCode} and a message from
 * {@link dev.topiary.processor.validate.Messages} saying what was expected, what was found and
 * how to fix it; the processor reports it on the value's {@code Origin}. A model with errors is
 * not written.
 */
package dev.topiary.processor.validate;
