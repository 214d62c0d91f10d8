package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reshapes an {@code H x W x C} tensor into a vector of {@code H * W * C} features in NHWC order,
 * or a {@code steps x channels} sequence into one of {@code steps * channels}, Keras
 * {@code Flatten}. It costs nothing at run time. The layer method returns {@code Layer}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Flatten {}
