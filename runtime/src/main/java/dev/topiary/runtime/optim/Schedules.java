package dev.topiary.runtime.optim;

/** Checks of schedule arguments; each failure says what was expected and what was found. */
final class Schedules {
  private Schedules() {}

  static long positiveSteps(String schedule, String name, long steps) {
    if (steps < 1) {
      throw new IllegalArgumentException(schedule + ": " + name + " expected at least 1, found "
          + steps);
    }
    return steps;
  }

  static double positive(String schedule, String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(schedule + ": " + name
          + " expected a finite number > 0, found " + value);
    }
    return value;
  }
}
