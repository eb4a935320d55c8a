package io.pitstop.engine.policy;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.artifact.RealisedPerformance;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.Registry;
import io.pitstop.engine.registry.Stage;
import io.pitstop.engine.spec.PipelineSpec;
import io.pitstop.engine.spec.StepSpec;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.StepRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Gathers the evidence a retraining policy judges, reading only what is already recorded (the run
 * store, the registry) and counting the rows of the data step's source: no step runs and nothing
 * starts Spark, so the first task of a DAG decides in a second.
 */
public final class EvidenceReader {

    /** How far back to look for the newest scoring run of the production version. */
    static final int RUNS_SEARCHED = 500;
    private static final String MONITORING = "monitoring";
    private static final String DATA_VERSION_KIND = "data.version";
    private static final String VALIDATE_KIND = "data.validate";

    private final RunStore store;
    private final Registry registry;
    private final Path projectDir;
    private final Clock clock;

    public EvidenceReader(RunStore store, Registry registry, Path projectDir, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.projectDir = projectDir;
        this.clock = clock;
    }

    public RetrainEvidence read(PipelineSpec spec) {
        String model = spec.model().name();
        Optional<ModelVersion> production = registry.inStage(model, Stage.PRODUCTION);
        Measured rowsNow = rowsNow(spec);
        if (production.isEmpty()) {
            Measured none = Measured.missing("no version of " + model + " in production");
            return new RetrainEvidence(production, none, none, none, 0, none, rowsNow, none, none);
        }
        ModelVersion v = production.get();
        List<StepRecord> trainingRun = v.runId() == null ? List.of() : store.steps(v.runId());
        Measured[] drift = drift(v);
        Optional<RealisedPerformance.Group> realised = realised(v);
        Measured realisedAuc = realised.<Measured>map(g -> g.auc() == null || Double.isNaN(g.auc().value())
                        ? Measured.missing("realised AUC undefined: " + g.judged() + " judged outcome(s) of one class only")
                        : Measured.of(g.auc().value(), g.judged() + " judged, " + g.waiting() + " waiting, 95% interval ["
                        + RetrainDecision.fmt(g.auc().lower()) + ", " + RetrainDecision.fmt(g.auc().upper()) + "]"))
                .orElse(Measured.missing("no outcomes joined yet for " + model + " " + v.version()
                        + " (./pitstop outcomes add <file>)"));
        double days = Duration.between(v.createdAt(), clock.instant()).toSeconds() / 86400.0;
        return new RetrainEvidence(production, drift[0], drift[1], realisedAuc, realised.map(g -> g.judged()).orElse(0L),
                metric(trainingRun, "evaluate.", "auc", v), rowsNow, metric(trainingRun, VALIDATE_KIND, "rows", v),
                Measured.of(days, model + " " + v.version() + " registered at " + v.createdAt()));
    }

    /** input_psi and prediction_psi of the newest run that scored with the production version (not a rehearsal). */
    private Measured[] drift(ModelVersion v) {
        for (RunRecord run : store.listRuns(RUNS_SEARCHED)) {
            List<StepRecord> steps = store.steps(run.runId());
            for (int i = steps.size() - 1; i >= 0; i--) {
                StepRecord s = steps.get(i);
                JsonNode report = s.reports().get(MONITORING);
                if (report == null || "candidate".equals(s.params() == null ? null : s.params().path("model").asText(null))) {
                    continue;
                }
                if (!v.model().equals(report.path("model").asText()) || !v.version().equals(report.path("version").asText())) {
                    continue;
                }
                String where = "scoring run " + run.runId() + " step " + s.stepId() + " (" + report.path("rows").asLong()
                        + " rows)";
                return new Measured[]{signal(report, "input_psi", where), signal(report, "prediction_psi", where)};
            }
        }
        Measured none = Measured.missing("no scoring run of " + v.model() + " " + v.version() + " recorded yet");
        return new Measured[]{none, none};
    }

    private static Measured signal(JsonNode report, String name, String where) {
        for (JsonNode s : report.path("signals")) {
            if (!name.equals(s.path("name").asText())) continue;
            if (!s.path("value").isNumber()) return Measured.missing(where + ": " + s.path("detail").asText());
            String detail = s.path("detail").asText();
            return Measured.of(s.path("value").asDouble(), where + (detail.isEmpty() ? "" : ": " + detail));
        }
        return Measured.missing(where + " has no " + name + " signal");
    }

    /** The production version's group in the newest realised-performance report for its model. */
    private Optional<RealisedPerformance.Group> realised(ModelVersion v) {
        String name = RealisedPerformance.ARTIFACT.name();
        for (StepRecord s : store.stepsWithOutput(name)) {
            JsonNode report = s.reports().get(name);
            if (report == null) continue;
            RealisedPerformance r = RealisedPerformance.of(report);
            if (!v.model().equals(r.model())) continue;
            return r.byModelVersion().stream().filter(g -> v.version().equals(g.modelVersion())).findFirst();
        }
        return Optional.empty();
    }

    /** A metric recorded by the production version's own run, by the first step of a kind (prefix). */
    private static Measured metric(List<StepRecord> run, String kindPrefix, String metric, ModelVersion v) {
        for (StepRecord s : run) {
            if (!s.kind().startsWith(kindPrefix)) continue;
            Double value = s.metrics().get(metric);
            if (value != null && !value.isNaN()) {
                return Measured.of(value, s.stepId() + " of run " + v.runId() + ", which released " + v.version());
            }
        }
        return Measured.missing("run " + v.runId() + ", which released " + v.version() + ", recorded no " + metric
                + " in a " + kindPrefix.replaceAll("\\.$", "") + " step");
    }

    /** Data records (not lines: a quoted field may hold a newline) of the data.version step's source. */
    private Measured rowsNow(PipelineSpec spec) {
        Optional<StepSpec> data = spec.steps().stream().filter(s -> s.uses().equals(DATA_VERSION_KIND)).findFirst();
        if (data.isEmpty()) return Measured.missing("the pipeline has no " + DATA_VERSION_KIND + " step to count rows of");
        JsonNode with = data.get().with();
        String file = with.path("source").isTextual() ? with.path("source").asText() : with.path("path").asText(null);
        if (file == null) return Measured.missing("step " + data.get().id() + " names no source or path");
        Path path = projectDir.resolve(file).normalize();
        if (!file.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            return Measured.missing(file + " is not a CSV file; rows are counted for CSV only");
        }
        try {
            return Measured.of(csvRecords(path), file);
        } catch (IOException e) {
            return Measured.missing("cannot read " + file + ": " + e.getMessage());
        }
    }

    static long csvRecords(Path file) throws IOException {
        long records = 0;
        boolean quoted = false, content = false;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            while ((c = r.read()) != -1) {
                if (c == '"') quoted = !quoted;
                if (c == '\n' && !quoted) {
                    if (content) records++;
                    content = false;
                } else if (c != '\r') {
                    content = true;
                }
            }
        }
        if (content) records++;
        return Math.max(0, records - 1);
    }
}
