package io.pitstop.engine.pkg;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.pitstop.engine.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of {@code manifest.json}. Deterministic so that the same manifest always hashes the
 * same: keys sorted at every depth (params included), 2-space indent, '\n' line ends, a final newline.
 *
 * <pre>
 * {
 *   "createdAt": "2026-11-22T20:15:00Z",
 *   "files": [ { "path": "model/model.zip", "size": 48213 } ],
 *   "formatVersion": 1,
 *   "lineage": { "git.commit": "…", "data.telco.md5": "…" },
 *   "metrics": { "auc": 0.84 },
 *   "model": "churn",
 *   "params": { "epochs": 20 },
 *   "version": "1.4.0"
 * }
 * </pre>
 */
final class ManifestJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private ManifestJson() {
    }

    static byte[] write(PackageManifest m) {
        ObjectNode root = NODES.objectNode();
        root.put("formatVersion", m.formatVersion());
        root.put("model", m.model());
        root.put("version", m.version().toString());
        root.put("createdAt", m.createdAt().toString());
        ObjectNode lineage = root.putObject("lineage");
        m.lineage().forEach(lineage::put);
        root.set("params", m.params());
        ObjectNode metrics = root.putObject("metrics");
        m.metrics().forEach(metrics::put);
        ArrayNode files = root.putArray("files");
        for (PackageFile f : m.files()) files.addObject().put("path", f.path()).put("size", f.size());
        try {
            String text = Json.MAPPER.writer(new Printer()).writeValueAsString(sorted(root));
            return (text + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a manifest; the message of the exception says which field is wrong. */
    static PackageManifest read(byte[] bytes) throws ManifestFormatException {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new ManifestFormatException("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ManifestFormatException("not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new ManifestFormatException("expected a JSON object");
        int format = required(root, "formatVersion").asInt(-1);
        if (format < 1) throw new ManifestFormatException("formatVersion must be a positive integer");
        if (format > PackageManifest.FORMAT_VERSION) {
            throw new ManifestFormatException("formatVersion " + format + " is newer than this Pitstop reads ("
                    + PackageManifest.FORMAT_VERSION + "); upgrade Pitstop to open this package");
        }
        try {
            Map<String, String> lineage = new TreeMap<>();
            objectField(root, "lineage").fields().forEachRemaining(e -> lineage.put(e.getKey(), e.getValue().asText()));
            Map<String, Double> metrics = new TreeMap<>();
            objectField(root, "metrics").fields().forEachRemaining(e -> metrics.put(e.getKey(), e.getValue().asDouble()));
            List<PackageFile> files = new ArrayList<>();
            JsonNode fileList = required(root, "files");
            if (!fileList.isArray()) throw new ManifestFormatException("'files' must be an array");
            for (JsonNode f : fileList) {
                if (!f.path("path").isTextual() || !f.path("size").canConvertToLong()) {
                    throw new ManifestFormatException("each entry of 'files' needs a text 'path' and a numeric 'size'");
                }
                files.add(new PackageFile(f.get("path").asText(), f.get("size").asLong()));
            }
            return new PackageManifest(format, required(root, "model").asText(), SemVer.parse(required(root, "version").asText()),
                    Instant.parse(required(root, "createdAt").asText()), lineage, objectField(root, "params"), metrics, files);
        } catch (DateTimeParseException e) {
            throw new ManifestFormatException("createdAt is not an ISO-8601 instant: " + e.getParsedString());
        } catch (IllegalArgumentException e) {
            throw new ManifestFormatException(e.getMessage());
        }
    }

    private static JsonNode required(JsonNode root, String field) throws ManifestFormatException {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw new ManifestFormatException("missing '" + field + "'");
        return v;
    }

    private static JsonNode objectField(JsonNode root, String field) throws ManifestFormatException {
        JsonNode v = required(root, field);
        if (!v.isObject()) throw new ManifestFormatException("'" + field + "' must be an object");
        return v;
    }

    /** A copy with the keys of every object in sorted order (Jackson 2.15 cannot sort tree nodes itself). */
    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                fields.put(e.getKey(), sorted(e.getValue()));
            }
            ObjectNode out = NODES.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = NODES.arrayNode();
            node.forEach(child -> out.add(sorted(child)));
            return out;
        }
        return node;
    }

    /** Jackson's pretty printer with '\n' everywhere (not the platform's line separator) and {@code "key": value}. */
    private static final class Printer extends DefaultPrettyPrinter {
        Printer() {
            DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
            indentObjectsWith(indenter);
            indentArraysWith(indenter);
        }

        Printer(Printer base) {
            super(base);
        }

        @Override
        public DefaultPrettyPrinter createInstance() {
            return new Printer(this);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }
    }

    /** The manifest's text is not a manifest; the message names the field. */
    static final class ManifestFormatException extends Exception {
        ManifestFormatException(String message) {
            super(message);
        }
    }
}
