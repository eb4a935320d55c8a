package io.pitstop.steps.data;

import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepDeclaration;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.steps.dataset.ContractChecks;
import io.pitstop.steps.dataset.CsvFormatException;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.dataset.MetricHistory;
import io.pitstop.steps.dataset.SchemaMismatchException;
import io.pitstop.steps.dataset.ValidatedData;
import io.pitstop.steps.dataset.VerificationReport;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfiler;
import io.pitstop.steps.profile.SampleSize;
import io.pitstop.steps.spark.InterpretedExecution;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code data.validate}: reads the upstream {@code dataset} (CSV) typed by its contract, runs the
 * contract's checks with Deequ, and writes the typed data as Parquet for training. An error-severity
 * check that fails stops the run here with a report naming each check, column and measured value;
 * warnings are reported and the run goes on.
 *
 * <p>Outputs: {@code validated} (Parquet directory), {@code contract} (a copy of the contract as it
 * was validated against, for the package: a later edit of the file cannot change what this run
 * says), {@code validation_report} (the report as JSON), {@code profile} (the data's column profile,
 * {@link io.pitstop.steps.profile.DatasetProfile}). Scans: the CSV once (parse, type and write Parquet
 * together), Deequ's one {@code VerificationSuite} run over the Parquet (plus one job per unique check
 * that reads the key), which also computes the profile's exact aggregates, then the profiler's read for its sample.
 * A file small enough for every row to be profiled ({@link SampleSize}) is held in memory as it is typed,
 * so the CSV is the only read of the data, and the profile's distributions ride in Deequ's scan too: the
 * profile's only job left counts the drift bins ({@code ValidateSmallFileCostTest} pins the counts).
 *
 * <p>Metric history: the row count and every metric the contract's {@code anomalies} watch are
 * computed in the same Deequ run, compared with the latest earlier accepted run of the dataset
 * ({@link MetricHistory}, under the profile's state directory), and recorded when no error check failed.
 */
public final class DataValidateStep implements Step<DataValidateParams> {

    public static final String DATASET = DataVersionStep.DATASET;
    public static final String VALIDATED = ValidatedData.PARQUET.name();
    public static final String CONTRACT = ValidatedData.CONTRACT.name();
    public static final String VALIDATION_REPORT = VerificationReport.ARTIFACT.name();
    public static final String PROFILE = DatasetProfile.ARTIFACT.name();

    private final Function<Path, Contract> contracts;

    public DataValidateStep() {
        this(ContractLoader::load);
    }

    /** With another way to load contracts (tests build them in Java). */
    DataValidateStep(Function<Path, Contract> contracts) {
        this.contracts = contracts;
    }

    @Override
    public String kind() {
        return "data.validate";
    }

    @Override
    public String description() {
        return "Check a dataset against its data contract with Deequ; stop the run on a failed error check.";
    }

    @Override
    public Class<DataValidateParams> paramsType() {
        return DataValidateParams.class;
    }

    @Override
    public Set<String> consumes(DataValidateParams params) {
        return Set.of(DATASET);
    }

    @Override
    public Set<String> produces(DataValidateParams params) {
        return Set.of(VALIDATED, CONTRACT, VALIDATION_REPORT, PROFILE);
    }

    @Override
    public List<Problem> validate(DataValidateParams params, ValidationContext ctx) {
        var refused = ctx.pathProblem("/contract", params.contract());
        if (refused.isPresent()) return List.of(refused.get());
        Path file = ctx.resolve(params.contract());
        if (!Files.isRegularFile(file)) {
            return List.of(ctx.problemAt("/contract", "contract file " + params.contract() + " does not exist"
                    + " (resolved to " + file + ")"));
        }
        try {
            // The contract's own problems point into the contract file, which is where the fix goes.
            return PredicateSyntax.check(contracts.apply(file));
        } catch (SpecException e) {
            return new ArrayList<>(e.problems());
        }
    }

    /**
     * The contract, for the steps downstream to check the columns they name against; nothing when
     * the path is refused or the contract does not load ({@link #validate} says why).
     */
    @Override
    public StepDeclaration declares(DataValidateParams params, ValidationContext ctx) {
        if (ctx.pathProblem("/contract", params.contract()).isPresent()) return StepDeclaration.NONE;
        Path file = ctx.resolve(params.contract());
        if (!Files.isRegularFile(file)) return StepDeclaration.NONE;
        try {
            return StepDeclaration.ofContract(contracts.apply(file));
        } catch (SpecException e) {
            return StepDeclaration.NONE;
        }
    }

    /** The contract: a release checked against a contract its commit does not hold cannot be reproduced. */
    @Override
    public Set<String> filesRead(DataValidateParams params) {
        return Set.of(params.contract());
    }

    @Override
    public Map<String, String> externalInputs(DataValidateParams params, StepContext ctx) throws IOException {
        return Map.of("contract_sha256", Sha256.of(ctx.resolve(params.contract())));
    }

    @Override
    public StepResult run(DataValidateParams params, StepContext ctx) throws IOException {
        Path contractFile = ctx.resolve(params.contract());
        Contract contract = contracts.apply(contractFile);
        Path csv = ctx.upstream().path(DATASET);
        SparkSession spark = ctx.resource(SparkSession.class);
        Path parquet = ctx.outputDir().resolve("validated.parquet");

        ctx.progress().status("reading " + csv.getFileName() + " as " + contract.dataset());
        DatasetProfiler profiler = new DatasetProfiler();
        long started = System.nanoTime();
        Dataset<Row> data;
        try {
            // A file whose every row is profiled is small: held in memory as it is typed, read once.
            data = new DatasetReader(spark).readInto(csv, contract, parquet, SampleSize.DEFAULT.floor());
        } catch (SchemaMismatchException e) {
            return StepResult.failed(e.getMessage())
                    .metric("schema_problems", e.total())
                    .build();
        } catch (CsvFormatException e) {
            // Not UTF-8, binary, or an unclosed quote: the data's fault, reported like a broken contract.
            return StepResult.failed(csv + " cannot be read as CSV text: " + e.getMessage())
                    .metric("schema_problems", 1)
                    .build();
        }
        // Held in memory means small: Spark then interprets rather than compiles (InterpretedExecution says why).
        try (var interpreted = data.storageLevel().useMemory() ? InterpretedExecution.on(spark) : null) {
            return checkAndProfile(params, ctx, contract, contractFile, data, parquet, profiler, started);
        } finally {
            data.unpersist();
        }
    }

    private StepResult checkAndProfile(DataValidateParams params, StepContext ctx, Contract contract, Path contractFile,
                                       Dataset<Row> data, Path parquet, DatasetProfiler profiler, long started)
            throws IOException {
        SparkSession spark = data.sparkSession();
        long read = System.nanoTime();
        // The contract as validated against, kept with the run; written before checking so a run that
        // fails still names the exact contract it failed.
        Path contractCopy = ctx.outputDir().resolve("contract.yaml");
        Files.copy(contractFile, contractCopy);

        ctx.progress().status("checking " + contract.dataset() + " against " + params.contract());
        MetricHistory history = new MetricHistory(spark, MetricHistory.fileFor(ctx.profile().stateDir(),
                contract.dataset()), contract.dataset());
        // The profile's exact counts and moments are computed in the checks' scan, not in one of their own; so
        // are its distributions when the data is small (held in memory), where every row is profiled.
        List<Column> exact = DatasetProfiler.exactAggregates(data.schema());
        List<Column> distributions = data.storageLevel().useMemory()
                ? DatasetProfiler.distributionAggregates(data.schema()) : List.of();
        List<Column> shared = new ArrayList<>(exact);
        shared.addAll(distributions);
        ContractChecks.Result checked = ContractChecks.compile(contract).run(data, history, ctx.runId(), shared);
        VerificationReport report = checked.report();
        Path reportFile = ctx.outputDir().resolve(VerificationReport.FILE_NAME);
        report.write(reportFile);
        ctx.log().info("{}", report.toText());

        var errors = report.failures(Severity.ERROR);
        var warnings = report.failures(Severity.WARNING);
        if (errors.isEmpty()) history.record(ctx.runId(), ctx.clock().instant(), checked.metrics());
        long checkedAt = System.nanoTime();

        ctx.progress().status("profiling " + contract.dataset());
        // Without the aggregates (the checks' scan failed, and the report says why) the profile reads them itself.
        DatasetProfile profile = checked.aggregates() == null ? profiler.profile(contract.dataset(), data)
                : profiler.profile(contract.dataset(), data, slice(checked.aggregates(), 0, exact.size()),
                        distributions.isEmpty() ? null : slice(checked.aggregates(), exact.size(), shared.size()));
        Path profileFile = ctx.outputDir().resolve("profile.json");
        profile.write(profileFile);
        long profiled = System.nanoTime();
        // Where the step's time went, for whoever wonders why validating takes what it takes.
        ctx.log().info("{} rows ({}): read, typed and written as Parquet in {} ms, checked in {} ms, profiled in {} ms",
                report.rows(), data.storageLevel().useMemory() ? "held in memory" : "read from Parquet",
                (read - started) / 1_000_000, (checkedAt - read) / 1_000_000, (profiled - checkedAt) / 1_000_000);
        StepResult.Builder result = errors.isEmpty()
                ? StepResult.succeeded().message(summary(report, warnings))
                : StepResult.failed(contract.dataset() + " broke " + errors.size() + " error check(s) of "
                        + params.contract() + ":\n" + list(errors)
                        + (warnings.isEmpty() ? "" : "\nand " + warnings.size() + " warning(s):\n" + list(warnings)));
        return result
                .output(VALIDATED, parquet)
                .output(CONTRACT, contractCopy)
                .output(VALIDATION_REPORT, reportFile)
                .output(PROFILE, profileFile)
                .metric("rows", report.rows())
                .metric("checks_failed", errors.size())
                .metric("warnings", warnings.size())
                .report("verification", report.toJson())
                .build();
    }

    /** Values {@code from} (inclusive) to {@code to} (exclusive) of a row of shared-scan results. */
    private static Row slice(Row row, int from, int to) {
        Object[] values = new Object[to - from];
        for (int i = from; i < to; i++) values[i - from] = row.get(i);
        return RowFactory.create(values);
    }

    private static String summary(VerificationReport report, List<VerificationReport.CheckOutcome> warnings) {
        String passed = report.rows() + " rows passed every error check of " + report.contract() + " ("
                + (report.checks().size() - warnings.size()) + " of " + report.checks().size() + " constraints held)";
        return warnings.isEmpty() ? passed : passed + "; " + warnings.size() + " warning(s):\n" + list(warnings);
    }

    private static String list(List<VerificationReport.CheckOutcome> outcomes) {
        return outcomes.stream().map(o -> "  " + o.describe()).collect(Collectors.joining("\n"));
    }
}
