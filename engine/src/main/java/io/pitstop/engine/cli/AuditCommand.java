package io.pitstop.engine.cli;

import io.pitstop.engine.lineage.ReleaseTag;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.AuditAnchor;
import io.pitstop.engine.registry.AuditAnchors;
import io.pitstop.engine.registry.AuditHeadFile;
import io.pitstop.engine.registry.AuditVerification;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.engine.registry.ReleaseTagAnchor;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "audit", mixinStandardHelpOptions = true, description = "The registry's audit log.",
        subcommands = {AuditCommand.Verify.class})
final class AuditCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recomputes the audit log's hash chain, checks it against every anchor outside the database "
                    + "(<state_dir>/audit/heads, its lines signed with the release key where this configuration holds it; each "
                    + "registered package's signed manifest; each release tag Pitstop made) and replays it "
                    + "against the registry's stages: an edited, removed, reordered or forged entry and a stage changed "
                    + "without an entry are reported. Exit 0 intact, 1 not.")
    static final class Verify implements Callable<Integer> {
        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            try (Project p = project.open()) {
                List<String> problems = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                List<ModelVersion> versions = p.registry.allVersions();
                var heads = AuditHeadFile.of(p.profile).read();
                problems.addAll(heads.problems());
                notes.addAll(heads.notes());
                List<AuditAnchor> anchors = new ArrayList<>(heads.anchors());
                Map<String, String> builtFrom = new HashMap<>();
                anchors.addAll(fromPackages(p, versions, notes, builtFrom));
                anchors.addAll(fromTags(p, versions, builtFrom, notes));
                var v = AuditVerification.of(p.registry.auditChain(), anchors, versions);
                problems.addAll(v.problems());
                notes.addAll(v.notes());
                notes.forEach(n -> System.out.println("note  " + n));
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

        /**
         * The head each registered package's manifest anchored when it was built. A package is opened as
         * every load opens it (checksums and signature verified), so an anchor is only taken from a manifest
         * the release key signed; one that cannot be read (deleted by retention, damaged) is noted, not trusted.
         */
        private static List<AuditAnchor> fromPackages(Project p, List<ModelVersion> versions, List<String> notes,
                                                      Map<String, String> builtFrom) {
            List<AuditAnchor> out = new ArrayList<>();
            PackageStore packages = PackageStore.of(p.profile);
            PackageKeys keys = PackageKeys.of(p.profile);
            for (ModelVersion v : versions) {
                if (!packages.exists(v.packagePath())) continue;
                try {
                    var lineage = packages.open(v.packagePath(), keys).manifest().lineage();
                    String commit = lineage.get("git.commit");
                    if (commit != null) builtFrom.put(key(v.model(), v.version()), commit);
                    AuditAnchors.fromManifest("the manifest of " + v.model() + " " + v.version(), lineage).ifPresent(out::add);
                } catch (RuntimeException e) {
                    notes.add("the package of " + v.model() + " " + v.version() + " was not read, its anchor not checked: "
                            + e.getMessage());
                }
            }
            return out;
        }

        /**
         * The anchors of the release tags Pitstop made ({@link ReleaseTagAnchor}); every other {@code model/} tag is
         * listed as not an anchor. The commit a version was built from comes from its signed manifest, or, when the
         * package is gone (retention), from the record of the run that registered it.
         */
        private static List<AuditAnchor> fromTags(Project p, List<ModelVersion> versions, Map<String, String> builtFrom,
                                                  List<String> notes) {
            Map<String, ModelVersion> registered = new HashMap<>();
            versions.forEach(v -> registered.put(key(v.model(), v.version()), v));
            List<AuditAnchor> out = new ArrayList<>();
            for (ReleaseTag.Found tag : ReleaseTag.list(p.dir)) {
                String[] mv = ReleaseTag.parse(tag.name()).orElse(new String[2]);
                Optional<ModelVersion> version = Optional.ofNullable(registered.get(key(mv[0], mv[1])));
                Optional<String> commit = version.flatMap(v -> Optional.ofNullable(builtFrom.get(key(v.model(), v.version())))
                        .or(() -> Optional.ofNullable(v.runId()).flatMap(p.store::findRun).map(r -> r.gitCommit())));
                var judged = ReleaseTagAnchor.judge(tag.name(), mv[0], mv[1], tag.commit(), tag.message(), version, commit);
                judged.anchor().ifPresentOrElse(out::add,
                        () -> notes.add("tag " + tag.name() + " is not an anchor: " + judged.notAnAnchor()));
            }
            return out;
        }

        private static String key(String model, String version) {
            return model + "\u0000" + version;
        }
    }
}
