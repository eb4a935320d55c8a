package io.pitstop.steps.artifact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.artifact.Artifact;
import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code gate-report.json}: the gate's verdict with every rule it applied, the metrics it judged each
 * model by and the exact production version it judged against. Written by {@code release.gate}; read
 * by promotion (a compare-and-set on {@link #championVersion}) and the package's model card.
 * {@code decidedBy} names the first failed rule, or "all rules passed". {@code notJudged} lists what a
 * declared rule could not decide on (a slice segment too small or with an undefined metric), so a
 * reader sees what the verdict does not cover.
 *
 * @param champion          the champion in words ({@code churn 1.2.0}), or {@code none}
 * @param challengerMetrics the challenger's overall metrics, from the evaluation the gate consumed; null
 *                          until the gate adds its evidence ({@link #withEvidence})
 * @param championMetrics   the champion's, measured on the same split; null when there is none
 * @param championVersion   the production version judged against; null when there was none
 */
public record GateReport(boolean passed, String decidedBy, String champion, List<GateRule> rules,
                         List<String> notJudged, Map<String, Double> challengerMetrics,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Double> championMetrics,
                         String championVersion) {

    public static final String FILE_NAME = "gate-report.json";
    /** The {@code gate_report} output. */
    public static final Artifact<GateReport> ARTIFACT = Artifact.of("gate_report", GateReport::read);

    public GateReport {
        rules = List.copyOf(rules);
        notJudged = List.copyOf(notJudged);
        challengerMetrics = challengerMetrics == null ? null : Map.copyOf(challengerMetrics);
        championMetrics = championMetrics == null ? null : Map.copyOf(championMetrics);
    }

    /** The verdict alone, as the rules decide it. */
    public GateReport(boolean passed, String decidedBy, String champion, List<GateRule> rules, List<String> notJudged) {
        this(passed, decidedBy, champion, rules, notJudged, null, null, null);
    }

    /** The verdict with what it was decided on. */
    public GateReport withEvidence(Map<String, Double> challenger, Map<String, Double> championMetrics,
                                   String championVersion) {
        return new GateReport(passed, decidedBy, champion, rules, notJudged, challenger, championMetrics, championVersion);
    }

    public JsonNode toJson() {
        return Json.MAPPER.valueToTree(this);
    }

    public void write(Path file) throws IOException {
        Json.PRETTY.writeValue(file.toFile(), this);
    }

    public static GateReport read(Path file) throws IOException {
        // A rule without a champion compares with NaN, written as null and read back as NaN.
        return Json.READ_BACK.readValue(file.toFile(), GateReport.class);
    }
}
