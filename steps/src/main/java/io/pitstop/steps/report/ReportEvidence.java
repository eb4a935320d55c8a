package io.pitstop.steps.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.engine.report.ReportSources;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.steps.artifact.GateReport;
import io.pitstop.steps.drift.DriftReport;
import io.pitstop.steps.metrics.MetricsReport;
import io.pitstop.steps.profile.DatasetProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a report shows, read through the types that own each format: the evaluation
 * ({@link MetricsReport}), the gate's verdict ({@link GateReport}), the training data's profile
 * ({@link DatasetProfile}), the training curves and the input drift a scoring run measured
 * ({@link DriftReport}). A released version's own package is preferred over its run's outputs, since the
 * package is what was verified and released; curves and drift are only in the run store. Any part may be
 * absent (null or empty): a run that stopped at its gate has no scoring, an old package no profile.
 *
 * @param curvesStep the step that recorded the curves; null without curves
 * @param driftStep  the step whose scoring measured the drift; null without drift
 */
record ReportEvidence(MetricsReport metrics, GateReport gate, DatasetProfile profile,
                      Map<String, List<Double>> curves, String curvesStep, DriftReport drift, String driftStep) {

    ReportEvidence {
        curves = curves == null ? Map.of() : Map.copyOf(curves);
    }

    static ReportEvidence from(ReportSources sources) throws IOException {
        MetricsReport metrics = null;
        GateReport gate = null;
        DatasetProfile profile = null;
        if (sources.packageDir() != null) {
            Path dir = sources.packageDir();
            metrics = MetricsReport.read(PackageLayout.METRICS.in(dir));
            gate = GateReport.read(PackageLayout.GATE_REPORT.in(dir));
            if (Files.exists(PackageLayout.PROFILE.in(dir))) profile = DatasetProfile.read(PackageLayout.PROFILE.in(dir));
        }
        Map<String, List<Double>> curves = Map.of();
        String curvesStep = null;
        DriftReport drift = null;
        String driftStep = null;
        for (StepRecord step : sources.steps()) {
            Path m = output(sources, step, MetricsReport.ARTIFACT.name());
            if (metrics == null && m != null) metrics = MetricsReport.read(m);
            Path g = output(sources, step, GateReport.ARTIFACT.name());
            if (gate == null && g != null) gate = GateReport.read(g);
            Path p = output(sources, step, DatasetProfile.ARTIFACT.name());
            if (profile == null && p != null) profile = DatasetProfile.read(p);
            if (curvesStep == null && !step.curves().isEmpty()) {
                curves = step.curves();
                curvesStep = step.stepId();
            }
            JsonNode measured = step.reports().getOrDefault(DriftReport.MONITORING_REPORT, null);
            if (measured != null && measured.path(DriftReport.MONITORING_KEY).isObject()) {
                // The last scoring of the run: the real input after the rehearsal on the training data.
                drift = DriftReport.fromJson(measured.path(DriftReport.MONITORING_KEY));
                driftStep = step.stepId();
            }
        }
        return new ReportEvidence(metrics, gate, profile, curves, curvesStep, drift, driftStep);
    }

    /** A recorded output that is still on disk; null when the step has none or it was deleted since. */
    private static Path output(ReportSources sources, StepRecord step, String name) {
        String value = step.outputs().get(name);
        if (value == null) return null;
        Path p = sources.location(value);
        return Files.exists(p) ? p : null;
    }
}
