package io.pitstop.benchmarks;

import io.pitstop.engine.contract.Contract;
import io.pitstop.steps.dataset.ContractChecks;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.dataset.VerificationReport;
import io.pitstop.steps.profile.DatasetProfiler;
import io.pitstop.steps.spark.ColumnNames;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

/**
 * The validation benchmark's measuring side ({@code benchmarks/validation.sh}): makes a Parquet
 * dataset of {@code rows} rows like the Telco set (the bundled rows repeated, each customer id made
 * unique), then times, on the same data in one JVM, a plain Spark scan ({@code count} plus one
 * aggregate per column) against what {@code data.validate} does: the contract's checks in one Deequ
 * suite, which also computes the profile's exact aggregates, then the rest of the column profile. Then,
 * for comparison, {@code repeats} runs each, alternating, of the contract's checks alone in Pitstop's suite
 * and of the same constraints with Deequ's built-in Minimum, Maximum and Uniqueness analyzers
 * ({@link DeequBuiltinChecks}), neither with the profile's aggregates. Prints one JSON line.
 *
 * <p>Usage: {@code ValidationThroughput <rows> <work-dir> <contract.yaml> <telco.csv> [repeats] [builtins]};
 * {@code builtins} {@code false} leaves out the comparison with Deequ's built-in analyzers (the script runs it
 * at its largest size only, to keep a run of every size reasonable).
 */
public final class ValidationThroughput {

    private ValidationThroughput() {
    }

    public static void main(String[] args) throws Exception {
        var input = TelcoInput.of(args);
        long rows = input.rows();
        Contract contract = input.contract();
        int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
        boolean compareBuiltins = args.length <= 5 || Boolean.parseBoolean(args[5]);
        SparkSession spark = input.session();
        Path parquet = input.parquet(spark);

        Dataset<Row> data = spark.read().parquet(parquet.toString());
        List<Double> scan = new ArrayList<>();
        List<Double> checks = new ArrayList<>();
        List<Double> profile = new ArrayList<>();
        List<Double> checksOnly = new ArrayList<>();
        List<Double> builtin = new ArrayList<>();
        ContractChecks compiled = ContractChecks.compile(contract);
        DeequBuiltinChecks withBuiltins = DeequBuiltinChecks.of(contract);
        int failed = 0;
        long sampledRows = 0;
        boolean agree = true;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            plainScan(data);
            long t1 = System.nanoTime();
            // As data.validate does it: the profile's exact aggregates in the checks' pass, then its sample.
            ContractChecks.Result checked = compiled.run(data, null, "", DatasetProfiler.exactAggregates(data.schema()));
            failed = checked.report().checks().stream().mapToInt(c -> c.passed() ? 0 : 1).sum();
            long t2 = System.nanoTime();
            sampledRows = new DatasetProfiler().profile("telco-benchmark", data, checked.aggregates()).sampledRows();
            long t3 = System.nanoTime();
            scan.add((t1 - t0) / 1e9);
            checks.add((t2 - t1) / 1e9);
            profile.add((t3 - t2) / 1e9);
        }
        // Then the other side: Deequ's own Minimum, Maximum and Uniqueness against Pitstop's suite, both
        // with no aggregates riding along. Their own loop, so the garbage and shuffle files of Deequ's
        // group-by slow none of the timings above.
        for (int i = 0; compareBuiltins && i < repeats; i++) {
            long t0 = System.nanoTime();
            VerificationReport ours = compiled.run(data);
            long t1 = System.nanoTime();
            List<DeequBuiltinChecks.Outcome> deequs = withBuiltins.run(data);
            long t2 = System.nanoTime();
            checksOnly.add((t1 - t0) / 1e9);
            builtin.add((t2 - t1) / 1e9);
            agree &= sameOutcomes(ours, deequs);
        }
        System.out.println(String.format(Locale.ROOT,
                "{\"rows\":%d,\"columns\":%d,\"constraints\":%d,\"failed_constraints\":%d,\"profile_sampled_rows\":%d,"
                        + "\"scan_s\":%s,\"checks_s\":%s,\"profile_s\":%s,\"checks_only_s\":%s,\"deequ_builtin_checks_s\":%s,"
                        + "\"builtins_agree\":%s}",
                rows, data.columns().length, compiled.constraintCount(), failed, sampledRows, json(scan), json(checks),
                json(profile), json(checksOnly), json(builtin), compareBuiltins ? String.valueOf(agree) : "null"));
        spark.stop();
    }

    /** {@code count} plus one aggregate per column, in one job: the floor any validation is measured against. */
    static void plainScan(Dataset<Row> data) {
        List<Column> aggs = new ArrayList<>();
        for (String c : data.columns()) aggs.add(max(ColumnNames.column(c)));
        data.agg(count(lit(1)), aggs.toArray(Column[]::new)).first();
    }

    /**
     * Writes {@code rows} rows like the Telco set to {@code out} as Parquet: row {@code i} is the
     * bundled row {@code i mod n} with its customer id made unique. Also the scoring benchmark's input.
     */
    static void generate(SparkSession spark, Contract contract, Path csv, long rows, Path out) throws Exception {
        Dataset<Row> telco = new DatasetReader(spark).read(csv, contract);
        long n = telco.count();
        Dataset<Row> indexed = telco.withColumn("_i", row_number().over(Window.orderBy("customer_id")).minus(1)).cache();
        Dataset<Row> ids = spark.range(rows).withColumn("_i", col("id").mod(n));
        List<Column> columns = new ArrayList<>();
        for (String c : telco.columns()) {
            columns.add(c.equals("customer_id") ? concat(col("customer_id"), lit("-"), col("id").cast("string")).as(c)
                    : col(c));
        }
        ids.join(org.apache.spark.sql.functions.broadcast(indexed), "_i").select(columns.toArray(Column[]::new))
                .write().mode("overwrite").parquet(out.toString());
    }

    /**
     * Deequ's built-in analyzers passed and failed the same constraints as Pitstop's, having measured the
     * same values. Pitstop's report lists the contract's anomaly checks after its constraints: not compared.
     */
    private static boolean sameOutcomes(VerificationReport ours, List<DeequBuiltinChecks.Outcome> deequs) {
        if (ours.checks().size() < deequs.size()) return false;
        for (int i = 0; i < deequs.size(); i++) {
            var x = ours.checks().get(i);
            var y = deequs.get(i);
            if (x.passed() != y.passed() || !java.util.Objects.equals(x.measured(), y.measured())) {
                System.err.println("differ: " + x + " / " + y);
                return false;
            }
        }
        return true;
    }

    private static String json(List<Double> values) {
        var parts = values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList();
        return "[" + String.join(",", parts) + "]";
    }
}
