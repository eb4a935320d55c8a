package io.pitstop.steps.check;

import io.pitstop.engine.conf.ProjectPaths;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every path a step declares resolves inside the project, under a root the profile allows, or is a
 * URI with a scheme; {@code ..} out of the project and absolute paths elsewhere are refused by
 * {@code check} at their line and column, before anything is read or written.
 */
class PathsStayHomeTest {

    @TempDir
    Path dir;

    static final String P = DemoCopy.PIPELINE;

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "score | table climbing out | table: .pitstop/tables/churn_predictions | table: ../../etc/x | table: ../../etc/x"
                    + " | table: '../../etc/x' climbs out of the project",
            "score | absolute table | table: .pitstop/tables/churn_predictions | table: /srv/x | table: /srv/x"
                    + " | table: '/srv/x' is an absolute path outside the project",
            "score | scoring input outside | input: data/telco_churn.csv | input: /tmp/elsewhere.csv | input: /tmp/elsewhere.csv"
                    + " | input: '/tmp/elsewhere.csv' is an absolute path outside the project",
            "validate | contract outside | contract: data-contracts/telco-churn.yaml | contract: /etc/passwd | contract: /etc/passwd"
                    + " | contract: '/etc/passwd' is an absolute path outside the project",
            "version-data | data source outside | source: data/landing/telco_churn.csv | source: ../landing.csv | source: ../landing.csv"
                    + " | source: '../landing.csv' climbs out of the project",
    })
    void aPathLeavingTheProjectIsRefusedAtItsLine(String step, String name, String demo, String bad, String badLine,
                                                  String message) throws Exception {
        DemoCopy copy = DemoCopy.into(dir).editStep(step, demo, bad);
        List<Problem> problems = problems(copy, ProjectPaths.inside(dir));
        assertEquals(1, problems.size(), name + ": " + problems);
        Problem p = problems.get(0);
        assertTrue(p.message().contains(message), p.message());
        assertTrue(p.message().contains("paths.allowed_roots"), "says how to allow it: " + p.message());
        assertEquals(copy.lineOf(P, badLine), p.line(), p.toString());
        assertEquals(copy.lineOf(P, badLine) > 0 ? Files.readAllLines(copy.pipeline()).get(p.line() - 1).indexOf(bad) + 1
                + bad.indexOf(':') + 2 : 0, p.column(), p.toString());
    }

    @Test
    void aTrackedDatasetMustStayInTheProjectEvenUnderAnAllowedRoot() throws Exception {
        DemoCopy copy = DemoCopy.into(dir).edit(P, "path: data/telco_churn.csv", "path: /srv/data/telco_churn.csv");
        List<Problem> problems = problems(copy, new ProjectPaths(dir, List.of(Path.of("/srv/data"))));
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("step 'version-data': path: must be relative to the project and stay inside it;"
                + " '/srv/data/telco_churn.csv' is an absolute path", problems.get(0).message());
        assertEquals(copy.lineOf(P, "path: /srv/data/telco_churn.csv"), problems.get(0).line());
    }

    @Test
    void dvcRemotesOfEveryDataStepAreHeldToTheSameRule() throws Exception {
        Path file = Files.writeString(dir.resolve("p.yaml"), """
                pipeline: p
                model: { name: m }
                steps:
                  - id: version
                    uses: data.version
                    with: { path: data/x.csv, remote: /mnt/elsewhere }
                  - id: fetch
                    uses: data.fetch
                    with: { path: data/x.csv, remote: ../dvc }
                  - id: restore
                    uses: data.restore
                    with: { path: data/x.csv, md5: 0123456789abcdef0123456789abcdef, size: 1, remote: /mnt/elsewhere }
                  - id: remote-uri
                    uses: data.restore
                    with: { path: data/x.csv, md5: 0123456789abcdef0123456789abcdef, size: 1, remote: "s3://bucket/dvc" }
                """);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/x.csv"), "a\n1\n");
        var e = assertThrows(SpecException.class,
                () -> new PipelineLoader(StepCatalog.fromServiceLoader()).load(file, ProjectPaths.inside(dir)));
        assertEquals(List.of(
                        "6:39: step 'version': remote: '/mnt/elsewhere' is an absolute path outside the project",
                        "9:39: step 'fetch': remote: '../dvc' climbs out of the project",
                        "12:87: step 'restore': remote: '/mnt/elsewhere' is an absolute path outside the project"),
                e.problems().stream().map(p -> p.line() + ":" + p.column() + ": "
                        + p.message().substring(0, p.message().indexOf(';'))).toList());
    }

    @Test
    void aContractOutsideTheProjectIsNeverRead() throws Exception {
        // A file outside the project whose content must not appear in any message.
        Path outside = Files.writeString(dir.resolve("secret.txt"), "root:x:0:0:hunter2:/root:/bin/bash\n");
        Path project = Files.createDirectories(dir.resolve("project"));
        DemoCopy copy = DemoCopy.into(project).edit(P, "contract: data-contracts/telco-churn.yaml",
                "contract: " + outside);
        List<Problem> problems = problems(copy, ProjectPaths.inside(project));
        assertEquals(1, problems.size(), problems.toString());
        assertFalse(problems.get(0).toString().contains("hunter2"), problems.toString());
        assertEquals(copy.pipeline(), problems.get(0).file());
    }

    @Test
    void underAnAllowedRootOrAsAUriAPathIsAccepted() throws Exception {
        Path root = Files.createDirectories(dir.resolve("srv"));
        Path project = Files.createDirectories(dir.resolve("project"));
        DemoCopy copy = DemoCopy.into(project)
                .editStep("score", "table: .pitstop/tables/churn_predictions", "table: " + root.resolve("tables/churn"))
                .editStep("score", "input: data/telco_churn.csv", "input: file:" + root.resolve("in.csv"));
        // Without the root the table is refused; the file: URI is accepted either way.
        List<Problem> refused = problems(copy, ProjectPaths.inside(project));
        assertEquals(1, refused.size(), refused.toString());
        assertTrue(refused.get(0).message().startsWith("step 'score': table: "), refused.toString());
        new PipelineLoader(StepCatalog.fromServiceLoader()).load(copy.pipeline(), new ProjectPaths(project, List.of(root)));
    }

    @Test
    void aDotDotThatStaysInsideTheProjectIsFine() throws Exception {
        DemoCopy copy = DemoCopy.into(dir).editStep("score", "table: .pitstop/tables/churn_predictions",
                "table: data/../.pitstop/tables/churn_predictions");
        new PipelineLoader(StepCatalog.fromServiceLoader()).load(copy.pipeline(), ProjectPaths.inside(dir));
    }

    static List<Problem> problems(DemoCopy demo, ProjectPaths paths) {
        var e = assertThrows(SpecException.class,
                () -> new PipelineLoader(StepCatalog.fromServiceLoader()).load(demo.pipeline(), paths));
        return e.problems();
    }
}
