package io.pitstop.engine.report;

import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.StepRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What a report is drawn from: a run as the run store recorded it (its steps' outputs, curves and
 * reports) and, for a released version, its verified package. The CLI gathers these; a
 * {@link ReportWriter} reads them through the artifact types their producers own, so the engine needs to
 * know no step kind's output format.
 *
 * @param title      what the page is about, e.g. {@code churn 1.2.0} or a run id
 * @param run        the run; null when a version's building run is not in this run store
 * @param steps      the run's steps in order; empty without a run
 * @param projectDir the project directory, against which relative output paths resolve
 * @param packageDir a released version's verified package directory; null for a run's report
 */
public record ReportSources(String title, RunRecord run, List<StepRecord> steps, Path projectDir, Path packageDir) {

    public ReportSources {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(projectDir, "projectDir");
        steps = List.copyOf(steps);
    }

    /** Where a step output recorded as {@code value} is on disk. */
    public Path location(String value) {
        Path p = Path.of(value);
        return p.isAbsolute() ? p : projectDir.resolve(p);
    }
}
