package io.pitstop.engine.cli;

import io.pitstop.engine.registry.AuditEntry;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true, description = "The model registry.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Audit.class})
final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the versions of a model, newest first, with their stage.")
    static final class ListVersions implements Callable<Integer> {
        @Parameters(paramLabel = "<model>", description = "The model name, e.g. churn.")
        String model;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                var versions = p.registry.versions(model);
                if (versions.isEmpty()) {
                    System.out.println("no versions of model '" + model + "' are registered");
                    return RunOutcome.EXIT_OK;
                }
                System.out.printf("%-10s %-11s %-22s %-20s %s%n", "VERSION", "STAGE", "RUN", "CREATED", "PACKAGE");
                for (ModelVersion v : versions) {
                    System.out.printf("%-10s %-11s %-22s %-20s %s%n", v.version(), v.stage(), v.runId(),
                            v.createdAt().toString().substring(0, 19).replace('T', ' '), v.packagePath());
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }

    @Command(name = "audit", mixinStandardHelpOptions = true,
            description = "Shows the append-only audit log of a model's stage transitions, oldest first.")
    static final class Audit implements Callable<Integer> {
        @Parameters(paramLabel = "<model>")
        String model;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                for (AuditEntry e : p.registry.audit(model)) {
                    System.out.printf("%-4d %-20s %-8s %-10s -> %-10s by %-12s run %s  %s%n", e.sequence(),
                            e.at().toString().substring(0, 19).replace('T', ' '), e.version(),
                            e.from() == null ? "-" : e.from(), e.to(), e.actor(), e.runId(), e.reason());
                }
                return RunOutcome.EXIT_OK;
            }
        }
    }
}
