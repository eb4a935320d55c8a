package io.pitstop.steps.data;

import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.step.StepResult;
import io.pitstop.steps.ScanCounter;
import io.pitstop.steps.TelcoData;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What validating a small file costs in Spark work, so that it cannot grow back unseen (issue 15: the
 * fixed cost of Spark jobs, not the data, made the demo's 7,043 rows take seconds). The bundled file
 * against the bundled contract: 54 constraints, two anomaly checks, the profile.
 */
class ValidateSmallFileCostTest {

    /** The CSV, typed and written as Parquet while it is held in memory: the only read of the data. */
    static final int SCANS = 1;

    /**
     * Adaptive execution runs each stage as a job of its own: filling the cache and writing the Parquet (2),
     * Deequ's scan with the profile's aggregates (2), the key's hash proof (2), the drift bins' grouped counts
     * (3). It was 12, with the data read 5 times.
     */
    static final int JOBS = 9;

    @TempDir
    Path tmp;

    @Test
    void theBundledFileIsReadOnceAndCheckedAndProfiledInNineJobs() throws Exception {
        Files.createDirectories(tmp.resolve("data-contracts"));
        Files.copy(Path.of("..", "data-contracts", "telco-churn.yaml"), tmp.resolve("data-contracts/telco-churn.yaml"));
        var ctx = DataStepContext.builder(tmp).outputDir(tmp.resolve("out")).setting("state_dir", "state")
                .upstream("dataset", TelcoData.CSV.toString()).build();
        TestSpark.session().range(1).count(); // the session's first job, which every step after the first is spared

        var cost = ScanCounter.measure(() -> {
            try {
                return new DataValidateStep(ContractLoader::load)
                        .run(new DataValidateParams("data-contracts/telco-churn.yaml"), ctx);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        StepResult result = cost.result();
        assertEquals(StepResult.Outcome.SUCCEEDED, result.outcome(), result.message());
        assertEquals(7043.0, result.metrics().get("rows"));
        assertTrue(result.message().contains("56 of 56 constraints held"), result.message());
        assertEquals(SCANS, cost.scans(), "reads of the data; jobs: " + cost.jobs());
        assertTrue(cost.jobs() <= JOBS, cost.jobs() + " Spark jobs to validate 7,043 rows, expected at most " + JOBS + ": " + cost.jobNames());

        // The profile from the checks' scan is the one the profiler computes on its own from the Parquet.
        DatasetProfile profile = DatasetProfile.read(Path.of(result.outputs().get("profile")));
        var parquet = TestSpark.session().read().parquet(result.outputs().get("validated"));
        assertEquals(new DatasetProfiler().profile("telco_churn", parquet).toJson(), profile.toJson());
        assertEquals(7043, profile.sampledRows(), "every row profiled");
        assertTrue(Files.isRegularFile(tmp.resolve("state/metrics/telco_churn.json")), "the metric history recorded");
    }
}
