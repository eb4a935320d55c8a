package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.contract.DriftSpec;
import io.pitstop.steps.drift.DriftComparison;
import io.pitstop.steps.drift.DriftReport;
import io.pitstop.steps.drift.Psi;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures a scoring run's signals against its {@link Monitoring} limits: the input's drift from the
 * training profile (the data checks' {@link DriftComparison}, not a second implementation), null
 * rates per feature, the model's age, and the scores' shift from the previous run's.
 */
final class ScoringMonitor {

    private final Monitoring limits;
    /** Fewer rows than this and no statistical signal is judged: monitoring.min_rows, else the contract's drift.min_rows. */
    private final long minRows;

    ScoringMonitor(Monitoring limits, DriftSpec contractDrift) {
        this.limits = limits;
        this.minRows = limits.minRows() != null ? limits.minRows() : contractDrift.minRows();
    }

    /** What can be judged before scoring: the input and the model. {@code details} collects reports by name. */
    List<Signal> beforeScoring(Dataset<Row> input, ScoringPackage model, Instant now, Map<String, JsonNode> details) {
        var signals = new ArrayList<Signal>();
        List<String> features = model.model().descriptor().features().columns();

        if (model.profile() == null) {
            signals.add(new Signal("input_psi", Double.NaN, Limit.Level.OK, "not measured: the package of "
                    + model.version().model() + " " + model.version().version() + " ships no "
                    + io.pitstop.engine.pkg.PackageLayout.PROFILE.path()));
        } else {
            // The contract's drift lines, each overridden by the step's monitoring.input_psi where declared.
            DriftSpec contractLines = model.contract().drift();
            Limit psi = limits.inputPsi();
            DriftSpec lines = new DriftSpec(
                    psi == null || psi.warning() == null ? contractLines.psiWarning() : psi.warning(),
                    psi == null || psi.error() == null ? contractLines.psiError() : psi.error(),
                    contractLines.maxUnseenShare(), minRows, contractLines.location());
            DriftReport drift = new DriftComparison(model.profile(), lines).compare(input, features);
            details.put(DriftReport.MONITORING_KEY, drift.toJson());
            Limit.Level level = switch (drift.outcome()) {
                case NOT_JUDGED, OK -> Limit.Level.OK;
                case WARNING -> Limit.Level.WARNING;
                case ERROR -> Limit.Level.ERROR;
            };
            // Not judged (too few rows) has no value: a PSI from noise must not reach a dashboard as a reading.
            signals.add(new Signal("input_psi", drift.largestJudgedPsi(), level,
                    "against the training profile: " + drift.summary()));
        }

        long[] rows = {0};
        Map<String, Double> nullRates = nullRates(input, features, rows);
        var nullNode = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        nullRates.forEach(nullNode::put);
        details.put("null_rates", nullNode);
        Map.Entry<String, Double> worst = nullRates.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
        if (worst != null && rows[0] < minRows) {
            signals.add(new Signal("null_rate", worst.getValue(), Limit.Level.OK, "not judged: " + rows[0]
                    + " rows < min_rows " + minRows + " (largest share of nulls, in "
                    + worst.getKey() + ")"));
        } else if (worst != null) {
            Limit.Level level = limits.nullRate().judge(worst.getValue());
            signals.add(new Signal("null_rate", worst.getValue(), level, "largest share of nulls, in " + worst.getKey()
                    + crossed(level, limits.nullRate(), "null_rate")));
        }

        // Age from when the package was built (the manifest), not when it was registered or promoted.
        double ageDays = Duration.between(model.pkg().manifest().createdAt(), now).toSeconds() / 86_400.0;
        Limit.Level age = limits.modelAgeDays().judge(ageDays);
        signals.add(new Signal("model_age_days", ageDays, age, age == Limit.Level.ERROR
                ? "stale: older than " + limits.modelAgeDays().error() + " days" : "days since the package was built"));
        return signals;
    }

    /** For the step's message: input drift that was not judged, and why; empty when it was judged. */
    static String notJudged(List<Signal> signals) {
        return signals.stream().filter(s -> s.name().equals("input_psi") && s.detail().contains("not judged"))
                .map(s -> "; input drift " + s.detail().substring(s.detail().indexOf("not judged")))
                .findFirst().orElse("");
    }

    /** The scores' shift from the previous run's; absent on a table's first run. */
    Signal afterStaging(StagedPredictions staged) {
        if (staged.scoreShares() == null) {
            return new Signal("prediction_psi", Double.NaN, Limit.Level.OK,
                    "not measured: a regression model's values have no fixed bins");
        }
        if (staged.previousScoreShares() == null) {
            return new Signal("prediction_psi", Double.NaN, Limit.Level.OK, "not measured: no previous run in the table");
        }
        double psi = Psi.of(staged.previousScoreShares(), staged.scoreShares());
        if (staged.rows() < minRows) {
            return new Signal("prediction_psi", psi, Limit.Level.OK, "not judged: " + staged.rows()
                    + " rows < min_rows " + minRows);
        }
        // The previous run may have been a small append or merge: its bins are as noisy as a small batch's.
        if (staged.previousRows() != null && staged.previousRows() < minRows) {
            return new Signal("prediction_psi", psi, Limit.Level.OK, "not judged: the previous run scored "
                    + staged.previousRows() + " rows < min_rows " + minRows);
        }
        Limit.Level level = limits.predictionPsi().judge(psi);
        return new Signal("prediction_psi", psi, level, "scores against the previous run's, " + ScoreBins.BINS
                + " bins over [0, 1]" + crossed(level, limits.predictionPsi(), "prediction_psi"));
    }

    /** Which line a value reached, for the message: "; at or above the error line 0.25". */
    static String crossed(Limit.Level level, Limit limit, String name) {
        return switch (level) {
            case OK -> "";
            case WARNING -> "; reached monitoring." + name + ".warning " + limit.warning();
            case ERROR -> "; reached monitoring." + name + ".error " + limit.error();
        };
    }

    private static Map<String, Double> nullRates(Dataset<Row> input, List<String> columns, long[] rowCount) {
        var result = new LinkedHashMap<String, Double>();
        if (columns.isEmpty()) return result;
        Column[] aggs = new Column[columns.size() + 1];
        aggs[0] = functions.count(functions.lit(1));
        for (int i = 0; i < columns.size(); i++) {
            aggs[i + 1] = functions.sum(functions.when(functions.col(columns.get(i)).isNull(), 1L).otherwise(0L));
        }
        Row r = input.agg(aggs[0], java.util.Arrays.copyOfRange(aggs, 1, aggs.length)).first();
        long rows = r.getLong(0);
        rowCount[0] = rows;
        for (int i = 0; i < columns.size(); i++) {
            long nulls = r.isNullAt(i + 1) ? 0 : r.getLong(i + 1);
            result.put(columns.get(i), rows == 0 ? 0.0 : nulls / (double) rows);
        }
        return result;
    }
}
