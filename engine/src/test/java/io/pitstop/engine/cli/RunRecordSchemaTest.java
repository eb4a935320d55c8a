package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.RunOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run record that {@code runs show --json} prints, from real runs (one fresh, one cached), against the
 * schema committed in {@code docs/schemas}: readers code against that file, so the output must keep to it.
 */
class RunRecordSchemaTest {

    /** Surefire runs in the module directory; the schemas live at the repository's root. */
    static final Path SCHEMA = Path.of("..", "docs", "schemas", "run-record.schema.json");
    private static final Pattern RUN_LINE = Pattern.compile("(?m)^run (\\S+)  pipeline p ");

    @TempDir
    Path dir;
    TestProject project;
    Schema schema;

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(SCHEMA));
    }

    private String run() throws Exception {
        CliResult r = project.cli("run", project.pipeline(false));
        assertEquals(RunOutcome.EXIT_OK, r.exitCode(), r.transcript());
        Matcher m = RUN_LINE.matcher(r.out());
        assertTrue(m.find(), r.transcript());
        return m.group(1);
    }

    private JsonNode show(String runId) throws Exception {
        CliResult show = project.cli("runs", "show", runId, "--json");
        assertEquals(RunOutcome.EXIT_OK, show.exitCode(), show.transcript());
        return Json.MAPPER.readTree(show.out());
    }

    @Test
    void aFreshRunAndACachedRunKeepToTheSchema() throws Exception {
        JsonNode fresh = show(run());
        JsonNode cached = show(run());

        assertEquals(List.of(), schema.validate(fresh), fresh.toPrettyString());
        assertEquals(List.of(), schema.validate(cached), cached.toPrettyString());
        assertEquals("CACHED", cached.path("steps").get(0).path("status").asText(), cached.toPrettyString());
    }

    @Test
    void theSchemaRefusesTheOldShapes() throws Exception {
        ObjectNode record = (ObjectNode) show(run());
        ((ObjectNode) record.get("environment")).put("cpus", "2");
        ObjectNode step = (ObjectNode) record.get("steps").get(0);
        step.put("durationMillis", 12);
        ((ObjectNode) step.get("inputs")).put("params", "{\"text\":\"a\"}");

        List<Error> errors = schema.validate(record);

        assertFalse(errors.isEmpty());
        String all = errors.toString();
        assertTrue(all.contains("cpus") && all.contains("durationMillis") && all.contains("params"), all);
    }

    @Test
    void runsListJsonHasAFormatVersionAndTypedFields() throws Exception {
        String runId = run();

        CliResult list = project.cli("runs", "list", "--json");

        assertEquals(RunOutcome.EXIT_OK, list.exitCode(), list.transcript());
        JsonNode root = Json.MAPPER.readTree(list.out());
        assertEquals(1, root.path("format_version").asInt(), list.out());
        JsonNode only = root.path("runs").get(0);
        assertEquals(runId, only.path("run_id").asText(), list.out());
        assertTrue(only.path("git_dirty").isBoolean(), list.out());
        assertTrue(only.path("duration_millis").isIntegralNumber(), list.out());
        assertEquals(3, only.path("step_counts").path("succeeded").asInt(), list.out());
    }
}
