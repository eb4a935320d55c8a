package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.StepRecord;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Two runs side by side, item by item, in the sections that answer "why do these two models
 * differ?": the run itself (commit, spec, profile), the data versions, the code each step ran, the
 * params, the metrics and the environment. An item one run lacks (a step the other did not reach,
 * a param only one set) has a null side.
 *
 * @param left  the first run's id
 * @param right the second run's id
 * @param items every compared item, section by section, sorted by name within a section
 */
record RunComparison(String left, String right, List<Item> items) {

    enum Section { RUN, DATA, CODE, PARAMS, METRICS, ENVIRONMENT }

    /** One compared value; {@code left} or {@code right} is null when that run has no such item. */
    record Item(Section section, String name, String left, String right) {
        boolean same() {
            return Objects.equals(left, right);
        }
    }

    /** The step report in which a step records the environment its results depend on. */
    static final String ENVIRONMENT_REPORT = "environment";

    RunComparison {
        items = List.copyOf(items);
    }

    List<Item> differences() {
        return items.stream().filter(i -> !i.same()).toList();
    }

    static RunComparison of(RunRecord a, List<StepRecord> aSteps, RunRecord b, List<StepRecord> bSteps) {
        var items = new ArrayList<Item>();
        add(items, Section.RUN, runFacts(a), runFacts(b));
        add(items, Section.DATA, dataVersions(aSteps), dataVersions(bSteps));
        add(items, Section.CODE, code(aSteps), code(bSteps));
        add(items, Section.PARAMS, params(aSteps), params(bSteps));
        add(items, Section.METRICS, metrics(aSteps), metrics(bSteps));
        add(items, Section.ENVIRONMENT, environment(a, aSteps), environment(b, bSteps));
        return new RunComparison(a.runId(), b.runId(), items);
    }

    private static void add(List<Item> items, Section section, Map<String, String> a, Map<String, String> b) {
        var names = new TreeSet<String>(a.keySet());
        names.addAll(b.keySet());
        for (String name : names) items.add(new Item(section, name, a.get(name), b.get(name)));
    }

    private static Map<String, String> runFacts(RunRecord run) {
        var facts = new TreeMap<String, String>();
        facts.put("pipeline", run.pipeline());
        facts.put("pipeline file", run.pipelineFile());
        facts.put("spec sha256", run.specSha256());
        facts.put("git commit", run.gitCommit() == null ? null : run.gitCommit() + (run.gitDirty() ? " +uncommitted" : ""));
        facts.put("profile", run.profile());
        facts.put("status", run.status().name().toLowerCase(Locale.ROOT));
        return facts;
    }

    /** The version each data step recorded; a CACHED step's record is the version that run used too. */
    private static Map<String, String> dataVersions(List<StepRecord> steps) {
        var versions = new TreeMap<String, String>();
        for (StepRecord step : steps) {
            try {
                RecordedDataVersion.of(step).ifPresent(v -> versions.put(v.path(),
                        "md5 " + v.md5() + (v.size() >= 0 ? ", " + v.size() + " bytes" : "")
                                + (v.gitCommit() == null ? "" : ", commit " + RunsCommand.abbreviate(v.gitCommit()))));
            } catch (IOException e) {
                versions.put(step.stepId() + " data version", "unreadable: " + e.getMessage());
            }
        }
        return versions;
    }

    /** What each step's cache key recorded about the code it ran. */
    private static Map<String, String> code(List<StepRecord> steps) {
        var code = new TreeMap<String, String>();
        for (StepRecord step : steps) {
            for (String input : List.of("code", "engine", "runtime", "seed")) {
                String value = step.inputs().get(input);
                if (value != null) code.put(step.stepId() + "." + input, value);
            }
        }
        return code;
    }

    private static Map<String, String> params(List<StepRecord> steps) {
        var params = new TreeMap<String, String>();
        for (StepRecord step : steps) {
            if (step.params() != null) flatten(step.stepId(), step.params(), params);
        }
        return params;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node.isObject() && !node.isEmpty()) {
            node.fields().forEachRemaining(f -> flatten(prefix + "." + f.getKey(), f.getValue(), into));
        } else if (!node.isNull()) {
            into.put(prefix, node.isValueNode() ? node.asText() : node.toString());
        }
    }

    private static Map<String, String> metrics(List<StepRecord> steps) {
        var metrics = new TreeMap<String, String>();
        for (StepRecord step : steps) {
            step.metrics().forEach((name, value) -> metrics.put(step.stepId() + "." + name, number(value)));
        }
        return metrics;
    }

    /** The run's environment, and what steps recorded of theirs (a train step: ND4J backend, BLAS, Spark settings). */
    private static Map<String, String> environment(RunRecord run, List<StepRecord> steps) {
        var env = new TreeMap<String, String>();
        if (run.environmentJson() != null) {
            try {
                Json.MAPPER.readTree(run.environmentJson()).fields()
                        .forEachRemaining(f -> flatten(f.getKey(), f.getValue(), env));
            } catch (IOException e) {
                env.put("run environment", "unreadable: " + e.getMessage());
            }
        }
        for (StepRecord step : steps) {
            JsonNode recorded = step.reports().get(ENVIRONMENT_REPORT);
            if (recorded != null) flatten(step.stepId(), recorded, env);
        }
        return env;
    }

    /** Six significant digits: enough to see a real change, short enough to read side by side. */
    static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) return Long.toString((long) value);
        return String.format(Locale.ROOT, "%.6g", value);
    }
}
