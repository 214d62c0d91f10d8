/** Running training: the loop's progress reporting on the console. */
package dev.topiary.runtime.train;
