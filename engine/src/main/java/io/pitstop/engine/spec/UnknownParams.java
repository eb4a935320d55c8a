package io.pitstop.engine.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.yaml.NearMatch;
import io.pitstop.engine.yaml.YamlDocument;

import java.util.List;
import java.util.TreeSet;

/**
 * Finds every unknown key in a {@code with:} block before binding. Jackson reports only the first
 * error, and for records it reports a missing parameter before an unknown one, so a typo such as
 * {@code epochz: 20} would read "missing 'epochs'"; walking the shape first names the typo itself.
 */
final class UnknownParams {

    private UnknownParams() {
    }

    /** Adds one problem per unknown key (at the key) and says whether there were any. */
    static boolean report(ParamShape shape, JsonNode node, String stepId, YamlDocument doc, String pointer,
                          String label, List<Problem> problems) {
        int before = problems.size();
        walk(shape, node, stepId, doc, pointer, label, problems);
        return problems.size() > before;
    }

    private static java.util.Optional<io.pitstop.engine.step.MovedParameter> movedTo(Class<?> type, String key) {
        return java.util.Arrays.stream(type.getAnnotationsByType(io.pitstop.engine.step.MovedParameter.class))
                .filter(m -> m.key().equals(key)).findFirst();
    }

    private static void walk(ParamShape shape, JsonNode node, String stepId, YamlDocument doc, String pointer,
                             String label, List<Problem> problems) {
        if (shape instanceof ParamShape.Fields f && node.isObject()) {
            String dotted = label.isEmpty() ? "" : label + ".";
            node.fieldNames().forEachRemaining(key -> {
                String keyPointer = YamlDocument.child(pointer, key);
                ParamShape.Field field = f.fields().get(key);
                if (field != null) {
                    walk(field.shape(), node.get(key), stepId, doc, keyPointer, dotted + key, problems);
                    return;
                }
                java.util.Optional<io.pitstop.engine.step.MovedParameter> moved = movedTo(f.type(), key);
                if (moved.isPresent()) {
                    problems.add(Problem.at(doc.locateKey(keyPointer), "step '" + stepId + "': parameter '" + dotted + key
                            + "' is no longer a step parameter: it is declared in " + moved.get().to()));
                    return;
                }
                String hint = NearMatch.among(key, f.fields().keySet()).map(m -> " (did you mean '" + dotted + m + "'?)")
                        .orElse(f.fields().isEmpty() ? "; this step takes no parameters here"
                                : "; expected one of: " + String.join(", ", new TreeSet<>(f.fields().keySet())));
                problems.add(Problem.at(doc.locateKey(keyPointer),
                        "step '" + stepId + "': unknown parameter '" + dotted + key + "'" + hint));
            });
        } else if (shape instanceof ParamShape.ListOf l && node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(l.item(), node.get(i), stepId, doc, YamlDocument.child(pointer, i), label + "[" + i + "]", problems);
            }
        } else if (shape instanceof ParamShape.MapOf m && node.isObject()) {
            String dotted = label.isEmpty() ? "" : label + ".";
            node.fieldNames().forEachRemaining(key -> walk(m.value(), node.get(key), stepId, doc,
                    YamlDocument.child(pointer, key), dotted + key, problems));
        }
    }
}
