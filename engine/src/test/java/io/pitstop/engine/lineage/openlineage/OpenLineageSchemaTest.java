package io.pitstop.engine.lineage.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.FileConfig;
import io.openlineage.client.transports.FileTransport;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.ObservedStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schema check the event tests rely on refuses what OpenLineage's schema refuses. */
class OpenLineageSchemaTest {

    @TempDir
    Path dir;
    final OpenLineageSchema schema = new OpenLineageSchema();

    @Test
    void anEventAsEmittedPassesAndEachTamperingIsCaught() throws Exception {
        var events = new OpenLineageEvents(new FileTransport(new FileConfig(dir.resolve("e.jsonl").toString())),
                "pitstop", w -> { });
        var step = new ObservedStep("r1", "churn", "churn", "train", "train.network", Map.of(), List.of(), dir);
        var event = events.event(step, OpenLineage.RunEvent.EventType.START, Instant.parse("2026-01-01T00:00:00Z"),
                List.of(LineageDataset.of("file", "/data/landing.csv", "md5abc")), List.of(), null);
        JsonNode json = Json.MAPPER.readTree(OpenLineageClientUtils.toJson(event));
        assertEquals(List.of(), schema.problems(json), json.toPrettyString());

        ObjectNode noProducer = json.deepCopy();
        noProducer.remove("producer");
        assertTrue(!schema.problems(noProducer).isEmpty(), "producer is required");

        ObjectNode badRunId = json.deepCopy();
        ((ObjectNode) badRunId.get("run")).put("runId", "r1/train");
        assertTrue(!schema.problems(badRunId).isEmpty(), "a run id is a UUID");

        ObjectNode badParent = json.deepCopy();
        ((ObjectNode) badParent.at("/run/facets/parent/job")).remove("namespace");
        assertTrue(schema.problems(badParent).stream().anyMatch(p -> p.contains("facet parent")),
                "the parent facet is checked against its own schema: " + schema.problems(badParent));

        ObjectNode unknownFacet = json.deepCopy();
        ((ObjectNode) unknownFacet.at("/run/facets/parent")).put("_schemaURL", "https://example.org/Other.json#/$defs/X");
        assertTrue(!schema.problems(unknownFacet).isEmpty(), "a facet whose schema is not known is not waved through");
    }
}
