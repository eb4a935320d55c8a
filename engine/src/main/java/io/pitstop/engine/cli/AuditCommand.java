package io.pitstop.engine.cli;

import io.pitstop.engine.registry.AuditChain;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The registry's audit log.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes the audit log's hash chain: an edited, removed or reordered entry is reported. Exit 0 intact, 1 not.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                var links = p.registry.auditChain();
                var problems = AuditChain.problems(links);
                if (problems.isEmpty()) {
                    System.out.println("ok  audit log intact: " + links.size() + " entries, hash chain verified");
                    return RunOutcome.EXIT_OK;
                }
                System.err.println("FAILED  the audit log has been tampered with (" + problems.size() + " problem(s)):");
                problems.forEach(pr -> System.err.println("  - " + pr));
                return RunOutcome.EXIT_FAILED;
            }
        }
    }
}
