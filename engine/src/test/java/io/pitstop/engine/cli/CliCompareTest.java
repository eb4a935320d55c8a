package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code pitstop runs compare}: two runs of the test pipeline that differ in one param. */
class CliCompareTest {

    private static final Pattern RUN_LINE = Pattern.compile("(?m)^run (\\S+)  pipeline p ");

    @TempDir
    Path dir;
    TestProject project;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
    }

    private String run(String secondText) throws Exception {
        String pipeline = project.pipeline("p.yaml", TestProject.PIPELINE.formatted(false).replace("\"-b\"", secondText));
        CliResult r = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        Matcher m = RUN_LINE.matcher(r.out());
        assertTrue(m.find(), r.transcript());
        return m.group(1);
    }

    @Test
    void showsTheChangedParamTheMetricItMovedAndTheSpecHashButNotWhatIsEqual() throws Exception {
        String a = run("\"-b\"");
        String b = run("\"-bcd\"");

        CliResult r = project.cli("runs", "compare", a, b);

        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        String out = r.out();
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+second\\.text\\s+-b\\s+-bcd")), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+second\\.length\\s+3\\s+5\\s+\\(\\+2\\)")), out);
        assertTrue(out.lines().anyMatch(l -> l.strip().startsWith("spec sha256 ")), out);
        assertTrue(out.contains("params\n") && out.contains("metrics\n") && out.contains("run\n"), out);
        assertFalse(out.contains("first.text"), "an unchanged param is not listed by default: " + out);
        assertTrue(out.matches("(?s).*\\d+ items differ; \\d+ are the same \\(--all lists them\\)\\s*"), out);

        String all = project.cli("runs", "compare", a, b, "--all").out();
        assertTrue(all.lines().anyMatch(l -> l.matches("\\s+first\\.text\\s+a\\s+a\\s+\\(same\\)")), all);
        assertTrue(all.contains("environment\n") && all.contains("java.version"), all);
        assertTrue(all.contains("code\n") && all.contains("second.code"), all);
    }

    @Test
    void jsonListsEveryItemWithItsSides() throws Exception {
        String a = run("\"-b\"");
        String b = run("\"-bcd\"");

        JsonNode root = Json.MAPPER.readTree(project.cli("runs", "compare", a, b, "--json").out());

        assertEquals(1, root.path("format_version").asInt(), root.toPrettyString());
        assertEquals(a, root.path("left").asText());
        JsonNode text = null;
        for (JsonNode item : root.path("items")) {
            if (item.path("name").asText().equals("second.text")) text = item;
        }
        assertTrue(text != null, root.toPrettyString());
        assertEquals("params", text.path("section").asText());
        assertEquals("-b", text.path("left").asText());
        assertEquals("-bcd", text.path("right").asText());
        assertTrue(text.path("same").isBoolean(), text.toString());
        assertFalse(text.path("same").asBoolean());
    }

    @Test
    void aRunComparedWithItselfMatchesEverywhere() throws Exception {
        String a = run("\"-b\"");
        String out = project.cli("runs", "compare", a, a).out();
        assertTrue(out.matches("(?s).*the two runs match in all \\d+ compared items\\s*"), out);
    }

    @Test
    void anUnknownRunIsInvalidInput() throws Exception {
        String a = run("\"-b\"");
        CliResult r = project.cli("runs", "compare", a, "r-nope");
        assertEquals(RunOutcome.EXIT_INVALID, r.exitCode(), r.transcript());
        assertTrue(r.err().contains("no run 'r-nope'"), r.transcript());
    }
}
