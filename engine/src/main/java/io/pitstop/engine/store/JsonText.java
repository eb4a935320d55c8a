package io.pitstop.engine.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.Map;
import java.util.TreeMap;

/**
 * JSON documents kept in TEXT columns. Maps are written with sorted keys so that equal records
 * give equal text (diffable, and comparable in SQL).
 */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, JsonNode>> DOCUMENTS = new TypeReference<>() { };
    private static final TypeReference<java.util.List<String>> LIST = new TypeReference<>() { };

    private JsonText() {
    }

    static String write(Object value) {
        if (value == null) return null;
        try {
            return MAPPER.writeValueAsString(value instanceof Map<?, ?> m ? new TreeMap<>(m) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode node(String text) {
        return text == null ? null : read(text, new TypeReference<JsonNode>() { });
    }

    static Map<String, String> strings(String text) {
        return text == null ? Map.of() : read(text, STRINGS);
    }

    static java.util.List<String> list(String text) {
        return text == null ? java.util.List.of() : read(text, LIST);
    }

    static Map<String, JsonNode> documents(String text) {
        return text == null ? Map.of() : read(text, DOCUMENTS);
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            // Only this store writes these columns, so unreadable JSON means a damaged database.
            throw new IllegalStateException("run store holds malformed JSON: " + e.getOriginalMessage(), e);
        }
    }
}
