package io.pitstop.steps.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * One rule of the quality gate, evaluated: the values it compared, its limit and its outcome.
 * {@code champion} is NaN when there is no production model (first release: floors only).
 *
 * @param column the protected column a fairness rule judged; null for other rules
 * @param groups the groups of that column the rule compared (the highest and lowest of a gap, or the one
 *               group judged against the champion); empty for other rules
 */
public record GateRule(String rule, String metric, double challenger, double champion, double limit,
                       boolean passed, String explanation,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String column,
                       @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> groups) {

    public GateRule {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    /** A rule about the model as a whole. */
    public GateRule(String rule, String metric, double challenger, double champion, double limit, boolean passed,
                    String explanation) {
        this(rule, metric, challenger, champion, limit, passed, explanation, null, List.of());
    }
}
