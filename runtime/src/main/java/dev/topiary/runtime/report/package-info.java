/** Reports on a network for people: its summary table, sizes and speed. */
package dev.topiary.runtime.report;
