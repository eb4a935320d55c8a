package io.pitstop.steps.release;

import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Which input-contract changes make the next package a major version: each kind of change on its
 * own, against one base contract, so a rule that stops firing (or fires too often) fails here.
 */
class ContractCompatibilityTest {

    private static final String BASE = """
            dataset: customers
            columns:
              - { name: id, type: string, nullable: false }
              - { name: plan, type: string, nullable: true }
              - { name: tenure, type: integer, nullable: true }
            checks:
              - { kind: allowed_values, column: plan, values: ["basic", "plus", "pro"] }
            """;

    @Test
    void theSameContractIsCompatible() throws IOException {
        assertEquals(List.of(), changes(BASE, BASE));
    }

    @Test
    void aRemovedColumnBreaksCallers() throws IOException {
        assertEquals(List.of("column 'tenure' was removed"), changes(BASE, BASE.replace(
                "  - { name: tenure, type: integer, nullable: true }\n", "")));
    }

    @Test
    void aRetypedColumnBreaksCallers() throws IOException {
        assertEquals(List.of("column 'tenure' changed type from integer to double"), changes(BASE, BASE.replace(
                "name: tenure, type: integer", "name: tenure, type: double")));
    }

    @Test
    void aColumnThatNoLongerAcceptsNullsBreaksCallers() throws IOException {
        assertEquals(List.of("column 'plan' no longer accepts nulls"), changes(BASE, BASE.replace(
                "name: plan, type: string, nullable: true", "name: plan, type: string, nullable: false")));
    }

    @Test
    void aNarrowedCategorySetBreaksCallersAndNamesTheDroppedValues() throws IOException {
        assertEquals(List.of("column 'plan' no longer accepts [pro]"), changes(BASE, BASE.replace(
                "[\"basic\", \"plus\", \"pro\"]", "[\"basic\", \"plus\"]")));
    }

    @Test
    void aNewlyLimitedColumnBreaksCallers() throws IOException {
        String limited = BASE + "  - { kind: allowed_values, column: id, values: [\"a\", \"b\"] }\n";
        assertEquals(List.of("column 'id' is now limited to [a, b]"), changes(BASE, limited));
    }

    @Test
    void wideningIsCompatible() throws IOException {
        String widened = BASE
                .replace("[\"basic\", \"plus\", \"pro\"]", "[\"basic\", \"plus\", \"pro\", \"max\"]")
                .replace("name: id, type: string, nullable: false", "name: id, type: string, nullable: true")
                .replace("  - { name: tenure, type: integer, nullable: true }\n",
                        "  - { name: tenure, type: integer, nullable: true }\n"
                                + "  - { name: region, type: string, nullable: true }\n")
                .replace("  - { kind: allowed_values, column: plan, values: [\"basic\", \"plus\", \"pro\", \"max\"] }\n", "");
        assertEquals(List.of(), changes(BASE, widened), "a new column, nulls allowed and a category"
                + " set lifted accept everything the old contract did");
    }

    @Test
    void everyBreakingChangeIsListedNotJustTheFirst() throws IOException {
        String after = BASE
                .replace("  - { name: tenure, type: integer, nullable: true }\n", "")
                .replace("[\"basic\", \"plus\", \"pro\"]", "[\"basic\"]");
        assertEquals(List.of("column 'tenure' was removed", "column 'plan' no longer accepts [plus, pro]"),
                changes(BASE, after));
    }

    private static List<String> changes(String before, String after) throws IOException {
        return ContractCompatibility.breakingChanges(contract("before", before), contract("after", after));
    }

    private static Contract contract(String name, String yaml) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "test-work", "contract-compat"));
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return ContractLoader.load(file);
    }
}
