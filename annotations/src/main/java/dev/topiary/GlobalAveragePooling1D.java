package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The mean over the steps of a {@code steps x channels} input, per channel: a vector of
 * {@code channels}, Keras {@code GlobalAveragePooling1D}. The layer method returns {@code Layer}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GlobalAveragePooling1D {}
