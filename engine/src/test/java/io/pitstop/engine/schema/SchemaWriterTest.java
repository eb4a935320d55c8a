package io.pitstop.engine.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.spec.TestSteps;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaWriterTest {

    private static final ObjectMapper JSON = Json.MAPPER;

    @Test
    void pipelineSchemaDescribesEveryKindsParamsFromItsRecord() throws Exception {
        String text = SchemaWriter.pipelineSchema(TestSteps.catalog());
        JsonNode schema = JSON.readTree(text);
        assertEquals(SchemaWriter.DRAFT, schema.get("$schema").asText());
        assertEquals(List.of("data.source", "evaluate.classifier", "release.package", "train.network"),
                texts(schema.at("/$defs/step/properties/uses/enum")));
        assertEquals("#/$defs/with.train.network",
                schema.at("/$defs/step/allOf/3/then/properties/with/$ref").asText());
        JsonNode train = schema.at("/$defs/with.train.network");
        assertFalse(train.get("additionalProperties").asBoolean());
        assertTrue(train.get("description").asText().contains("test step train.network"));
        JsonNode network = train.at("/properties/network");
        assertEquals("integer", network.at("/properties/epochs/type").asText());
        assertEquals("number", network.at("/properties/learning_rate/type").asText());
        assertEquals(List.of("relu", "tanh", "sigmoid"), texts(network.at("/properties/activation/enum")));
        assertEquals("integer", network.at("/properties/hidden/items/type").asText());
        // A primitive component cannot take a default, so it is required; boxed ones are optional.
        assertEquals(List.of("epochs"), texts(network.get("required")));
        assertEquals("number", train.at("/properties/weights/additionalProperties/type").asText());
        assertEquals("boolean", train.at("/properties/balance/type").asText());
        assertEquals("string", train.at("/properties/features/items/type").asText());
        assertTrue(schema.at("/$defs/with.release.package/properties").isEmpty());
        // needs is one id or a list of ids, not an object.
        assertTrue(schema.at("/$defs/step/properties/needs/type").isMissingNode());
        assertEquals(2, schema.at("/$defs/step/properties/needs/oneOf").size());
    }

    @Test
    void outputIsDeterministicSortedAndIndentedByTwo() {
        String a = SchemaWriter.pipelineSchema(TestSteps.catalog());
        assertEquals(a, SchemaWriter.pipelineSchema(TestSteps.catalog()));
        assertTrue(a.startsWith("{\n  \"$defs\": {\n    \"step\": {"), a.substring(0, 40));
        assertTrue(a.endsWith("}\n"));
    }

    @Test
    void contractSchemaHasEveryCheckKind() throws Exception {
        JsonNode schema = JSON.readTree(SchemaWriter.contractSchema());
        assertEquals(List.of("allowed_values", "completeness", "pattern", "predicate", "range", "row_count", "unique"),
                texts(schema.at("/properties/checks/items/properties/kind/enum")));
        assertEquals(List.of("string", "integer", "long", "double", "boolean", "date", "timestamp"),
                texts(schema.at("/properties/columns/items/properties/type/enum")));
    }

    /** Staleness check: regenerate with SchemaWriter.main when the contract format changes. */
    @Test
    void committedContractSchemaIsCurrent() throws Exception {
        Path committed = Path.of("..", "data-contracts", "contract.schema.json");
        assertEquals(SchemaWriter.contractSchema(), Files.readString(committed),
                "data-contracts/contract.schema.json is stale: run SchemaWriter.main(<project dir>)");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
