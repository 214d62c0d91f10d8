package dev.topiary.samples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks sample code that runs on desktop Java only (java.nio.file, processes), so that the
 * build's Android API check, which is there for the generated networks, skips it.
 *
 * <p>animal-sniffer's {@code check} goal has no filter on the classes it checks; it skips
 * classes, methods and fields carrying an annotation named in its {@code annotations} setting
 * (see samples/pom.xml). It reads class files, hence {@link RetentionPolicy#CLASS}.
 */
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.FIELD})
@interface DesktopOnly {}
