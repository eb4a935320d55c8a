package io.pitstop.steps.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.artifact.Artifact;
import io.pitstop.engine.contract.Severity;

import io.pitstop.engine.json.Json;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the contract's checks found on one dataset: one entry per Deequ constraint, each pointing back
 * to the contract line that declared it. FAILED means an error-severity check failed (the pipeline
 * stops); WARNINGS means only warning checks failed (it goes on, and says so).
 *
 * @param contract the contract file
 * @param dataset  the dataset name from the contract
 * @param rows     rows in the data (measured in the same Deequ run)
 * @param checks   every constraint's outcome, in contract order
 */
public record VerificationReport(String contract, String dataset, long rows, List<CheckOutcome> checks) {

    /** Version of the JSON layout. */
    public static final int FORMAT = 1;
    public static final String FILE_NAME = "validation-report.json";
    /** The {@code validation_report} output: {@code data.validate} writes it, the gate and the package read it. */
    public static final Artifact<VerificationReport> ARTIFACT = Artifact.of("validation_report", VerificationReport::read);

    public enum Status { PASSED, WARNINGS, FAILED }

    /**
     * One constraint's outcome.
     *
     * @param kind        the contract's check kind ({@code completeness}, {@code unique}, …; {@code not_null}
     *                    for a column declared {@code nullable: false})
     * @param column      the column, or null for table-level checks
     * @param constraint  what was checked, readable, e.g. {@code min(tenure) >= 0}
     * @param measured    the metric Deequ measured (a fraction, a min, a row count); null if it could not be computed
     * @param expectation the bound the metric had to meet, e.g. {@code >= 0.99}
     * @param passed      whether it held
     * @param severity    error or warning
     * @param location    file:line:column of the declaration in the contract
     * @param message     Deequ's explanation when it failed, else empty
     */
    public record CheckOutcome(String kind, String column, String constraint, Double measured, String expectation,
                               boolean passed, Severity severity, String location, String message) {
        public CheckOutcome {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(constraint, "constraint");
            Objects.requireNonNull(severity, "severity");
            message = message == null ? "" : message;
        }

        /** e.g. {@code unique customer_id: uniqueness(customer_id) == 1, measured 0.96 (contract.yaml:12:5)}. */
        public String describe() {
            return kind + (column == null ? "" : " " + column) + ": " + constraint + ", measured "
                    + format(measured) + " (" + location + ")";
        }
    }

    public VerificationReport {
        Objects.requireNonNull(contract, "contract");
        checks = List.copyOf(checks);
    }

    public Status status() {
        if (!failures(Severity.ERROR).isEmpty()) return Status.FAILED;
        if (!failures(Severity.WARNING).isEmpty()) return Status.WARNINGS;
        return Status.PASSED;
    }

    public List<CheckOutcome> failures(Severity severity) {
        return checks.stream().filter(c -> !c.passed() && c.severity() == severity).toList();
    }

    public JsonNode toJson() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("contract", contract);
        root.put("dataset", dataset);
        root.put("status", status().name());
        root.put("rows", rows);
        root.put("checks_failed", failures(Severity.ERROR).size());
        root.put("warnings", failures(Severity.WARNING).size());
        ArrayNode list = root.putArray("checks");
        for (CheckOutcome c : checks) {
            ObjectNode n = list.addObject();
            n.put("kind", c.kind());
            n.put("column", c.column());
            n.put("constraint", c.constraint());
            if (c.measured() == null) n.putNull("measured");
            else n.put("measured", c.measured());
            n.put("expectation", c.expectation());
            n.put("outcome", c.passed() ? "passed" : "failed");
            n.put("severity", c.severity().name().toLowerCase(Locale.ROOT));
            n.put("location", c.location());
            n.put("message", c.message());
        }
        return root;
    }

    public void write(Path file) throws IOException {
        Json.PRETTY.writeValue(file.toFile(), toJson());
    }

    /** A report {@link #write} wrote; refused when it is not one (no contract or checks). */
    public static VerificationReport read(Path file) throws IOException {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        if (root == null || !root.hasNonNull("contract") || !root.path("checks").isArray()) {
            throw new IOException(file + " is not a " + FILE_NAME + " (expected contract and checks)");
        }
        var checks = new java.util.ArrayList<CheckOutcome>();
        for (JsonNode n : root.get("checks")) {
            checks.add(new CheckOutcome(n.path("kind").asText(), text(n, "column"), n.path("constraint").asText(),
                    n.path("measured").isNumber() ? n.get("measured").asDouble() : null, text(n, "expectation"),
                    "passed".equals(n.path("outcome").asText()),
                    Severity.valueOf(n.path("severity").asText().toUpperCase(Locale.ROOT)), text(n, "location"),
                    text(n, "message")));
        }
        return new VerificationReport(root.get("contract").asText(), text(root, "dataset"), root.path("rows").asLong(),
                checks);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    /** A table for the terminal: failures first, then what passed. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append("Contract ").append(contract).append(" (").append(dataset).append("), ").append(rows)
                .append(" rows: ").append(status()).append('\n');
        List<CheckOutcome> ordered = new java.util.ArrayList<>(failures(Severity.ERROR));
        ordered.addAll(failures(Severity.WARNING));
        checks.stream().filter(CheckOutcome::passed).forEach(ordered::add);
        for (CheckOutcome c : ordered) {
            out.append(String.format(Locale.ROOT, "  %-6s %-7s %-14s %-18s %-45s measured %-12s %s%n",
                    c.passed() ? "ok" : "FAILED", c.severity().name().toLowerCase(Locale.ROOT), c.kind(),
                    c.column() == null ? "-" : c.column(), c.constraint(), format(c.measured()), c.location()));
            if (!c.passed() && !c.message().isBlank() && c.measured() == null) {
                out.append("         ").append(c.message()).append('\n');
            }
        }
        return out.toString();
    }

    static String format(Double value) {
        if (value == null) return "n/a";
        if (value.isNaN() || value.isInfinite()) return value.toString();
        // Four significant digits, no trailing zeros: 0.99 stays 0.99, 30/31 reads 0.9677, 72 reads 72.
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
