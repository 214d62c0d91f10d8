package dev.topiary.processor;

import dev.topiary.processor.validate.DiagnosticCode;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks the test of a diagnostic code: {@code DiagnosticCodeCoverageTest} wants one per code. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Covers {
  DiagnosticCode value();
}
