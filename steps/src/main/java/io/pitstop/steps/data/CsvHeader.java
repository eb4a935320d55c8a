package io.pitstop.steps.data;

import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.Contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    public static CsvHeader read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) return new CsvHeader(file, List.of());
            if (line.startsWith("\uFEFF")) line = line.substring(1); // a BOM from spreadsheet exports
            return new CsvHeader(file, split(line));
        }
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
                    + contract.columns().stream().map(ColumnSpec::name).toList()));
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) problems.add(new DataProblem(file, 1, name, "appears more than once in the header"));
        }
        for (ColumnSpec column : contract.columns()) {
            if (!names.contains(column.name())) {
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

    /** Splits one CSV line on commas outside double quotes; {@code ""} inside quotes is a quote. */
    static List<String> split(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString().strip());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        fields.add(field.toString().strip());
        return fields;
    }
}
