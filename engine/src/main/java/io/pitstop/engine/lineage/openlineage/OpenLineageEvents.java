package io.pitstop.engine.lineage.openlineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.pitstop.engine.conf.LineageSettings;
import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.run.ObservedStep;
import io.pitstop.engine.run.StepObserver;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Emits an OpenLineage run event for each step through OpenLineage's Java client, to the file or
 * HTTP backend the profile's {@code lineage:} section names ({@link LineageSettings}).
 *
 * <ul>
 * <li>Job: the namespace of the section ({@code pitstop} by default), named {@code <pipeline>.<step>};
 *     its parent run facet names the pipeline's run (job {@code <pipeline>}).</li>
 * <li>Run id: derived from Pitstop's run id and the step id ({@link LineageRunIds}).</li>
 * <li>START when a step starts to run, then COMPLETE (succeeded), FAIL (failed, with an error message
 *     facet) or ABORT (stopped by its own judgement, e.g. a gate). A step reused from the cache emits
 *     START and COMPLETE too, both at the moment of reuse, with {@code cached_from_run} in the
 *     {@code pitstop} run facet: the run did use those datasets, and a backend showing the night's
 *     jobs should not miss one because its inputs did not change. A step failed before it could
 *     run emits START and FAIL.</li>
 * <li>Datasets: {@link StepDatasets}.</li>
 * </ul>
 *
 * An event that cannot be sent (the backend down, the file not writable) is a warning; the run
 * goes on as if nothing were observed.
 */
public final class OpenLineageEvents implements StepObserver {

    /** Who made the events, as each event and facet says. */
    static final URI PRODUCER = URI.create("urn:pitstop:engine");

    private final OpenLineageClient client;
    private final OpenLineage ol = new OpenLineage(PRODUCER);
    private final String namespace;
    private final Consumer<String> warnings;
    /** Steps (run/step) whose START was emitted, so a FAIL without a start gets one first. */
    private final Set<String> started = new HashSet<>();

    OpenLineageEvents(Transport transport, String namespace, Consumer<String> warnings) {
        this.client = new OpenLineageClient(transport);
        this.namespace = namespace;
        this.warnings = warnings;
    }

    /**
     * The observer the profile asks for: {@link StepObserver#NONE} without a {@code lineage:} section.
     *
     * @param warnings where a failure to emit is reported (the console)
     */
    public static StepObserver of(Profile profile, Consumer<String> warnings) {
        return LineageSettings.of(profile).<StepObserver>map(s -> new OpenLineageEvents(transport(s), s.namespace(),
                warnings)).orElse(StepObserver.NONE);
    }

    private static Transport transport(LineageSettings settings) {
        return switch (settings.transport()) {
            case FILE -> {
                Path file = Path.of(settings.path());
                try {
                    if (file.getParent() != null) Files.createDirectories(file.getParent());
                } catch (java.io.IOException e) {
                    // The transport reports it on the first event, as a warning.
                }
                yield new FileTransport(new FileConfig(file.toString()));
            }
            case HTTP -> {
                var config = new HttpConfig();
                config.setUrl(settings.url());
                config.setEndpoint(settings.endpoint().startsWith("/") ? settings.endpoint() : "/" + settings.endpoint());
                config.setTimeoutInMillis(5000);
                yield new HttpTransport(config);
            }
        };
    }

    @Override
    public synchronized void started(ObservedStep step, Instant at) {
        started.add(step.runId() + "/" + step.stepId());
        emit(step, OpenLineage.RunEvent.EventType.START, at, StepDatasets.inputs(step), List.of(), null);
    }

    @Override
    public synchronized void finished(ObservedStep step, StepRecord record) {
        OpenLineage.RunEvent.EventType type = switch (record.status()) {
            case SUCCEEDED, CACHED -> OpenLineage.RunEvent.EventType.COMPLETE;
            case FAILED -> OpenLineage.RunEvent.EventType.FAIL;
            case STOPPED -> OpenLineage.RunEvent.EventType.ABORT;
            case SKIPPED, RUNNING -> null;
        };
        if (type == null) return;
        Instant end = record.endedAt() != null ? record.endedAt() : Instant.now();
        if (!started.remove(step.runId() + "/" + step.stepId())) {
            Instant start = record.startedAt() != null ? record.startedAt() : end;
            emit(step, OpenLineage.RunEvent.EventType.START, start, StepDatasets.inputs(step), List.of(), record);
        }
        var outputs = record.status() == StepStatus.SUCCEEDED || record.status() == StepStatus.CACHED
                ? StepDatasets.outputs(step, record.outputs()) : List.<LineageDataset>of();
        emit(step, type, end, StepDatasets.inputs(step), outputs, record);
    }

