package io.pitstop.engine.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.JsonText;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.run.LockFile.LockedStep;
import io.pitstop.engine.run.PipelineStatus.Cause;
import io.pitstop.engine.run.PipelineStatus.Reason;
import io.pitstop.engine.store.RunStore;
import io.pitstop.engine.store.StepRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which parameters of a step changed, one {@link Reason} each, named as the pipeline writes them:
 * {@code param network.epochs: 30 -> 40} rather than "params changed". The lock file keeps only the
 * hash of a step's bound params (so that it stays short and diffable); the params themselves are
 * those of the recorded execution in the run store, found by its fingerprint. They are used only when
 * they hash to what was recorded, so a name is never given from params other than those compared.
 */
final class ParamChanges {

    private ParamChanges() {
    }

    /**
     * {@code reasons} with a params change replaced by one reason per changed parameter, when the run
     * store still holds the params of the recorded execution; as they are otherwise.
     *
     * @param now the params bound now, as the fingerprint has them ({@link StepExecution#paramsJson})
     */
    static List<Reason> named(List<Reason> reasons, LockedStep before, String kind, JsonNode now, RunStore store) {
        int at = -1;
        for (int i = 0; i < reasons.size(); i++) {
            if (reasons.get(i).cause() == Cause.PARAMS_CHANGED && reasons.get(i).name() == null) at = i;
        }
        if (at < 0) return reasons;
        String recordedHash = before.components().get("params");
        Optional<JsonNode> recorded = store.findByFingerprint(kind, before.fingerprint()).map(StepRecord::params)
                .map(JsonText::sorted)
                .filter(p -> Objects.equals(Sha256.of(p.toString()), recordedHash));
        if (recorded.isEmpty()) return reasons;
        List<Reason> each = between(recorded.get(), now);
        if (each.isEmpty()) return reasons;
        var out = new ArrayList<>(reasons.subList(0, at));
        out.addAll(each);
        out.addAll(reasons.subList(at + 1, reasons.size()));
        return out;
    }

    /**
     * One reason per parameter whose value differs, in name order; a nested parameter is named by its
     * path ({@code network.epochs}), a list as a whole ({@code network.hidden: [32,16] -> [64,32]}).
     * A parameter present on one side only reads {@code none} on the other.
     */
    static List<Reason> between(JsonNode before, JsonNode now) {
        Map<String, String> was = leaves(before);
        Map<String, String> is = leaves(now);
        var names = new TreeSet<>(was.keySet());
        names.addAll(is.keySet());
        var out = new ArrayList<Reason>();
        for (String name : names) {
            if (!Objects.equals(was.get(name), is.get(name))) {
                out.add(new Reason(Cause.PARAMS_CHANGED, name, was.get(name), is.get(name)));
            }
        }
        return out;
    }

    private static Map<String, String> leaves(JsonNode params) {
        var out = new TreeMap<String, String>();
        leaves(params, "", out);
        return out;
    }

    private static void leaves(JsonNode node, String name, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> leaves(f.getValue(), name.isEmpty() ? f.getKey() : name + "." + f.getKey(), out));
        } else if (!name.isEmpty()) {
            out.put(name, node.isTextual() ? node.textValue() : node.toString());
        }
    }
}
