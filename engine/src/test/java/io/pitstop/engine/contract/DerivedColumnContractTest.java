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
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A key derived from other columns ({@code derived: { hash_of: [...] }}), for data without an id column. */
class DerivedColumnContractTest {

    private static Path write(String yaml) throws IOException {
        Path file = Scratch.dir("derived-contracts").resolve("contract.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static List<String> problems(String yaml) throws IOException {
        Path file = write(yaml);
        SpecException e = assertThrows(SpecException.class, () -> ContractLoader.load(file));
        return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void aDerivedKeyLoadsWithItsSourcesInOrder() throws IOException {
        Contract c = ContractLoader.load(write("""
                dataset: loans
                columns:
                  - { name: row_key, type: string, nullable: false, derived: { hash_of: [income, age] } }
                  - { name: age, type: integer }
                  - { name: income, type: double }
                  - { name: label, type: string }
                checks:
                  - { kind: unique, column: row_key }
                """));
        ColumnSpec key = c.column("row_key").orElseThrow();
        assertTrue(key.isDerived());
        assertEquals(List.of("income", "age"), key.derived().hashOf());
        assertFalse(c.column("age").orElseThrow().isDerived());
        assertNull(c.column("age").orElseThrow().derived());
    }

    @Test
    void everyBadDerivationIsReportedAtItsLineAndColumn() throws IOException {
        assertEquals(List.of(
                "3:52: column 'k1': derived: each hash_of entry must be a column name, found integer 1",
                "4:40: column 'k2': derived: missing required key 'hash_of'",
                "4:42: column 'k2': derived: unknown key 'hash'; expected one of: hash_of",
                "5:51: column 'k3': derived: hash_of must list at least one column",
                "6:23: column 'k4': a derived column is a string (the hex SHA-256 of its sources), so its type must"
                        + " be string, found 'integer'",
                "8:52: column 'k6': hash_of names 'agee', which is not declared in columns (did you mean 'age'?)",
                "8:63: column 'k6': hash_of lists 'age' twice",
                "8:68: column 'k6': hash_of cannot name the derived column itself",
                "9:52: column 'k7': hash_of names 'k4', which is derived itself; name the columns it is derived from"),
                problems("""
                        dataset: bad
                        columns:
                          - { name: k1, type: string, derived: { hash_of: [1] } }
                          - { name: k2, type: string, derived: { hash: [age] } }
                          - { name: k3, type: string, derived: { hash_of: [] } }
                          - { name: k4, type: integer, derived: { hash_of: [age] } }
                          - { name: age, type: integer }
                          - { name: k6, type: string, derived: { hash_of: [agee, age, age, k6] } }
                          - { name: k7, type: string, derived: { hash_of: [k4] } }
                        """));
    }

    @Test
    void theInputContractOfADerivedKeyKeepsItsSources() throws IOException {
        Contract c = ContractLoader.load(write("""
                dataset: loans
                columns:
                  - { name: age, type: integer }
                  - { name: income, type: double }
                  - { name: region, type: string }
                  - { name: label, type: string }
                  - { name: row_key, type: string, derived: { hash_of: [region, age] } }
                """));
        // Scoring needs the key and one feature; the key's sources come with it, in the contract's order.
        assertEquals(List.of("age", "income", "region", "row_key"),
                c.forInput(List.of("row_key", "income")).columns().stream().map(ColumnSpec::name).toList());
        assertEquals(List.of("income"), c.forInput(List.of("income")).columns().stream().map(ColumnSpec::name).toList());
    }
}
