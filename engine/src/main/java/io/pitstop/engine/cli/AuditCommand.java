package io.pitstop.engine.cli;

import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.AuditVerification;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The registry's audit log.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes the audit log's hash chain, checks it against every anchor outside the database "
                    + "(<state_dir>/audit/heads) and replays it against the registry's stages: an edited, removed, reordered "
                    + "or forged entry and a stage changed without an entry are reported. Exit 0 intact, 1 not.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                var heads = AuditHeadFile.in(p.profile.stateDir()).read();
                var v = AuditVerification.of(p.registry.auditChain(), heads.anchors(), p.registry.allVersions());
                var problems = new java.util.ArrayList<>(heads.problems());
                problems.addAll(v.problems());
                v.notes().forEach(n -> System.out.println("note  " + n));
                if (problems.isEmpty()) {
                    System.out.println("ok  audit log intact: " + v.entries() + " entries, hash chain verified against "
                            + v.anchors() + " anchor(s), stages replayed");
                    return RunOutcome.EXIT_OK;
                }
                System.err.println("FAILED  the audit log has been tampered with (" + problems.size() + " problem(s)):");
                problems.forEach(pr -> System.err.println("  - " + pr));
                return RunOutcome.EXIT_FAILED;
            }
        }
    }
}
