package io.pitstop.engine.spec;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.NodeDescription;
import io.pitstop.engine.yaml.YamlDocument;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binds a step's {@code with:} block to its params record, strictly: YAML {@code learning_rate}
 * fills the component {@code learningRate}; unknown keys, a null for a primitive and any
 * conversion between kinds of scalar (the string "20" for an int, 1.5 for an int, 1 for a boolean)
 * are errors. Whatever Jackson rejects is turned into one located problem in the user's words.
 */
final class ParamsBinder {

    /** Shared: an ObjectMapper is thread-safe once configured. */
    static final ObjectMapper STRICT = strictMapper();

    private ParamsBinder() {
    }

    private static ObjectMapper strictMapper() {
        // The one mapper's conventions (snake_case names), made strict for what a person wrote.
        JsonMapper mapper = Json.MAPPER.rebuild()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES,
                        DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES,
                        DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS,
                        DeserializationFeature.FAIL_ON_TRAILING_TOKENS,
                        DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT,
                        DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                // Enum constants are UPPER_CASE in Java and lower_case in YAML.
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
                .build();
        failCoercion(mapper, LogicalType.Integer, CoercionInputShape.String, CoercionInputShape.Float,
                CoercionInputShape.Boolean, CoercionInputShape.EmptyString);
        failCoercion(mapper, LogicalType.Float, CoercionInputShape.String, CoercionInputShape.Boolean,
                CoercionInputShape.EmptyString);
        failCoercion(mapper, LogicalType.Boolean, CoercionInputShape.String, CoercionInputShape.Integer,
                CoercionInputShape.Float, CoercionInputShape.EmptyString);
        failCoercion(mapper, LogicalType.Textual, CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean);
        failCoercion(mapper, LogicalType.Enum, CoercionInputShape.Integer, CoercionInputShape.EmptyString);
        for (LogicalType container : List.of(LogicalType.Collection, LogicalType.Array, LogicalType.Map,
                LogicalType.POJO)) {
            failCoercion(mapper, container, CoercionInputShape.EmptyString, CoercionInputShape.String,
                    CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean);
        }
        return mapper;
    }

    private static void failCoercion(ObjectMapper mapper, LogicalType type, CoercionInputShape... from) {
        for (CoercionInputShape shape : from) mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
    }

    /**
     * Binds the node at {@code withPointer} (an absent {@code with:} binds an empty mapping, so a
     * record's compact constructor may fill defaults). On failure records one problem and returns empty.
     */
    static Optional<Record> bind(Class<? extends Record> type, String stepId, YamlDocument doc, JsonNode with,
                                 String withPointer, List<Problem> problems) {
        if (UnknownParams.report(ParamShape.of(type), with, stepId, doc, withPointer, "", problems)) {
            return Optional.empty();
        }
        try {
            return Optional.of(STRICT.treeToValue(with, type));
        } catch (JsonMappingException e) {
            explain(e, type, stepId, doc, with, withPointer).forEach(l -> problems.add(l.problem()));
            problems.addAll(beyondRefusedMembers(e, type, stepId, doc, with, withPointer));
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            problems.add(Problem.at(doc.locate(withPointer), "step '" + stepId + "': " + e.getMessage()));
            return Optional.empty();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problems.add(Problem.at(doc.locate(withPointer), "step '" + stepId + "': " + e.getOriginalMessage()));
            return Optional.empty();
        }
    }

