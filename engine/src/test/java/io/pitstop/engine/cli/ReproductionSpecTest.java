package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pitstop.engine.artifact.DataVersion;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.DataVersionRestoring;
import io.pitstop.engine.step.ReleaseStep;
import io.pitstop.engine.step.ReproductionCheck;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The rebuild pipeline is written from what step kinds say they do, not from their names: the kinds
 * here are named unlike Pitstop's own, and the rewrite must still drop the release step, pin the data
 * step to its recorded version and append the comparison.
 */
class ReproductionSpecTest {

    record NoParams() {
    }

    /** A step kind with a name and the capabilities a test gives it. */
    abstract static class Kind implements Step<NoParams> {
        private final String kind;

        Kind(String kind) {
            this.kind = kind;
        }

        public String kind() {
            return kind;
        }

        public String description() {
            return kind;
        }

        public Class<NoParams> paramsType() {
            return NoParams.class;
        }

        public Set<String> produces(NoParams p) {
            return Set.of();
        }

        public StepResult run(NoParams p, StepContext ctx) {
            return StepResult.succeeded().build();
        }
    }

    static final class Publish extends Kind implements ReleaseStep {
        Publish() {
            super("acme.publish");
        }
    }

    static final class Thaw extends Kind implements DataVersionRestoring {
        Thaw() {
            super("acme.thaw");
        }

        public Map<String, Object> restoring(DataVersion version) {
            var with = new LinkedHashMap<String, Object>();
            with.put("file", version.path());
            with.put("hash", version.md5());
            return with;
        }
    }

    static final class Diff extends Kind implements ReproductionCheck {
        Diff() {
            super("acme.diff");
        }

        public Map<String, Object> comparingWith(Path packageDir, Path publicKey) {
            return Map.of("against", packageDir.toString());
        }
    }

    private static final String SPEC = """
            pipeline: p
            model: { name: m }
            steps:
              - { id: snapshot, uses: acme.snapshot, with: { from: landing.csv } }
              - { id: fit, uses: acme.fit, needs: [snapshot] }
              - { id: release, uses: acme.publish, needs: [fit] }
            """;

    @Test
    void releaseStepsAreDroppedDataIsPinnedAndTheComparisonAppendedWhateverTheKindsAreCalled(@TempDir Path dir)
            throws Exception {
        Path versionFile = dir.resolve("data-version.json");
        new DataVersion("data/x.csv", "0123456789abcdef0123456789abcdef", 10, "c0ffee", false, null, "data/x.csv.dvc")
                .write(versionFile);
        List<StepRecord> recorded = new ArrayList<>();
        recorded.add(step("snapshot", "acme.snapshot", Map.of("data_version", versionFile.toString())));
        recorded.add(step("fit", "acme.fit", Map.of("model", dir.resolve("model").toString())));
        recorded.add(step("release", "acme.publish", Map.of("package", dir.resolve("pkg").toString())));
        var catalog = StepCatalog.of(new Publish(), new Thaw(), new Diff());

        String rewritten = ReproductionSpec.rewrite(SPEC, recorded, dir.resolve("pkg"), dir.resolve("key.pub"), catalog);

        JsonNode steps = new ObjectMapper(new YAMLFactory()).readTree(rewritten).get("steps");
        var uses = new ArrayList<String>();
        steps.forEach(s -> uses.add(s.get("id").asText() + ":" + s.get("uses").asText()));
        assertEquals(List.of("snapshot:acme.thaw", "fit:acme.fit", ReproductionSpec.COMPARE_STEP + ":acme.diff"), uses);
        assertEquals("data/x.csv", steps.get(0).get("with").get("file").asText());
        assertEquals("0123456789abcdef0123456789abcdef", steps.get(0).get("with").get("hash").asText());
        assertEquals("fit", steps.get(2).get("needs").get(0).asText());
        assertEquals(dir.resolve("pkg").toString(), steps.get(2).get("with").get("against").asText());
    }

    private static StepRecord step(String id, String kind, Map<String, String> outputs) {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        return new StepRecord("r1", id, kind, StepStatus.SUCCEEDED, "fp-" + id, null, Map.of(), outputs, Map.of(),
                Map.of(), Map.of(), null, t, t, "ok", null);
    }
}
