package io.pitstop.steps.score;

/** One monitored value of a scoring run and how it compares with its {@link Limit}. */
public record Signal(String name, double value, Limit.Level level, String detail) {
}
