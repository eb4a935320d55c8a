package io.pitstop.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.store.RunRecord;
import io.pitstop.engine.store.StepRecord;
import io.pitstop.engine.store.StepStatus;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A run record as a person reads it ({@code pitstop runs show}): the run's header, then one block
 * per step with its status and duration on the first line and its params, inputs, outputs and
 * metrics as sorted {@code key = value} lines. Full digests, curve values and reports are left to
 * {@code --json}; here a digest is cut to 12 characters, enough to compare two runs by eye.
 */
final class RunText {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{32,}");
    /** Inputs already shown elsewhere in the block: the kind on the step line, the params under params. */
    private static final Set<String> SHOWN_ELSEWHERE = Set.of("kind", "params");
    private static final String DETAIL = "      ";

    private final PrintStream out;

    RunText(PrintStream out) {
        this.out = out;
    }

    void print(RunRecord run, List<StepRecord> steps) {
        out.println("run       " + run.runId());
        out.println("pipeline  " + run.pipeline() + " (" + run.pipelineFile() + ", sha256 " + shorten(run.specSha256()) + ")");
        out.println("status    " + run.status() + (run.message().isBlank() ? "" : ": " + run.message()));
        out.println("commit    " + (run.gitCommit() == null ? "- (not a Git repository)" : run.gitCommit())
                + (run.gitDirty() ? " (uncommitted changes)" : ""));
        for (String change : run.gitChanges()) out.println("          " + change);
        out.println("profile   " + run.profile());
        out.println("started   " + when(run.startedAt()) + "   duration " + duration(run.startedAt(), run.endedAt()));
        int idWidth = steps.stream().mapToInt(s -> s.stepId().length()).max().orElse(0);
        int kindWidth = steps.stream().mapToInt(s -> s.kind().length()).max().orElse(0);
        for (StepRecord s : steps) {
            out.println();
            printStep(s, idWidth, kindWidth);
        }
    }

    private void printStep(StepRecord s, int idWidth, int kindWidth) {
        String time = switch (s.status()) {
            case CACHED -> "from run " + s.cachedFromRun();
            case SKIPPED -> "";
            default -> duration(s.startedAt(), s.endedAt());
        };
        out.println(("  " + pad(s.stepId(), idWidth) + "  " + pad(s.kind(), kindWidth) + "  "
                + pad(s.status().name(), 9) + "  " + time).stripTrailing());
        if (!s.message().isBlank() && s.status() != StepStatus.CACHED) out.println(DETAIL + "message  " + s.message());
        section("params", flatten(s.params()));
        var inputs = new TreeMap<>(s.inputs());
        inputs.keySet().removeAll(SHOWN_ELSEWHERE);
        section("inputs", inputs);
        section("outputs", s.outputs());
        var metrics = new TreeMap<String, String>();
        s.metrics().forEach((k, v) -> metrics.put(k, number(v)));
        section("metrics", metrics);
        if (!s.curves().isEmpty()) {
            var curves = new TreeMap<String, String>();
            s.curves().forEach((k, v) -> curves.put(k, v.size() + " points" + (v.isEmpty() ? "" : ", last " + number(v.get(v.size() - 1)))));
            section("curves", curves);
        }
        if (!s.reports().isEmpty()) out.println(DETAIL + "reports  " + String.join(", ", new TreeMap<>(s.reports()).keySet()) + " (--json)");
        if (s.logPath() != null) out.println(DETAIL + "log      " + s.logPath());
    }

    private void section(String label, Map<String, String> values) {
        if (values.isEmpty()) return;
        out.println(DETAIL + label);
        new TreeMap<>(values).forEach((k, v) -> out.println(DETAIL + "  " + k + " = " + shortenDigests(v)));
    }

    /** Nested params as dotted keys ({@code network.epochs = 20}), the way they are written in YAML. */
    static Map<String, String> flatten(JsonNode params) {
        var out = new TreeMap<String, String>();
        if (params != null) flatten("", params, out);
        return out;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                var e = it.next();
                flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (!prefix.isEmpty() && !node.isNull()) {
            out.put(prefix, node.isTextual() ? node.textValue() : node.toString());
        }
    }

    private static String shortenDigests(String value) {
        return DIGEST.matcher(value).matches() ? shorten(value) : value;
    }

    private static String shorten(String digest) {
        return digest == null ? "-" : digest.length() > 12 ? digest.substring(0, 12) : digest;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String when(Instant instant) {
        return instant == null ? "-" : WHEN.format(instant);
    }

    /** Milliseconds under a second, so a fast step does not read as "0.0s". */
    static String duration(Instant start, Instant end) {
        if (start == null || end == null) return "-";
        long ms = Duration.between(start, end).toMillis();
        if (ms < 1000) return ms + "ms";
        return ms < 60_000 ? String.format("%.1fs", ms / 1000.0) : String.format("%dm%02ds", ms / 60_000, (ms / 1000) % 60);
    }

    static String number(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format("%.0f", v) : String.format("%.4f", v);
    }
}
