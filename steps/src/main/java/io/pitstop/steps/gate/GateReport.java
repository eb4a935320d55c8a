package io.pitstop.steps.gate;

import java.util.List;

/**
 * The gate's verdict with every rule it applied. {@code decidedBy} names the first failed rule, or
 * "all rules passed". {@code notJudged} lists what a declared rule could not decide on (a slice
 * segment too small or with an undefined metric), so a reader sees what the verdict does not cover.
 */
public record GateReport(boolean passed, String decidedBy, String champion, List<GateRule> rules,
                         List<String> notJudged) {
    public GateReport {
        rules = List.copyOf(rules);
        notJudged = List.copyOf(notJudged);
    }
}
