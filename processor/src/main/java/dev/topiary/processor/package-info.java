/**
 * The Topiary annotation processor: turns each {@code @Model} interface into a generated network
 * class specialised for its shapes. It runs inside javac (compiled for Java 17); the code it writes
 * is Java 11 within Android API 24 and calls only the runtime ({@code topiary-runtime}), which the
 * processor names but does not link against.
 *
 * <h2>Pipeline</h2>
 * {@link dev.topiary.processor.TopiaryProcessor} takes one model at a time through four steps, data
 * flowing one way:
 * <ol>
 *   <li><b>read</b> ({@link dev.topiary.processor.read}): javac's elements and annotation values
 *       become the model IR, a {@link dev.topiary.processor.model.ModelSpec}, valid or not, with
 *       the {@link dev.topiary.processor.model.Origin} of every value;
 *   <li><b>model</b> ({@link dev.topiary.processor.model}): the IR itself and the rules that
 *       belong to an architecture (output shapes, conv+pool fusion, member names);
 *   <li><b>validate</b> ({@link dev.topiary.processor.validate}): every rule judges the IR and all
 *       problems are reported in one compilation, each on the exact element, annotation and value;
 *       a model with an error stops here;
 *   <li><b>write</b> ({@link dev.topiary.processor.write}): a valid IR becomes one Java file
 *       (isolating: its only originating element is the interface).
 * </ol>
 * With {@code -Atopiary.verbose=true} a NOTE per model lists layers, shapes and sizes
 * ({@code ModelNote}); an unexpected exception becomes one INTERNAL_ERROR on its model.
 *
 * <h2>Dependencies</h2>
 * {@code read}, {@code validate} and {@code write} each depend on {@code model} and on nothing
 * else of the processor; {@code model} depends on none of them. Only this package ties them
 * together.
 */
package dev.topiary.processor;
