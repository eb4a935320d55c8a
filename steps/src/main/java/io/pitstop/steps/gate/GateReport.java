package io.pitstop.steps.gate;

import java.util.List;

/**
 * The gate's verdict with every rule it applied. {@code decidedBy} names the first failed rule, or
 * "all rules passed".
 */
public record GateReport(boolean passed, String decidedBy, String champion, List<GateRule> rules) {
    public GateReport {
        rules = List.copyOf(rules);
    }
}
