package io.pitstop.engine.yaml;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.step.Location;
import io.pitstop.engine.step.Problem;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML file into a Jackson tree while recording the line and column of every node. Jackson's
 * own tree reader forgets positions and silently keeps the last of two duplicate keys; both matter
 * for an error message a person can act on, so the tree is built here from the streaming parser.
 *
 * <p>YAML 1.2 scalars: {@code yes}/{@code no}/{@code on}/{@code off} stay strings (only
 * {@code true}/{@code false} are booleans), so {@code positive: Yes} means the string "Yes".
 */
public final class YamlReader {

    /**
     * The deepest nesting of mappings and lists a file may have. Pitstop's own formats need fewer than
     * ten levels; the limit keeps a hostile or broken file (20,000 nested {@code [}) from exhausting
     * the stack while the tree is built.
     */
    public static final int MAX_DEPTH = 64;

    /** The largest file read, in characters: a pipeline, contract or profile is a few kilobytes. */
    public static final int MAX_CHARS = 2_000_000;

    private YamlReader() {
    }

    /**
     * Parses a file. Duplicate keys are collected in {@link YamlDocument#problems()}; a file that is
     * not YAML at all (or cannot be read) throws, since nothing after it could be checked.
     *
     * @throws SpecException with one located problem for a syntax error or an unreadable file
     */
    public static YamlDocument read(Path file) {
        String text;
        try {
            refuseIfTooLarge(file);
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(List.of(new Problem(file, 0, 0, "cannot read file: " + e)));
        }
        return parse(file, text);
    }

    /** Parses text that came from {@code file} (the file is only used in locations). */
    public static YamlDocument parse(Path file, String text) {
        if (text.length() > MAX_CHARS) throw tooLarge(file);
        var builder = new TreeBuilder(file, text);
        try (JsonParser parser = Yaml.FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            JsonNode root = first == null ? JsonNodeFactory.instance.nullNode() : builder.value(parser, "");
            if (root.isNull()) builder.values.put("", Location.startOf(file));
            if (parser.nextToken() != null) {
                throw new SpecException(List.of(builder.problemAt(parser.currentTokenLocation(),
                        "a file holds one YAML document; found a second one")));
            }
            return new YamlDocument(file, text, root, builder.values, builder.keys, builder.problems);
        } catch (JsonProcessingException e) {
            throw new SpecException(List.of(builder.problemAt(e.getLocation(), syntaxMessage(e))));
        } catch (IOException e) {
            throw new SpecException(List.of(new Problem(file, 0, 0, "cannot read YAML: " + e.getMessage())));
        }
    }

    /**
     * Refuses a file too large to be one of Pitstop's YAML files before it is read, so a
     * multi-gigabyte file named by mistake cannot fill the heap (UTF-8 takes at most 4 bytes a character).
     */
    public static void refuseIfTooLarge(Path file) throws IOException {
        if (Files.size(file) > 4L * MAX_CHARS) throw tooLarge(file);
    }

    private static SpecException tooLarge(Path file) {
        return new SpecException(List.of(new Problem(file, 1, 1, "file is larger than " + MAX_CHARS
                + " characters; a pipeline, contract or profile is a few kilobytes (is this the right file?)")));
    }

    /** The parser's message without Jackson's trailing source excerpt, which repeats the location. */
    private static String syntaxMessage(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException m && m.getProblem() != null) {
            String context = m.getContext() == null || m.getContextMark() == null ? ""
                    : " (" + m.getContext() + " started at line " + (m.getContextMark().getLine() + 1) + ", column "
                    + (m.getContextMark().getColumn() + 1) + ")";
            return "invalid YAML: " + m.getProblem() + context;
        }
        String message = e.getOriginalMessage();
        message = message == null ? "invalid YAML" : message.strip();
        return "invalid YAML: " + message.replaceAll("\\s*\\n\\s*", " ");
    }

    /** Builds the tree and the two position maps in one pass over the parser's tokens. */
    private static final class TreeBuilder {
        private final Path file;
        private final String text;
        private final Map<String, Location> values = new HashMap<>();
        private final Map<String, Location> keys = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        /** How many mappings and lists enclose the value being read. */
        private int depth;

        TreeBuilder(Path file, String text) {
            this.file = file;
            this.text = text;
        }

        /** Reads the value the parser stands on (its current token), recording its position. */
        JsonNode value(JsonParser parser, String pointer) throws IOException {
            values.put(pointer, location(parser.currentTokenLocation()));
            JsonToken token = parser.currentToken();
            if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
                throw new SpecException(List.of(problemAt(parser.currentTokenLocation(), "mappings and lists nest"
                        + " deeper than " + MAX_DEPTH + " levels here; Pitstop's files need only a few")));
            }
            JsonNodeFactory nodes = JsonNodeFactory.instance;
            return switch (parser.currentToken()) {
                case START_OBJECT -> mapping(parser, pointer);
                case START_ARRAY -> sequence(parser, pointer);
                case VALUE_STRING -> isEmptyPlain(parser) ? nodes.nullNode() : nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
                    case INT -> nodes.numberNode(parser.getIntValue());
                    case LONG -> nodes.numberNode(parser.getLongValue());
                    default -> nodes.numberNode(parser.getBigIntegerValue());
                };
                case VALUE_NUMBER_FLOAT -> nodes.numberNode(parser.getDoubleValue());
                case VALUE_TRUE -> nodes.booleanNode(true);
                case VALUE_FALSE -> nodes.booleanNode(false);
                case VALUE_NULL -> nodes.nullNode();
                // Binary (!!binary) and other embedded values are not part of Pitstop's formats.
                default -> nodes.textNode(parser.getText());
            };
        }

        private ObjectNode mapping(JsonParser parser, String pointer) throws IOException {
            depth++;
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                Location keyAt = location(parser.currentTokenLocation());
                String childPointer = YamlDocument.child(pointer, name);
                parser.nextToken();
                if (node.has(name)) {
                    problems.add(Problem.at(keyAt, "duplicate key '" + name + "' (first declared at line "
                            + keys.get(childPointer).line() + ")"));
                    // Read past the duplicate into a scratch builder so it does not overwrite positions.
                    TreeBuilder scratch = new TreeBuilder(file, text);
                    scratch.depth = depth;
                    scratch.value(parser, childPointer);
                    continue;
                }
                keys.put(childPointer, keyAt);
                node.set(name, value(parser, childPointer));
            }
            depth--;
            return node;
        }

        private ArrayNode sequence(JsonParser parser, String pointer) throws IOException {
            depth++;
            ArrayNode node = JsonNodeFactory.instance.arrayNode();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                node.add(value(parser, YamlDocument.child(pointer, node.size())));
            }
            depth--;
            return node;
        }

        /**
         * {@code key:} with nothing after it is null in YAML, but Jackson reports it as an empty
         * string, the same as {@code key: ""}; only the source text tells them apart.
         */
        private boolean isEmptyPlain(JsonParser parser) throws IOException {
            if (!parser.getText().isEmpty()) return false;
            long offset = parser.currentTokenLocation().getCharOffset();
            if (offset < 0 || offset >= text.length()) return true;
            char c = text.charAt((int) offset);
            return c != '"' && c != '\'';
        }

        private Location location(JsonLocation at) {
            return at == null ? Location.startOf(file) : new Location(file, Math.max(1, at.getLineNr()),
                    Math.max(1, at.getColumnNr()));
        }

        Problem problemAt(JsonLocation at, String message) {
            return at == null ? new Problem(file, 0, 0, message) : Problem.at(location(at), message);
        }
    }
}
