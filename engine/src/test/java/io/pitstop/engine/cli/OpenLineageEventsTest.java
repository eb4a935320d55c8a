package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.lineage.openlineage.OpenLineageSchema;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.SpecException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * OpenLineage events of real runs through {@code ./pitstop run}: a fast pipeline of two step kinds
 * (the example row count reading a landing CSV, and a write), events to a file and to an HTTP
 * endpoint on 127.0.0.1 standing for the user's lineage backend, each event validated against
 * OpenLineage's published JSON schema ({@link OpenLineageSchema}).
 */
class OpenLineageEventsTest {

    static final String PIPELINE = """
            pipeline: rows
            model: { name: m }
            steps:
              - id: count
                uses: example.row_count
                with: { input: data/customers.csv }
              - id: note
                uses: testkit.write
                needs: [count]
                with: { text: "counted" }
              - id: check
                uses: testkit.check
                needs: [note]
                with: { stop: %s }
            """;

    @TempDir
    Path dir;
    TestProject project;
    final OpenLineageSchema schema = new OpenLineageSchema();

    @BeforeEach
    void create() throws Exception {
        project = TestProject.create(dir);
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("data/customers.csv"), "id,plan\n1,basic\n2,pro\n3,basic\n");
    }

    private void lineage(String section) throws Exception {
        Files.writeString(dir.resolve("conf/local.yaml"), section, java.nio.file.StandardOpenOption.APPEND);
    }

    @Test
    void eachStepOfARunStartsAndCompletesInTheFileWithItsDatasetsAndKeepsToTheSchema() throws Exception {
        lineage("lineage: { transport: file, path: .pitstop/lineage/events.jsonl }\n");
        String pipeline = project.pipeline("rows.yaml", PIPELINE.formatted(false));

        CliResult run = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_OK, run.exitCode(), run.transcript());
        List<JsonNode> events = fileEvents();

        assertEquals(List.of("START count", "COMPLETE count", "START note", "COMPLETE note", "START check",
                "COMPLETE check"), summary(events));
        for (JsonNode event : events) assertEquals(List.of(), schema.problems(event), event.toPrettyString());

        JsonNode countDone = events.get(1);
        String runId = countDone.at("/run/facets/pitstop/run_id").asText();
        assertEquals("pitstop", countDone.at("/job/namespace").asText());
        assertEquals("rows.count", countDone.at("/job/name").asText());
        assertEquals(UUID.nameUUIDFromBytes(("pitstop-step:" + runId + "/count").getBytes(StandardCharsets.UTF_8)).toString(),
                countDone.at("/run/runId").asText(), "derived from the run and step ids");
        assertEquals(events.get(0).at("/run/runId"), countDone.at("/run/runId"), "START and COMPLETE are one run");
        assertEquals("rows", countDone.at("/run/facets/parent/job/name").asText());
        assertEquals(countDone.at("/run/facets/parent/run/runId"), events.get(3).at("/run/facets/parent/run/runId"),
                "both steps have the pipeline's run as parent");
        assertNotEquals(countDone.at("/run/runId"), events.get(3).at("/run/runId"));

        assertEquals(List.of("file:" + dir.toRealPath().resolve("data/customers.csv")), datasets(countDone, "inputs"),
                "the landing file the step reads");
        List<String> written = datasets(countDone, "outputs");
        assertEquals(1, written.size(), written.toString());
        assertTrue(written.get(0).endsWith("/rows.txt"), written.toString());
        assertEquals(List.of(), datasets(events.get(3), "inputs"), "note needs count but reads nothing of it");
        assertEquals(datasets(events.get(3), "outputs"), datasets(events.get(5), "inputs"),
                "what note wrote is what check consumed: one dataset, so the graph is connected");
    }

    @Test
    void aCachedStepEmitsTooSayingFromWhichRun() throws Exception {
        lineage("lineage: { transport: file, path: .pitstop/lineage/events.jsonl }\n");
        String pipeline = project.pipeline("rows.yaml", PIPELINE.formatted(false));
        CliResult first = project.cli("run", pipeline);
        assertEquals(RunOutcome.EXIT_OK, first.exitCode(), first.transcript());
        CliResult again = project.cli("run", pipeline);
        assertTrue(again.out().contains("cached  count"), again.transcript());

        List<JsonNode> events = fileEvents();
        assertEquals(12, events.size(), summary(events).toString());
        JsonNode cached = events.get(7);
        assertEquals("COMPLETE count", summary(List.of(cached)).get(0));
        String firstRun = events.get(1).at("/run/facets/pitstop/run_id").asText();
        assertEquals(firstRun, cached.at("/run/facets/pitstop/cached_from_run").asText());
        assertEquals("CACHED", cached.at("/run/facets/pitstop/status").asText());
        assertNotEquals(events.get(1).at("/run/runId"), cached.at("/run/runId"), "a new run of the job");
        for (JsonNode event : events) assertEquals(List.of(), schema.problems(event), event.toPrettyString());
    }

    @Test
    void aFailingStepEmitsFailWithItsErrorMessage() throws Exception {
        lineage("lineage: { transport: file, path: .pitstop/lineage/events.jsonl }\n");
        Files.writeString(dir.resolve("data/customers.csv"), "id,plan\n");
        CliResult run = project.cli("run", project.pipeline("rows.yaml", PIPELINE.formatted(false)));
        assertEquals(RunOutcome.EXIT_FAILED, run.exitCode(), run.transcript());

        List<JsonNode> events = fileEvents();
        assertEquals(List.of("START count", "FAIL count"), summary(events), "note never started: no event");
        JsonNode failed = events.get(1);
        assertTrue(failed.at("/run/facets/errorMessage/message").asText().contains("has a header and no rows"),
                failed.toPrettyString());
        assertEquals("JAVA", failed.at("/run/facets/errorMessage/programmingLanguage").asText());
        assertEquals(List.of(), datasets(failed, "outputs"));
        for (JsonNode event : events) assertEquals(List.of(), schema.problems(event), event.toPrettyString());
    }

    @Test
    void aStepThatStopsTheRunIsAnAbort() throws Exception {
        lineage("lineage: { transport: file, path: .pitstop/lineage/events.jsonl }\n");
        CliResult run = project.cli("run", project.pipeline("rows.yaml", PIPELINE.formatted(true)));
        assertEquals(RunOutcome.EXIT_STOPPED, run.exitCode(), run.transcript());
        List<JsonNode> events = fileEvents();
        assertEquals("ABORT check", summary(events).get(5));
        assertEquals("the check said no", events.get(5).at("/run/facets/pitstop/message").asText());
        for (JsonNode event : events) assertEquals(List.of(), schema.problems(event), event.toPrettyString());
    }

    @Test
    void aLocalBackendReceivesTheEventsOverHttp() throws Exception {
        List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
        List<String> contentTypes = Collections.synchronizedList(new ArrayList<>());
        HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backend.createContext("/api/v1/lineage", exchange -> {
            contentTypes.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            received.add(Json.MAPPER.readTree(exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(201, -1);
            exchange.close();
        });
        backend.start();
        try {
            lineage("lineage:\n  transport: http\n  url: http://127.0.0.1:" + backend.getAddress().getPort() + "\n");
            CliResult run = project.cli("run", project.pipeline("rows.yaml", PIPELINE.formatted(false)));
            assertEquals(RunOutcome.EXIT_OK, run.exitCode(), run.transcript());
            assertTrue(!run.out().contains("warning: lineage"), run.transcript());
        } finally {
            backend.stop(0);
        }
        assertEquals(List.of("START count", "COMPLETE count", "START note", "COMPLETE note", "START check",
                "COMPLETE check"), summary(received));
        assertTrue(contentTypes.stream().allMatch(t -> t.startsWith("application/json")), contentTypes.toString());
        for (JsonNode event : received) assertEquals(List.of(), schema.problems(event), event.toPrettyString());
    }

    @Test
    void anUnreachableBackendIsAWarningAndTheRunSucceeds() throws Exception {
        int closed;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closed = socket.getLocalPort();
        }
        lineage("lineage: { transport: http, url: 'http://127.0.0.1:" + closed + "' }\n");
        CliResult run = project.cli("run", project.pipeline("rows.yaml", PIPELINE.formatted(false)));
        assertEquals(RunOutcome.EXIT_OK, run.exitCode(), run.transcript());
        assertTrue(run.out().contains("warning: lineage event START of step 'count' not sent"), run.transcript());
        assertTrue(run.out().contains("3 rows in data/customers.csv"), run.transcript());
    }

    @Test
    void aBadLineageSectionIsRefusedWithFileLineAndColumn() throws Exception {
        lineage("""
                lineage:
                  transport: kafka
                  url: http://127.0.0.1:5000
                """);
        var refused = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "local"));
        assertTrue(refused.getMessage().contains("local.yaml:4:14: lineage.transport: 'kafka' is not a transport;"
                + " write file or http"), refused.getMessage());

        Files.writeString(dir.resolve("conf/local.yaml"), """
                state_dir: .pitstop
                lineage:
                  transport: http
                  url: ftp://backend
                  pth: x
                """);
        refused = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "local"));
        assertTrue(refused.getMessage().contains("local.yaml:4:8: lineage.url: 'ftp://backend' is not an http(s) URL"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("local.yaml:5:3: unknown key 'lineage.pth' (did you mean 'path'?)"),
                refused.getMessage());

        Files.writeString(dir.resolve("conf/local.yaml"), "lineage: { transport: file, path: /srv/elsewhere/events.jsonl }\n");
        refused = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "local"));
        assertTrue(refused.getMessage().contains("local.yaml:1:35: lineage.path: '/srv/elsewhere/events.jsonl' is an absolute path outside the project"), refused.getMessage());

        Files.writeString(dir.resolve("conf/local.yaml"), "lineage: { transport: file, path: 'hdfs://nn/events' }\n");
        refused = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "local"));
        assertTrue(refused.getMessage().contains("local.yaml:1:35: lineage.path: the file transport writes a local file"),
                refused.getMessage());

        Files.writeString(dir.resolve("conf/local.yaml"), "lineage: { transport: file }\n");
        refused = assertThrows(SpecException.class, () -> ProfileLoader.load(dir, "local"));
        assertTrue(refused.getMessage().contains("local.yaml:1:1: lineage.path is missing"), refused.getMessage());

        CliResult run = project.cli("run", project.pipeline("rows.yaml", PIPELINE.formatted(false)));
        assertEquals(RunOutcome.EXIT_INVALID, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("lineage.path is missing"), run.transcript());
    }

    private List<JsonNode> fileEvents() throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve(".pitstop/lineage/events.jsonl"))) {
            if (!line.isBlank()) events.add(Json.MAPPER.readTree(line));
        }
        return events;
    }

    private static List<String> summary(List<JsonNode> events) {
        return events.stream().map(e -> e.path("eventType").asText() + " "
                + e.at("/job/name").asText().replaceFirst("^rows\\.", "")).toList();
    }

    private static List<String> datasets(JsonNode event, String side) {
        List<String> out = new ArrayList<>();
        for (JsonNode d : event.path(side)) out.add(d.path("namespace").asText() + ":" + d.path("name").asText());
        return out;
    }
}
