package io.pitstop.engine.cli;

import io.pitstop.engine.run.ConsoleReporter;
import io.pitstop.engine.run.ResourcePool;
import io.pitstop.engine.lineage.openlineage.OpenLineageEvents;
import io.pitstop.engine.mlflow.MlflowMirror;
import io.pitstop.engine.run.Runner;
import io.pitstop.engine.run.StepObserver;

import java.nio.file.Path;
import java.time.Clock;

/**
 * What every command that runs steps holds for its duration: the project under its profile, the
 * shared resources (one SparkSession), the terminal reporter and a runner over them. Closing it
 * stops the resources, then closes the store.
 */
final class ProjectRunner implements AutoCloseable {

    final Project project;
    final ResourcePool resources;
    final ConsoleReporter console;
    final Runner runner;
    /**
     * OpenLineage events of each step, when the profile has a lineage: section, and the MLflow mirror,
     * when it has an mlflow: section.
     */
    private final StepObserver observers;

    private ProjectRunner(Project project) {
        this.project = project;
        this.resources = new ResourcePool(project.profile, project.dir);
        this.console = ConsoleReporter.forTerminal();
        this.observers = OpenLineageEvents.of(project.profile, console::line)
                .and(MlflowMirror.observer(project.profile, project.store, project.registry, console::line));
        this.runner = new Runner(project.store, project.registry, project.profile, resources, console, Clock.systemUTC())
                .observedBy(observers);
    }

    static ProjectRunner open(ProjectOptions options) {
        return new ProjectRunner(options.open());
    }

    static ProjectRunner open(Path dir, String profile) {
        return new ProjectRunner(Project.open(dir, profile));
    }

    @Override
    public void close() {
        try (project; resources; console; observers) {
            // closed in reverse order: observers (they read the store), console, resources, then the project's store
        }
    }
}
