package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A standalone ReLU layer, Keras {@code ReLU}: {@code a = max(x, 0)}. The layer method returns {@code Layer}; the output has the input's shape.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface ReLU {}
