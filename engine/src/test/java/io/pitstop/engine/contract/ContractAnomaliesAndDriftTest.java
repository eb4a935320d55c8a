package io.pitstop.engine.contract;

import io.pitstop.engine.spec.Scratch;
import io.pitstop.engine.spec.SpecException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The optional anomalies: and drift: sections of a contract, and their located problems. */
class ContractAnomaliesAndDriftTest {

    /** Lines 1-5: a dataset with three columns, so the section under test starts on line 6. */
    private static final String HEAD = """
            dataset: demo
            columns:
              - { name: id, type: string, nullable: false }
              - { name: tenure, type: integer }
              - { name: charges, type: double }
            """;

    private static Path write(String yaml) throws IOException {
        Path file = Scratch.dir("contracts").resolve("contract.yaml");
        Files.writeString(file, HEAD + yaml);
        return file;
    }

    private static List<String> problems(String yaml) throws IOException {
        Path file = write(yaml);
        SpecException e = assertThrows(SpecException.class, () -> ContractLoader.load(file));
        return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void anomaliesAndDriftLoadWithTheirLocations() throws IOException {
        Contract c = ContractLoader.load(write("""
                anomalies:
                  - { metric: row_count, max_rate_of_change: 0.5, severity: warning }
                  - { metric: completeness, column: charges, max_rate_of_change: 0.1 }
                  - { metric: mean, column: tenure, max_rate_of_change: 0.2 }
                drift:
                  psi_warning: 0.15
                  psi_error: 0.3
                """));
        assertEquals(3, c.anomalies().size());
        AnomalySpec rows = c.anomalies().get(0);
        assertEquals(AnomalyMetric.ROW_COUNT, rows.metric());
        assertNull(rows.column());
        assertEquals(0.5, rows.maxRateOfChange());
        assertEquals(Severity.WARNING, rows.severity());
        assertEquals(7, rows.location().line());
        assertEquals("completeness(charges)", c.anomalies().get(1).describe());
        assertEquals(Severity.ERROR, c.anomalies().get(1).severity());
        assertEquals(0.15, c.drift().psiWarning());
        assertEquals(0.3, c.drift().psiError());
        assertEquals(DriftSpec.DEFAULT_MAX_UNSEEN_SHARE, c.drift().maxUnseenShare(), "absent keys take the default");
    }

    @Test
    void aContractWithoutTheSectionsHasNoAnomaliesAndDefaultDrift() throws IOException {
        Contract c = ContractLoader.load(write(""));
        assertEquals(List.of(), c.anomalies());
        assertEquals(0.25, c.drift().psiError());
    }

    @Test
    void anomalyProblemsAreLocatedWithDidYouMean() throws IOException {
        assertEquals(List.of(
                "7:15: anomaly check #1: unknown metric 'row_cont' (did you mean 'row_count'?)",
                "8:37: anomaly check #2: column 'charge' is not declared in columns (did you mean 'charges'?)",
                "9:29: anomaly check #3: mean needs a numeric column; 'id' is declared string",
                "10:5: anomaly check #4: missing required key 'max_rate_of_change'",
                "10:26: anomaly check #4: unknown key 'max_rate_of_chnage' (did you mean 'max_rate_of_change'?)",
                "11:61: anomaly check #5: 'max_rate_of_change' must be a number, found string \"lots\"",
                "12:34: anomaly check #6: row_count is measured on the whole dataset and takes no column",
                "13:5: anomaly check #7: missing required key 'column'",
                "14:64: anomaly check #8: max_rate_of_change must be greater than 0, found 0.0"),
                problems("""
                        anomalies:
                          - { metric: row_cont, max_rate_of_change: 0.5 }
                          - { metric: completeness, column: charge, max_rate_of_change: 0.1 }
                          - { metric: mean, column: id, max_rate_of_change: 0.1 }
                          - { metric: row_count, max_rate_of_chnage: 0.1 }
                          - { metric: completeness, column: id, max_rate_of_change: lots }
                          - { metric: row_count, column: id, max_rate_of_change: 0.1 }
                          - { metric: completeness, max_rate_of_change: 0.1 }
                          - { metric: approx_distinct, column: id, max_rate_of_change: 0 }
                        """));
    }

    @Test
    void driftProblemsAreLocated() throws IOException {
        assertEquals(List.of(
                "7:3: drift: unknown key 'psi_warnig' (did you mean 'psi_warning'?)",
                "8:14: drift: 'psi_error' must be a number, found string \"high\"",
                "9:21: drift: max_unseen_share must be a fraction between 0 and 1, found 2.0"),
                problems("""
                        drift:
                          psi_warnig: 0.1
                          psi_error: high
                          max_unseen_share: 2
                        """));
        assertEquals(List.of("8:14: drift: psi_error 0.05 is below psi_warning 0.2"),
                problems("""
                        drift:
                          psi_warning: 0.2
                          psi_error: 0.05
                        """));
        assertEquals(List.of("6:8: 'drift' must be a mapping, found a list"), problems("drift: [0.1, 0.25]\n"));
    }

    @Test
    void minRowsMustBeAPositiveIntegerAndIsLocated() throws IOException {
        assertEquals(List.of("7:13: drift: min_rows must be at least 1, found 0"),
                problems("""
                        drift:
                          min_rows: 0
                        """));
        assertEquals(List.of("7:13: drift: 'min_rows' must be an integer, found number 12.5"),
                problems("""
                        drift:
                          min_rows: 12.5
                        """));
    }

    @Test
    void minRowsIsReadAndDefaultsTo500() throws IOException {
        assertEquals(200, ContractLoader.load(write("drift: { min_rows: 200 }\n")).drift().minRows());
        assertEquals(500, ContractLoader.load(write("drift: { psi_error: 0.3 }\n")).drift().minRows());
        assertEquals(500, ContractLoader.load(write("")).drift().minRows());
        assertEquals(DriftSpec.DEFAULT_MIN_ROWS, DriftSpec.defaults().minRows());
    }
}
