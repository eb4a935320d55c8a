package io.pitstop.engine.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pitstop.engine.contract.AnomalyMetric;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.engine.json.JsonText;
import io.pitstop.engine.spec.ParamShape;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Step;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * JSON Schemas (draft 2020-12) for pipeline and contract files, so an editor completes keys and
 * flags mistakes while typing ({@code # yaml-language-server: $schema=pipeline.schema.json}). Each
 * step kind's {@code with:} is derived from its params record, so the schema cannot drift from the
 * code; the loaders remain the authority (they also check the graph and values).
 *
 * <pre>
 * java -cp ... io.pitstop.engine.schema.SchemaWriter .   # writes pipelines/pipeline.schema.json
 *                                                        # and data-contracts/contract.schema.json
 * </pre>
 */
public final class SchemaWriter {

    static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String NAME_PATTERN = "^[a-z0-9][a-z0-9-]*$";

    private SchemaWriter() {
    }

    /** Writes both schemas into the project directory {@code args[0]}, using the step kinds on the class path. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) throw new IllegalArgumentException("usage: SchemaWriter <project-dir>");
        Path project = Path.of(args[0]);
        write(project.resolve("pipelines/pipeline.schema.json"), pipelineSchema(StepCatalog.fromServiceLoader()));
        write(project.resolve("data-contracts/contract.schema.json"), contractSchema());
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    public static String pipelineSchema(StepCatalog catalog) {
        ObjectNode root = object("A Pitstop pipeline: the steps that build, check, release and score one model.");
        root.put("$schema", DRAFT);
        root.put("title", "Pitstop pipeline");
        root.put("additionalProperties", false);
        root.set("required", strings("pipeline", "model", "steps"));
        ObjectNode props = root.putObject("properties");
        props.set("pipeline", string("The pipeline's name: lower-case letters, digits and dashes.").put("pattern", NAME_PATTERN));
        props.set("description", string("What the pipeline is for."));
        props.set("seed", typed("integer", "Seed every random choice derives from.").put("default", 42));
        ObjectNode model = object("The model this pipeline builds; feeds the registry and the model card.");
        model.put("additionalProperties", false);
        model.set("required", strings("name"));
        ObjectNode modelProps = model.putObject("properties");
        modelProps.set("name", string("Registry name of the model.").put("minLength", 1));
        modelProps.set("owner", string("Team or person responsible for the model."));
        modelProps.set("description", string("What the model predicts."));
        modelProps.set("intended_use", string("What the model may be used for, and what not."));
        modelProps.set("limitations", string("Known limitations, for the model card."));
        modelProps.set("decision_threshold", typed("number", "Binary classifiers only: a score at or above it is a"
                + " positive decision, in evaluation, the gate, the model card and scoring.").put("minimum", 0)
                .put("maximum", 1).put("default", io.pitstop.engine.step.DecisionThreshold.DEFAULT.value()));
        props.set("model", model);
        ObjectNode schedule = object("When and how a scheduler runs the pipeline; read by './pitstop dags export'."
                + " The DAG's owner is model.owner.");
        schedule.put("additionalProperties", false);
        schedule.set("required", strings("cron", "start_date"));
        ObjectNode sp = schedule.putObject("properties");
        sp.set("cron", string("Five cron fields (minute hour day month weekday) or @once, @hourly, @daily, @weekly,"
                + " @monthly, @yearly."));
        sp.set("start_date", string("First day the schedule applies, e.g. 2026-11-01.").put("format", "date"));
        sp.set("catchup", typed("boolean", "Run the intervals missed since start_date.").put("default", false));
        sp.set("retries", typed("integer", "Retries per task; a retried step that already succeeded is a no-op.")
                .put("minimum", 0).put("maximum", 10).put("default", 1));
        sp.set("retry_delay_minutes", typed("integer", "Wait between retries.").put("minimum", 0).put("maximum", 1440)
                .put("default", 5));
        sp.set("task_timeout_minutes", typed("integer", "Longest one step may run.").put("minimum", 1)
                .put("maximum", 10080).put("default", 120));
        sp.set("run_timeout_minutes", typed("integer", "Longest a whole run may take.").put("minimum", 1)
                .put("maximum", 10080).put("default", 480));
        ObjectNode tags = typed("array", "Tags shown in the scheduler's UI.");
        tags.putObject("items").put("type", "string").put("minLength", 1);
        sp.set("tags", tags);
        props.set("schedule", schedule);
        props.set("retrain_when", retrainWhen());
        ObjectNode steps = typed("array", "The steps, in any order; needs decides the order they run in.");
        steps.put("minItems", 1);
        steps.putObject("items").put("$ref", "#/$defs/step");
        props.set("steps", steps);

        ObjectNode defs = root.putObject("$defs");
        defs.set("step", step(catalog));
        for (Step<?> s : catalog.steps()) {
            ObjectNode with = ParamSchema.of(ParamShape.of(s.paramsType()));
            with.put("description", "Parameters of " + s.kind() + ": " + s.description());
            defs.set("with." + s.kind(), with);
        }
        return JsonText.canonical(root);
    }

    /** {@code retrain_when:}: read by './pitstop should-retrain', the first task of an exported DAG. */
    private static ObjectNode retrainWhen() {
        ObjectNode policy = object("When a scheduled run retrains: any condition that holds means retrain;"
                + " './pitstop should-retrain' evaluates it. Without this block every run retrains.");
        policy.put("additionalProperties", false);
        policy.put("minProperties", 1);
        ObjectNode p = policy.putObject("properties");
        p.set("input_psi_above", typed("number", "Drift: the newest scoring run of the production version measured a"
                + " largest input PSI above this.").put("exclusiveMinimum", 0));
        p.set("prediction_psi_above", typed("number", "Drift: the newest scoring run's scores against the run"
                + " before, PSI above this.").put("exclusiveMinimum", 0));
        p.set("realised_auc_below", typed("number", "Realised AUC of the production version (outcomes joined"
                + " so far) below this floor.").put("exclusiveMinimum", 0).put("maximum", 1));
        p.set("realised_auc_below_offline_by", typed("number", "Realised AUC below the release's test AUC by more"
                + " than this.").put("exclusiveMinimum", 0).put("maximum", 1));
        p.set("min_judged", typed("integer", "Fewer judged outcomes than this are not evidence about realised"
                + " performance.").put("minimum", 1).put("default", io.pitstop.engine.spec.RetrainPolicy.DEFAULT_MIN_JUDGED));
        p.set("rows_changed_above", typed("integer", "Rows of the data step's source now against the rows the"
                + " production version was trained on differ by more than this.").put("minimum", 0));
        p.set("model_older_than_days", typed("integer", "The production version was registered more than this many"
                + " days ago.").put("minimum", 1).put("maximum", 36500));
        p.set("always", typed("boolean", "Retrain on every run (the other conditions are still reported).")
                .put("default", false));
        return policy;
    }

    private static ObjectNode step(StepCatalog catalog) {
        ObjectNode step = object("One step: an id, the kind of step it uses, the steps it needs and its parameters.");
        step.put("additionalProperties", false);
        step.set("required", strings("id", "uses"));
        ObjectNode props = step.putObject("properties");
        props.set("id", string("Unique step id: lower-case letters, digits and dashes.").put("pattern", NAME_PATTERN));
        ObjectNode uses = string("The kind of step.");
        uses.set("enum", strings(catalog.kinds().toArray(String[]::new)));
        props.set("uses", uses);
        ObjectNode needs = JSON.objectNode().put("description", "Steps that must finish first: one id or a list of ids.");
        ArrayNode oneOf = needs.putArray("oneOf");
        oneOf.add(JSON.objectNode().put("type", "string"));
        ObjectNode list = oneOf.addObject().put("type", "array");
        list.putObject("items").put("type", "string");
        props.set("needs", needs);
        props.set("with", object("The step's parameters; their keys depend on uses."));
        props.set("description", string("What this step does in this pipeline."));
        ArrayNode perKind = step.putArray("allOf");
        for (String kind : catalog.kinds()) {
            ObjectNode rule = perKind.addObject();
            ObjectNode cond = rule.putObject("if");
            cond.putObject("properties").putObject("uses").put("const", kind);
            cond.set("required", strings("uses"));
            rule.putObject("then").putObject("properties").putObject("with").put("$ref", "#/$defs/with." + kind);
        }
        return step;
    }

    public static String contractSchema() {
        ObjectNode root = object("A Pitstop data contract: the columns a dataset must have and the checks its rows must pass.");
        root.put("$schema", DRAFT);
        root.put("title", "Pitstop data contract");
        root.put("additionalProperties", false);
        root.set("required", strings("dataset", "columns"));
        ObjectNode props = root.putObject("properties");
        props.set("dataset", string("Name of the dataset."));
        props.set("description", string("What the dataset holds."));
        ObjectNode column = object("One column: its name, type and whether it may be empty.");
        column.put("additionalProperties", false);
        column.set("required", strings("name", "type"));
        ObjectNode colProps = column.putObject("properties");
        colProps.set("name", string("Column name."));
        ObjectNode type = string("Column type.");
        type.set("enum", strings(Arrays.stream(ColumnType.values()).map(ColumnType::yamlName).toArray(String[]::new)));
        colProps.set("type", type);
        colProps.set("nullable", typed("boolean", "Whether values may be missing.").put("default", true));
        ObjectNode derived = object("Computed instead of read: the column is not in the data file. hash_of: the lowercase hex"
                + " SHA-256 of the listed columns' typed values, a stable key for data without an id.");
        derived.put("additionalProperties", false);
        derived.set("required", strings("hash_of"));
        ObjectNode hashOf = typed("array", "Declared, non-derived columns whose values make the key; order matters.");
        hashOf.put("minItems", 1);
        hashOf.put("uniqueItems", true);
        hashOf.set("items", string("A column declared in columns."));
        derived.putObject("properties").set("hash_of", hashOf);
        colProps.set("derived", derived);
        ObjectNode columns = typed("array", "The columns, in file order; names are unique; at least one.");
        columns.put("minItems", 1);
        columns.set("items", column);
        props.set("columns", columns);
        ObjectNode checks = typed("array", "Checks on the rows; an error stops the pipeline, a warning is reported.");
        checks.set("items", check());
        props.set("checks", checks);
        ObjectNode anomalies = typed("array", "Metrics compared with earlier validations of the same dataset.");
        anomalies.set("items", anomaly());
        props.set("anomalies", anomalies);
        props.set("drift", drift());
        return JsonText.canonical(root);
    }

    private static ObjectNode anomaly() {
        ObjectNode anomaly = object("One metric that must not change by more than max_rate_of_change from the last run;"
                + " row_count takes no column, the others need one.");
        anomaly.put("additionalProperties", false);
        anomaly.set("required", strings("metric", "max_rate_of_change"));
        ObjectNode props = anomaly.putObject("properties");
        ObjectNode metric = string("The metric watched.");
        metric.set("enum", strings(AnomalyMetric.yamlNames().toArray(String[]::new)));
        props.set("metric", metric);
        props.set("column", string("A column declared in columns (numeric for mean)."));
        props.set("max_rate_of_change", typed("number", "Largest allowed relative change, e.g. 0.1 for ±10%.")
                .put("exclusiveMinimum", 0));
        ObjectNode severity = string("error (default) stops the pipeline; warning is reported only.");
        severity.set("enum", strings("error", "warning"));
        severity.put("default", "error");
        props.set("severity", severity);
        return anomaly;
    }

    private static ObjectNode drift() {
        ObjectNode drift = object("Thresholds for comparing new data with the training data's profile.");
        drift.put("additionalProperties", false);
        ObjectNode props = drift.putObject("properties");
        props.set("psi_warning", typed("number", "Population stability index at which a feature's drift is reported.")
                .put("minimum", 0).put("default", DriftSpec.DEFAULT_PSI_WARNING));
        props.set("psi_error", typed("number", "Population stability index at which a feature's drift fails the run.")
                .put("minimum", 0).put("default", DriftSpec.DEFAULT_PSI_ERROR));
        props.set("max_unseen_share", typed("number", "Largest share of a categorical feature's values not seen in"
                + " training.").put("minimum", 0).put("maximum", 1).put("default", DriftSpec.DEFAULT_MAX_UNSEEN_SHARE));
        props.set("min_rows", typed("integer", "Fewest rows (and non-null values of a feature) drift is judged on;"
                + " below it drift is reported as not judged, since PSI on few rows is mostly noise.")
                .put("minimum", 1).put("default", DriftSpec.DEFAULT_MIN_ROWS));
        return drift;
    }

    /** The fields of each check kind, with what they mean and which are required. */
    private record CheckField(String name, ObjectNode schema, boolean required) {
    }

    private static ObjectNode check() {
        Map<String, List<CheckField>> kinds = Map.of(
                "completeness", List.of(column(), new CheckField("min", fraction(), true)),
                "unique", List.of(column()),
                "range", List.of(column(), new CheckField("min", typed("number", "Smallest allowed value."), false),
                        new CheckField("max", typed("number", "Largest allowed value."), false)),
                "allowed_values", List.of(column(), new CheckField("values", values(), true)),
                "pattern", List.of(column(), new CheckField("regex", string("Java regular expression every value matches."), true)),
                "row_count", List.of(
                        new CheckField("min", typed("integer", "Fewest rows allowed.").put("minimum", 0), false),
                        new CheckField("max", typed("integer", "Most rows allowed.").put("minimum", 0), false)),
                "predicate", List.of(new CheckField("name", string("Name of the rule, for reports."), true),
                        new CheckField("sql", string("Spark SQL boolean expression that holds for every row."), true)));
        ObjectNode check = object("One check. kind decides which other keys it takes.");
        check.set("required", strings("kind"));
        ObjectNode kind = string("The kind of check.");
        kind.set("enum", strings(kinds.keySet().stream().sorted().toArray(String[]::new)));
        check.putObject("properties").set("kind", kind);
        ArrayNode perKind = check.putArray("allOf");
        for (String k : kinds.keySet().stream().sorted().toList()) {
            ObjectNode rule = perKind.addObject();
            ObjectNode cond = rule.putObject("if");
            cond.putObject("properties").putObject("kind").put("const", k);
            cond.set("required", strings("kind"));
            ObjectNode then = rule.putObject("then");
            then.put("additionalProperties", false);
            ObjectNode props = then.putObject("properties");
            props.putObject("kind").put("const", k);
            ObjectNode severity = string("error (default) stops the pipeline; warning is reported only.");
            severity.set("enum", strings("error", "warning"));
            severity.put("default", "error");
            props.set("severity", severity);
            ArrayNode required = then.putArray("required").add("kind");
            for (CheckField f : kinds.get(k)) {
                props.set(f.name(), f.schema());
                if (f.required()) required.add(f.name());
            }
            if (k.equals("range") || k.equals("row_count")) {
                ArrayNode anyOf = then.putArray("anyOf");
                anyOf.addObject().set("required", strings("min"));
                anyOf.addObject().set("required", strings("max"));
            }
        }
        return check;
    }

    private static CheckField column() {
        return new CheckField("column", string("A column declared in columns."), true);
    }

    private static ObjectNode fraction() {
        return typed("number", "Smallest fraction of non-null values (0..1).").put("minimum", 0).put("maximum", 1);
    }

    private static ObjectNode values() {
        ObjectNode values = typed("array", "The allowed values (compared as strings).");
        values.put("minItems", 1);
        values.putObject("items").set("type", strings("string", "number", "boolean"));
        return values;
    }

    static ObjectNode object(String description) {
        return typed("object", description);
    }

    static ObjectNode string(String description) {
        return typed("string", description);
    }

    static ObjectNode typed(String type, String description) {
        return JSON.objectNode().put("type", type).put("description", description);
    }

    static ArrayNode strings(String... values) {
        ArrayNode out = JSON.arrayNode();
        for (String v : values) out.add(v);
        return out;
    }
}
