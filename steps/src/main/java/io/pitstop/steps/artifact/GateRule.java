package io.pitstop.steps.artifact;

/**
 * One rule of the quality gate, evaluated: the values it compared, its limit and its outcome.
 * {@code champion} is NaN when there is no production model (first release: floors only).
 */
public record GateRule(String rule, String metric, double challenger, double champion, double limit,
                       boolean passed, String explanation) {
}
