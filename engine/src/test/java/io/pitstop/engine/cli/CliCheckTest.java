package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop check}: an ok line for a valid file; for a broken one, exit 2 and one line per problem. */
class CliCheckTest {

    /** The one format editors and CI annotations understand: {@code path:line:column: message}. */
    static final Pattern PROBLEM_LINE = Pattern.compile("(.+):(\\d+):(\\d+): (.+)");

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    @Test
    void aValidPipelineIsOkAndNamesItsStepsInOrder() throws Exception {
        String file = project.pipeline(false);
        CliResult r = project.cli("check", file);
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        assertEquals(file + ": ok (3 steps: first -> second -> check)", r.out().strip(), r.transcript());
        assertEquals("", r.err(), r.transcript());
    }

    @Test
    void aBrokenPipelinePrintsEveryProblemAsPathLineColumnMessage() throws Exception {
        String file = project.pipeline("broken.yaml", """
                pipeline: p
                model: { name: m }
                stpes: []
                steps:
                  - id: first
                    uses: testkit.wrte
                  - id: check
                    uses: testkit.check
                    needs: [nowhere]
                """);
        CliResult r = project.cli("check", file);
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertEquals("", r.out(), "nothing is reported as ok: " + r.transcript());

        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.transcript());
        Path absolute = dir.resolve(file).toAbsolutePath().normalize();
        for (String line : lines) {
            Matcher m = PROBLEM_LINE.matcher(line);
            assertTrue(m.matches(), "not path:line:column: message: " + line);
            assertEquals(absolute.toString(), m.group(1), line);
            assertTrue(Integer.parseInt(m.group(2)) >= 1 && Integer.parseInt(m.group(3)) >= 1, "a real place: " + line);
        }
        assertTrue(lines.get(0).startsWith(absolute + ":3:1: ") && lines.get(0).contains("stpes"), r.transcript());
        assertTrue(lines.get(1).startsWith(absolute + ":6:") && lines.get(1).contains("testkit.write"),
                "an unknown kind suggests the near match: " + r.transcript());
        assertTrue(lines.get(2).startsWith(absolute + ":9:") && lines.get(2).contains("nowhere"), r.transcript());
    }

    @Test
    void aMissingPipelineFileIsInvalidAndSaysSo() {
        CliResult r = project.cli("check", "pipelines/absent.yaml");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("no pipeline file") && r.err().contains("absent.yaml"), r.transcript());
        assertTrue(r.err().contains("p.yaml") || r.err().contains("no pipelines"), "lists what is there: " + r.transcript());
    }
}
