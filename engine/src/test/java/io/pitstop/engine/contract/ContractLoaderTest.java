package io.pitstop.engine.contract;

import io.pitstop.engine.spec.Scratch;
import io.pitstop.engine.spec.SpecException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ContractLoaderTest {

    /** Lines 1-5: a dataset with three columns; "checks:" is line 6, so checks start on line 7. */
    private static final String HEAD = """
            dataset: demo
            columns:
              - { name: id, type: string, nullable: false }
              - { name: tenure, type: integer }
              - { name: charges, type: double }
            """;

    private static Path write(String name, String yaml) throws IOException {
        Path file = Scratch.dir("contracts").resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static List<String> problems(String yaml) throws IOException {
        Path file = write("bad.yaml", yaml);
        SpecException e = assertThrows(SpecException.class, () -> ContractLoader.load(file));
        return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    private static List<String> checks(String... checkLines) throws IOException {
        return problems(HEAD + "checks:\n" + String.join("\n", checkLines) + "\n");
    }

    @Test
    void everyCheckKindLoads() throws IOException {
        Contract c = ContractLoader.load(write("good.yaml", HEAD + """
                checks:
                  - { kind: completeness, column: charges, min: 0.99, severity: warning }
                  - { kind: unique, column: id }
                  - { kind: range, column: tenure, min: 0 }
                  - { kind: allowed_values, column: id, values: [a, 1, true] }
                  - { kind: pattern, column: id, regex: "^C[0-9]+$" }
                  - { kind: row_count, min: 10, max: 20 }
                  - { kind: predicate, name: positive, sql: "charges > 0" }
                """));
        assertEquals("demo", c.dataset());
        assertEquals(List.of("id", "tenure", "charges"), c.columns().stream().map(ColumnSpec::name).toList());
        assertFalse(c.column("id").orElseThrow().nullable());
        assertTrue(c.column("tenure").orElseThrow().nullable());
        assertEquals(ColumnType.DOUBLE, c.column("charges").orElseThrow().type());
        assertEquals(List.of(
                new CheckSpec.Completeness("charges", 0.99, Severity.WARNING, c.checks().get(0).location()),
                new CheckSpec.Unique("id", Severity.ERROR, c.checks().get(1).location()),
                new CheckSpec.Range("tenure", 0.0, null, Severity.ERROR, c.checks().get(2).location()),
                new CheckSpec.AllowedValues("id", List.of("a", "1", "true"), Severity.ERROR, c.checks().get(3).location()),
                new CheckSpec.Pattern("id", "^C[0-9]+$", Severity.ERROR, c.checks().get(4).location()),
                new CheckSpec.RowCount(10L, 20L, Severity.ERROR, c.checks().get(5).location()),
                new CheckSpec.Predicate("positive", "charges > 0", Severity.ERROR, c.checks().get(6).location())),
                c.checks());
        assertEquals(8, c.checks().get(1).location().line());
    }

    @Test
    void unknownKeysEverywhere() throws IOException {
        assertEquals(List.of(
                "1:1: missing required key 'dataset'",
                "1:1: unknown key 'datasets' (did you mean 'dataset'?)",
                "3:31: column 'id': unknown key 'nullabel' (did you mean 'nullable'?)",
                "5:5: check #1 (unique): missing required key 'column'",
                "5:38: check #1 (unique): unknown key 'colum' (did you mean 'column'?)"),
                problems("""
                        datasets: demo
                        columns:
                          - { name: id, type: string, nullabel: false }
                        checks:
                          - { kind: unique, severity: error, colum: id }
                        """));
    }

    @Test
    void unknownKindTypeAndSeverity() throws IOException {
        assertEquals(List.of(
                "2:29: column 'x': unknown type 'strng' (did you mean 'string'?)",
                "3:29: column 'y': unknown type 'text'; expected one of: string, integer, long, double, boolean,"
                        + " date, timestamp",
                "5:13: check #1 (uniqe): unknown check kind 'uniqe' (did you mean 'unique'?)",
                "6:42: check #2 (unique): severity must be error or warning, found 'warn'"),
                problems("""
                        dataset: demo
                        columns: [ { name: x, type: strng },
                                   { name: y, type: text } ]
                        checks:
                          - { kind: uniqe, column: x }
                          - { kind: unique, column: x, severity: warn }
                        """));
    }

    @Test
    void checkOnUndeclaredColumn() throws IOException {
        assertEquals(List.of("7:29: check #1 (unique): column 'tenur' is not declared in columns (did you mean 'tenure'?)"),
                checks("  - { kind: unique, column: tenur }"));
    }

    @Test
    void missingRequiredFieldsAndWrongTypes() throws IOException {
        assertEquals(List.of(
                "7:5: check #1 (completeness): missing required key 'min'",
                "8:41: check #2 (range): 'min' must be a number, found string \"0\"",
                "9:5: check #3 (predicate): missing required key 'sql'",
                "10:29: check #4 (row_count): 'min' must be an integer, found number 10.5",
                "11:5: check #5: missing required key 'kind'"),
                checks("  - { kind: completeness, column: charges }",
                        "  - { kind: range, column: tenure, min: \"0\" }",
                        "  - { kind: predicate, name: p }",
                        "  - { kind: row_count, min: 10.5 }",
                        "  - { column: id }"));
    }

    @Test
    void aContractWithoutColumnsIsAnErrorAtItsTop() throws IOException {
        // Without a schema nothing could be typed or checked, and a dataset would pass unchecked.
        assertEquals(List.of("1:1: missing required key 'columns'"), problems("""
                dataset: demo
                checks:
                  - { kind: row_count, min: 1 }
                """));
    }

    @Test
    void anEmptyColumnListIsAnErrorAtTheList() throws IOException {
        assertEquals(List.of("2:10: columns: declare at least one column"), problems("""
                dataset: demo
                columns: []
                """));
    }

    @Test
    void duplicateColumnName() throws IOException {
        assertEquals(List.of("4:13: column 'id': duplicate column 'id' (first declared at line 3)"),
                problems("""
                        dataset: demo
                        columns:
                          - { name: id, type: string }
                          - { name: id, type: integer }
                        """));
    }

    @Test
    void badRegex() throws IOException {
        assertEquals(List.of("7:41: check #1 (pattern): regex '^C[0-9' does not compile: Unclosed character class"
                        + " near index 5"),
                checks("  - { kind: pattern, column: id, regex: \"^C[0-9\" }"));
    }

    @Test
    void minGreaterThanMaxAndOutOfRange() throws IOException {
        assertEquals(List.of(
                "7:41: check #1 (range): min 10 is greater than max 2",
                "8:29: check #2 (row_count): min 5 is greater than max 1",
                "9:5: check #3 (range): needs min, max or both",
                "10:49: check #4 (completeness): min must be a fraction between 0 and 1, found 1.5"),
                checks("  - { kind: range, column: tenure, min: 10, max: 2 }",
                        "  - { kind: row_count, min: 5, max: 1 }",
                        "  - { kind: range, column: tenure }",
                        "  - { kind: completeness, column: charges, min: 1.5 }"));
    }

    @Test
    void allowedValuesMustBeAListOfScalars() throws IOException {
        assertEquals(List.of(
                "7:49: check #1 (allowed_values): values must list at least one value",
                "8:53: check #2 (allowed_values): each allowed value must be a string, number or boolean, found a list"),
                checks("  - { kind: allowed_values, column: id, values: [] }",
                        "  - { kind: allowed_values, column: id, values: [a, [b]] }"));
    }

    @Test
    void demoContractLoadsClean() {
        Path file = Path.of("..", "data-contracts", "telco-churn.yaml");
        Contract c = ContractLoader.load(file);
        assertEquals("telco_churn", c.dataset());
        assertEquals(21, c.columns().size());
        assertFalse(c.column("customer_id").orElseThrow().nullable());
        assertTrue(c.column("total_charges").orElseThrow().nullable());
        assertEquals(ColumnType.DOUBLE, c.column("monthly_charges").orElseThrow().type());
        assertEquals(ColumnType.INTEGER, c.column("senior_citizen").orElseThrow().type());
        var churn = c.checks().stream().filter(k -> k instanceof CheckSpec.AllowedValues a && a.column().equals("churn"))
                .map(k -> ((CheckSpec.AllowedValues) k).values()).findFirst().orElseThrow();
        assertEquals(List.of("Yes", "No"), churn);
        assertTrue(c.checks().stream().anyMatch(k -> k instanceof CheckSpec.Completeness cc
                && cc.severity() == Severity.WARNING && cc.column().equals("total_charges")));
    }
}
