package dev.topiary;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The largest value of each channel over all positions of an {@code H x W x C} input, Keras
 * {@code GlobalMaxPooling2D}: the output is a vector of {@code C} values, so a {@code @Dense}
 * layer may follow without {@code @Flatten}. The layer method returns {@code Layer}.
 *
 * <pre>{@code @GlobalMaxPooling2D Layer gmp();}</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface GlobalMaxPooling2D {}
