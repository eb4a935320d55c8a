package io.pitstop.steps.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.contract.Severity;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.pkg.Sha256;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.Step;
import io.pitstop.engine.step.StepContext;
import io.pitstop.engine.step.StepResult;
import io.pitstop.engine.step.ValidationContext;
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
 * <p>Outputs: {@code validated} (Parquet directory), {@code contract} (the contract file, for the
 * package), {@code validation_report} (the report as JSON). Scans: the CSV once (parse, type and
 * write Parquet together), then Deequ over the Parquet.
 */
public final class DataValidateStep implements Step<DataValidateParams> {

    public static final String DATASET = DataVersionStep.DATASET;
    public static final String VALIDATED = "validated";
    public static final String CONTRACT = "contract";
    public static final String VALIDATION_REPORT = "validation_report";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

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
        return Set.of(VALIDATED, CONTRACT, VALIDATION_REPORT);
    }

    @Override
    public List<Problem> validate(DataValidateParams params, ValidationContext ctx) {
        Path file = ctx.resolve(params.contract());
        if (!Files.isRegularFile(file)) {
            return List.of(ctx.problemAt("/contract", "contract file " + params.contract() + " does not exist"
                    + " (resolved to " + file + ")"));
        }
        try {
            contracts.apply(file);
            return List.of();
        } catch (SpecException e) {
            // The contract's own problems point into the contract file, which is where the fix goes.
            return new ArrayList<>(e.problems());
        }
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
        Dataset<Row> data;
        try {
            data = new DatasetReader(spark).readInto(csv, contract, parquet);
        } catch (SchemaMismatchException e) {
            return StepResult.failed(e.getMessage())
                    .metric("schema_problems", e.total())
                    .build();
        }

        ctx.progress().status("checking " + contract.dataset() + " against " + params.contract());
        VerificationReport report = ContractChecks.compile(contract).run(data);
        Path reportFile = ctx.outputDir().resolve("validation-report.json");
        JSON.writeValue(reportFile.toFile(), report.toJson());
        ctx.log().info("{}", report.toText());

        var errors = report.failures(Severity.ERROR);
        var warnings = report.failures(Severity.WARNING);
        StepResult.Builder result = errors.isEmpty()
                ? StepResult.succeeded().message(summary(report, warnings))
                : StepResult.failed(contract.dataset() + " broke " + errors.size() + " error check(s) of "
                        + params.contract() + ":\n" + list(errors)
                        + (warnings.isEmpty() ? "" : "\nand " + warnings.size() + " warning(s):\n" + list(warnings)));
        return result
                .output(VALIDATED, parquet)
                .output(CONTRACT, contractFile)
                .output(VALIDATION_REPORT, reportFile)
                .metric("rows", report.rows())
                .metric("checks_failed", errors.size())
                .metric("warnings", warnings.size())
                .report("verification", report.toJson())
                .build();
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
