package io.pitstop.engine.cli;

import io.pitstop.engine.mlflow.MlflowMirror;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** The MLflow mirror of runs and releases (docs/mlflow.md). */
@Command(name = "mlflow", mixinStandardHelpOptions = true,
        description = "The MLflow mirror of runs and releases (the profile's mlflow: section).",
        subcommands = {MlflowCommand.Sync.class})
final class MlflowCommand {

    @Command(name = "sync", mixinStandardHelpOptions = true,
            description = "Catches the MLflow mirror up: replays the runs and re-mirrors the models recorded as behind "
                    + "(the server was down), plus any named here: each registered version as an MLflow model version, "
                    + "the alias 'champion' on the version in production. Idempotent; exit 1 if the server still "
                    + "cannot take it (what is behind stays recorded).")
    static final class Sync implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", arity = "0..*", description = "Models to re-mirror, e.g. churn.")
        List<String> models = new ArrayList<>();

        @Option(names = "--run", paramLabel = "<run-id>", description = "A run to replay into MLflow (repeatable).")
        List<String> runs = new ArrayList<>();

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                MlflowMirror mirror = MlflowMirror.of(p.profile, p.store, p.registry, System.err::println)
                        .orElseThrow(() -> new InvalidInputException("profile '" + p.profile.name() + "' has no mlflow:"
                                + " section (mlflow: { tracking_uri: http://... }); there is nothing to mirror to"));
                Set<String> runIds = new LinkedHashSet<>(mirror.backlog().runs());
                runIds.addAll(runs);
                Set<String> modelNames = new LinkedHashSet<>(mirror.backlog().models());
                modelNames.addAll(models);
                for (String run : runs) {
                    if (p.store.findRun(run).isEmpty()) throw new InvalidInputException("no run " + run + " in the run store");
                }
                if (runIds.isEmpty() && modelNames.isEmpty()) {
                    System.out.println("the MLflow mirror at " + mirror.settings().trackingUri()
                            + " is not behind; name a model (or --run <id>) to re-mirror it anyway");
                    return RunOutcome.EXIT_OK;
                }
                int failures = 0;
                for (String run : runIds) {
                    try {
                        var mlRun = mirror.catchUpRun(run);
                        System.out.println("run " + run + " mirrored to MLflow run " + mlRun.runId());
                    } catch (IOException | RuntimeException e) {
                        failures++;
                        System.err.println("pitstop: run " + run + " not mirrored: " + e.getMessage());
                    }
                }
                for (String model : modelNames) {
                    try {
                        System.out.println(mirror.catchUpModel(model).describe());
                    } catch (IOException | RuntimeException e) {
                        failures++;
                        System.err.println("pitstop: model " + model + " not mirrored: " + e.getMessage());
                    }
                }
                if (failures > 0) {
                    System.err.println("pitstop: the MLflow mirror is still behind (" + failures + " not mirrored); run"
                            + " ./pitstop mlflow sync again when " + mirror.settings().trackingUri() + " answers");
                    return RunOutcome.EXIT_FAILED;
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }
}
