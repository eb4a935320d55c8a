package io.pitstop.steps;

import io.pitstop.steps.dataset.VerificationReport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Upstream artifacts a step under test reads but whose producer the test does not run, in their owners' formats. */
public final class TestArtifacts {

    private TestArtifacts() {
    }

    /** A validation report of data that passed every check, as data.validate writes it. */
    public static Path passedValidation(Path file) throws IOException {
        new VerificationReport("data-contracts/telco-churn.yaml", "telco_churn", 1000, List.of()).write(file);
        return file;
    }
}
