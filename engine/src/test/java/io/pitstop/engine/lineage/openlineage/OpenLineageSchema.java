package io.pitstop.engine.lineage.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * OpenLineage's published JSON schemas (test resources {@code openlineage-spec/}, copied from the spec
 * of the client's version), found by their {@code $id}s as a backend would find them by the events'
 * {@code schemaURL}s, without the network. {@link #problems} validates an event against the core
 * schema and each facet against the schema its {@code _schemaURL} names; a facet naming a schema not
 * held here is a problem too, so a new facet cannot slip past unvalidated.
 */
public final class OpenLineageSchema {

    private static final String SPEC = "https://openlineage.io/spec/";
    private static final String EVENT = SPEC + "2-0-2/OpenLineage.json";
    private static final List<String> FILES = List.of("OpenLineage.json", "facets/ParentRunFacet.json",
            "facets/ErrorMessageRunFacet.json", "facets/JobTypeJobFacet.json", "facets/DatasetVersionDatasetFacet.json");

    private final SchemaRegistry registry;
    private final Map<String, String> documents = new HashMap<>();

    public OpenLineageSchema() {
        for (String file : FILES) {
            String text = resource("openlineage-spec/" + file);
            String id = text.replaceAll("(?s).*?\"\\$id\"\\s*:\\s*\"([^\"]+)\".*", "$1");
            documents.put(id, text);
        }
        registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b
                .schemas(documents)
                .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));
    }

    /** Everything in the event that its schemas refuse; empty for a valid event. */
    public List<String> problems(JsonNode event) {
        List<String> out = new ArrayList<>();
        if (!event.path("schemaURL").asText().equals(EVENT + "#/$defs/RunEvent")) {
            out.add("schemaURL " + event.path("schemaURL") + " is not the RunEvent of " + EVENT);
        }
        validate(EVENT + "#/$defs/RunEvent", event, "event", out);
        facets(event.path("run").path("facets"), "run", out);
        facets(event.path("job").path("facets"), "job", out);
        for (String side : List.of("inputs", "outputs")) {
            for (JsonNode dataset : event.path(side)) facets(dataset.path("facets"), side + " " + dataset.path("name"), out);
        }
        return out;
    }

    private void facets(JsonNode facets, String where, List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = facets.fields(); it.hasNext(); ) {
            var facet = it.next();
            String url = facet.getValue().path("_schemaURL").asText();
            String document = url.contains("#") ? url.substring(0, url.indexOf('#')) : url;
            if (!documents.containsKey(document)) {
                out.add(where + " facet " + facet.getKey() + ": no schema here for " + url);
                continue;
            }
            validate(url, facet.getValue(), where + " facet " + facet.getKey(), out);
        }
    }

    private void validate(String url, JsonNode node, String where, List<String> out) {
        Schema schema = registry.getSchema(SchemaLocation.of(url));
        schema.validate(node).forEach(e -> out.add(where + ": " + e));
    }

    private static String resource(String name) {
        try (InputStream in = OpenLineageSchema.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("no test resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