    /**
     * A refused member block ({@code network: {...}}) stops the whole record from being built, which
     * would hide whatever else is wrong in the block until the next {@code check}. Binding again
     * without each refused member reports the rest too. Problems at a removed member are dropped:
     * its own are already reported, and "required" would only follow from its removal.
     *
     * <p>A refused enum value is not removed but stood in for by each of its type's constants in turn,
     * and only the problems found under every one are kept. Removing it would bind its default, and a
     * value such as {@code task: multi} chooses what the other parameters mean: judged as the default
     * {@code binary}, a multiclass step's {@code classes} and missing {@code positive} would be reported
     * as wrong although they are right for what was meant. What is wrong whatever was meant (a missing
     * {@code label}, a bad {@code network.epochs}) is wrong under every constant, so it is still reported.
     */
    private static List<Problem> beyondRefusedMembers(JsonMappingException first, Class<?> type, String stepId,
                                                      YamlDocument doc, JsonNode with, String withPointer) {
        if (!(with instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) return List.of();
        return beyond(first, new Rebinding(type, stepId, doc, withPointer), object.deepCopy(), List.of(), 0);
    }

    /** What each re-binding of one {@code with:} block shares. */
    private record Rebinding(Class<?> type, String stepId, YamlDocument doc, String withPointer) {
    }

    /**
     * The problems beyond {@code refused}, found by binding {@code rest} again without (or, for an enum, with
     * each constant in place of) the refused value.
     *
     * @param set the pointers already removed or stood in for, whose problems are not reported again
     */
    private static List<Problem> beyond(JsonMappingException refused, Rebinding r,
                                        com.fasterxml.jackson.databind.node.ObjectNode rest, List<String> set, int depth) {
        // Each step removes a member or replaces a refused enum value with a valid one: the depth is bounded by the
        // block's size; the cap only guards against a refusal that names no value of the block.
        if (depth > 64) return List.of();
        var path = refused.getPath();
        if (refused instanceof MismatchedInputException m && m.getTargetType() != null && m.getTargetType().isEnum()
                && !(rootCause(refused) instanceof IllegalArgumentException) && !path.isEmpty()) {
            String pointer = pointerOf(path);
            List<Problem> common = null;
            for (String constant : constants(m.getTargetType())) {
                var variant = rest.deepCopy();
                if (!replace(variant, path, constant)) return List.of();
                List<Problem> found = rebind(r, variant, with(set, pointer), depth);
                if (common == null) common = new java.util.ArrayList<>(found);
                else common.retainAll(found);
                if (common.isEmpty()) break;
            }
            return common == null ? List.of() : common;
        }
        String member = path.isEmpty() ? null : path.get(0).getFieldName();
        if (member == null || !rest.has(member)) return List.of();
        rest.remove(member);
        return rebind(r, rest, with(set, "/" + member), depth);
    }

    private static List<Problem> rebind(Rebinding r, com.fasterxml.jackson.databind.node.ObjectNode rest,
                                        List<String> set, int depth) {
        try {
            STRICT.treeToValue(rest, r.type());
            return List.of();
        } catch (JsonMappingException next) {
            var more = new java.util.ArrayList<Problem>();
            for (Located l : explain(next, r.type(), r.stepId(), r.doc(), rest, r.withPointer())) {
                if (set.stream().noneMatch(p -> l.relative().equals(p) || l.relative().startsWith(p + "/"))) {
                    more.add(l.problem());
                }
            }
            more.addAll(beyond(next, r, rest, set, depth + 1));
            return more;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException other) {
            return List.of();
        }
    }

    private static List<String> with(List<String> pointers, String pointer) {
        var all = new java.util.ArrayList<>(pointers);
        all.add(pointer);
        return List.copyOf(all);
    }

    /** Sets the value at {@code path} in {@code root} to {@code text}; false when there is no such value. */
    private static boolean replace(JsonNode root, List<JsonMappingException.Reference> path, String text) {
        JsonNode parent = root;
        for (var ref : path.subList(0, path.size() - 1)) {
            parent = ref.getFieldName() != null ? parent.get(ref.getFieldName()) : parent.get(ref.getIndex());
            if (parent == null) return false;
        }
        var last = path.get(path.size() - 1);
        var value = com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
        if (last.getFieldName() != null && parent instanceof com.fasterxml.jackson.databind.node.ObjectNode o
                && o.has(last.getFieldName())) {
            o.set(last.getFieldName(), value);
            return true;
        }
        if (last.getFieldName() == null && parent instanceof com.fasterxml.jackson.databind.node.ArrayNode a
                && last.getIndex() >= 0 && last.getIndex() < a.size()) {
            a.set(last.getIndex(), value);
            return true;
        }
        return false;
    }

    /** A problem and the parameter it is about, as a pointer relative to the {@code with:} block. */
    private record Located(String relative, Problem problem) {
    }

    /** One problem, or one per refused field when a record's constructor collected several. */
    private static List<Located> explain(JsonMappingException e, Class<?> type, String stepId, YamlDocument doc,
                                         JsonNode with, String withPointer) {
        String relative = pointerOf(e.getPath());
        if (rootCause(e) instanceof io.pitstop.engine.step.InvalidParameterException invalid) {
            String name = labelOf(e.getPath());
            String subject = name.isEmpty() ? "" : "parameter '" + name + "': ";
            return invalid.all().stream().map(each -> {
                String at = each.field().isEmpty() ? relative : relative + "/" + each.field();
                return new Located(at, Problem.at(doc.locate(withPointer + at), "step '" + stepId + "': " + subject
                        + each.getMessage()));
            }).toList();
        }
        return List.of(new Located(relative, explainOne(e, type, stepId, doc, with, withPointer)));
    }

    private static Problem explainOne(JsonMappingException e, Class<?> type, String stepId, YamlDocument doc,
                                      JsonNode with, String withPointer) {
        String relative = pointerOf(e.getPath());
        String name = labelOf(e.getPath());
        String where = withPointer + relative;
        String prefix = "step '" + stepId + "': ";
        // A compact constructor said no: its message is the explanation.
        Throwable invalid = rootCause(e);
        if (invalid instanceof IllegalArgumentException || invalid instanceof NullPointerException) {
            String message = invalid.getMessage() == null ? invalid.toString() : invalid.getMessage();
            String subject = name.isEmpty() ? "" : "parameter '" + name + "': ";
            return Problem.at(doc.locate(where), prefix + subject + message);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            Collection<String> known = u.getKnownPropertyIds().stream().map(Object::toString).toList();
            String parent = labelOf(e.getPath().subList(0, e.getPath().size() - 1));
            String dotted = parent.isEmpty() ? "" : parent + ".";
            String hint = NearMatch.among(u.getPropertyName(), known)
                    .map(m -> " (did you mean '" + dotted + m + "'?)")
                    .orElse(known.isEmpty() ? "; this step takes no parameters here"
                            : "; expected one of: " + known.stream().sorted().collect(Collectors.joining(", ")));
            return Problem.at(doc.locateKey(where), prefix + "unknown parameter '" + name + "'" + hint);
        }
        if (e instanceof MismatchedInputException m) {
            JsonNode found = with.at(relative);
            if (found.isMissingNode() && !name.isEmpty()) {
                return Problem.at(doc.locate(where), prefix + "missing required parameter '" + name + "'");
            }
            String expected = expected(m.getTargetType());
            String hint = found.isTextual() && m.getTargetType() != null && m.getTargetType().isEnum()
                    ? NearMatch.hint(found.textValue(), constants(m.getTargetType())) : "";
            String subject = name.isEmpty() ? "parameters" : "parameter '" + name + "'";
            return Problem.at(doc.locate(where), prefix + subject + " must be " + expected + ", found "
                    + NodeDescription.of(found) + hint);
        }
        return Problem.at(doc.locate(where), prefix + (name.isEmpty() ? "" : "parameter '" + name + "': ")
                + e.getOriginalMessage());
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t;
    }

    /** What a value of a Java type looks like in YAML. */
    static String expected(Class<?> t) {
        if (t == null) return "a different kind of value";
        if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
                || t == Long.class || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return "an integer";
        }
        if (t == double.class || t == float.class || t == Double.class || t == Float.class
                || t == BigDecimal.class || t == Number.class) {
            return "a number";
        }
        if (t == boolean.class || t == Boolean.class) return "true or false";
        if (CharSequence.class.isAssignableFrom(t) || t == java.nio.file.Path.class) return "a string";
        if (t.isEnum()) return "one of: " + String.join(", ", constants(t));
        if (t.isArray() || Collection.class.isAssignableFrom(t)) return "a list";
        return "a mapping";
    }

    static List<String> constants(Class<?> enumType) {
        return Arrays.stream(enumType.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT))
                .toList();
    }

    private static String pointerOf(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (var ref : path) {
            out.append(ref.getFieldName() != null ? YamlDocument.child("", ref.getFieldName())
                    : YamlDocument.child("", ref.getIndex()));
        }
        return out.toString();
    }

    /** {@code network.hidden[1]}: how a person would name a nested parameter. */
    private static String labelOf(List<JsonMappingException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (var ref : path) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) out.append('.');
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }
}
