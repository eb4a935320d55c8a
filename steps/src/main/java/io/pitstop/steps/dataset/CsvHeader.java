package io.pitstop.steps.dataset;

import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.Contract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The header row of a CSV file, read without Spark, so a file with the wrong columns is rejected in
 * milliseconds and every wrong column is named (Spark would map columns by position and say nothing).
 */
public record CsvHeader(Path file, List<String> names) {

    public CsvHeader {
        names = List.copyOf(names);
    }

    /**
     * The first record of the file, read as RFC 4180 CSV (quoted names may hold commas, quotes and line
     * breaks); a byte order mark from a spreadsheet export is skipped. Empty for an empty file.
     *
     * @throws CsvFormatException when the header is not UTF-8 text
     */
    public static CsvHeader read(Path file) throws IOException {
        return new CsvHeader(file, CsvLayout.headerOf(file));
    }

    /** Every difference from the contract's columns: missing, undeclared and repeated names. */
    public List<DataProblem> compareWith(Contract contract) {
        return compareWith(contract, false);
    }

    /**
     * Every difference from the contract's columns. With {@code undeclaredAllowed} (a batch to score,
     * held to the model's input contract) a column the contract does not name is no problem: it is not
     * read. A label in a scoring file, or any other column a team's export happens to carry, stays out.
     */
    public List<DataProblem> compareWith(Contract contract, boolean undeclaredAllowed) {
        List<DataProblem> problems = new ArrayList<>();
        if (names.isEmpty()) {
            problems.add(new DataProblem(file, 1, null, "the file is empty; expected a header row with the columns "
                    + contract.columns().stream().filter(c -> !c.isDerived()).map(ColumnSpec::name).toList()));
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) problems.add(new DataProblem(file, 1, name, "appears more than once in the header"));
        }
        for (ColumnSpec column : contract.columns()) {
            if (column.isDerived()) {
                // Computed by the reader; a file column of the same name would be a second, competing value.
                if (names.contains(column.name())) {
                    problems.add(new DataProblem(file, 1, column.name(), "is in the header (field "
                            + (names.indexOf(column.name()) + 1) + ") but the contract derives it from "
                            + column.derived().hashOf() + "; rename or drop the file's column"));
                }
            } else if (!names.contains(column.name())) {
                problems.add(new DataProblem(file, 1, column.name(), "missing from the header; the contract declares it"
                        + " (" + column.type().yamlName() + ")"
                        + (column.location() == null ? "" : " at " + column.location())));
            }
        }
        for (int i = 0; i < names.size() && !undeclaredAllowed; i++) {
            String name = names.get(i);
            if (contract.column(name).isEmpty()) {
                problems.add(new DataProblem(file, 1, name, "is in the header (field " + (i + 1) + ") but not declared in "
                        + contract.file() + nearest(name, contract)));
            }
        }
        return problems;
    }

    private static String nearest(String name, Contract contract) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (ColumnSpec column : contract.columns()) {
            int d = distance(name.toLowerCase(), column.name().toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = column.name();
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? "; did you mean " + best + "?" : "";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) previous[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
