package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A standalone Sparsemax layer over the last axis (Martins &amp; Astudillo, 2016):
 * like softmax, but with exact zeros. The layer method returns {@code Layer}; the output has the input's shape.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Sparsemax {}