    private void emit(ObservedStep step, OpenLineage.RunEvent.EventType type, Instant at, List<LineageDataset> inputs,
                      List<LineageDataset> outputs, StepRecord record) {
        try {
            client.emit(event(step, type, at, inputs, outputs, record));
        } catch (RuntimeException e) {
            warnings.accept("warning: lineage event " + type + " of step '" + step.stepId() + "' not sent: "
                    + describe(e) + "; the run goes on without it");
        }
    }

    OpenLineage.RunEvent event(ObservedStep step, OpenLineage.RunEvent.EventType type, Instant at,
                               List<LineageDataset> inputs, List<LineageDataset> outputs, StepRecord record) {
        var runFacets = ol.newRunFacetsBuilder()
                .parent(ol.newParentRunFacet(
                        ol.newParentRunFacetRun(LineageRunIds.ofRun(step.runId())),
                        ol.newParentRunFacetJob(namespace, step.pipeline()),
                        ol.newParentRunFacetRoot(ol.newRootRun(LineageRunIds.ofRun(step.runId())),
                                ol.newRootJob(namespace, step.pipeline()))));
        var pitstop = ol.newRunFacet();
        pitstop.getAdditionalProperties().put("run_id", step.runId());
        pitstop.getAdditionalProperties().put("step", step.stepId());
        pitstop.getAdditionalProperties().put("kind", step.kind());
        if (record != null) {
            pitstop.getAdditionalProperties().put("status", record.status().name());
            if (record.cachedFromRun() != null) pitstop.getAdditionalProperties().put("cached_from_run", record.cachedFromRun());
            if (type == OpenLineage.RunEvent.EventType.FAIL || type == OpenLineage.RunEvent.EventType.ABORT) {
                pitstop.getAdditionalProperties().put("message", record.message());
            }
            if (type == OpenLineage.RunEvent.EventType.FAIL) {
                runFacets.errorMessage(ol.newErrorMessageRunFacet(record.message(), "JAVA", null));
            }
        }
        runFacets.put("pitstop", pitstop);
        var job = ol.newJobBuilder().namespace(namespace).name(step.pipeline() + "." + step.stepId())
                .facets(ol.newJobFacetsBuilder().jobType(ol.newJobTypeJobFacet("BATCH", "PITSTOP", "STEP")).build())
                .build();
        return ol.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
                .run(ol.newRun(LineageRunIds.ofStep(step.runId(), step.stepId()), runFacets.build()))
                .job(job)
                .inputs(inputs.stream().map(d -> ol.newInputDatasetBuilder().namespace(d.namespace()).name(d.name())
                        .facets(facets(d)).build()).toList())
                .outputs(outputs.stream().map(d -> ol.newOutputDatasetBuilder().namespace(d.namespace()).name(d.name())
                        .facets(facets(d)).build()).toList())
                .build();
    }

    private OpenLineage.DatasetFacets facets(LineageDataset d) {
        var facets = ol.newDatasetFacetsBuilder();
        if (d.version() != null) facets.version(ol.newDatasetVersionDatasetFacet(d.version()));
        if (!d.details().isEmpty()) {
            var pitstop = ol.newDatasetFacet();
            pitstop.getAdditionalProperties().putAll(d.details());
            facets.put("pitstop", pitstop);
        }
        return facets.build();
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (Exception e) {
            warnings.accept("warning: closing the lineage transport: " + describe(e));
        }
    }

    private static String describe(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 400; t = t.getCause() == t ? null : t.getCause()) {
            if (!out.isEmpty()) out.append(": ");
            out.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
        }
        return out.toString();
    }
}
