package io.pitstop.steps.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one pass over a CSV file's bytes shows before Spark reads it ({@link CsvScanner}): the header, how
 * many data rows follow, which rows have more or fewer fields than the header (by line), and whether a quoted
 * field spans lines, which decides how Spark must read the file (a line at a time, in parallel splits, unless
 * a record can span lines).
 *
 * @param header           the header's field names
 * @param rows             data rows after the header (blank lines not counted)
 * @param quotedLineBreaks whether some quoted field holds a line break
 * @param ragged           the first rows whose field count differs from the header's, one problem each
 * @param raggedTotal      how many such rows there are in all
 */
public record CsvLayout(Path file, List<String> header, long rows, boolean quotedLineBreaks, List<DataProblem> ragged,
                        long raggedTotal) {

    public CsvLayout {
        header = List.copyOf(header);
        ragged = List.copyOf(ragged);
    }

    /** @throws CsvFormatException when the file is not UTF-8 text or a quoted field is never closed */
    public static CsvLayout of(Path file) throws IOException {
        List<DataProblem> ragged = new ArrayList<>();
        long[] raggedTotal = {0};
        int[] headerFields = {0};
        CsvScanner.Result result = CsvScanner.scan(file, (index, line, fields) -> {
            if (index == 0) {
                headerFields[0] = fields;
            } else if (fields != headerFields[0]) {
                raggedTotal[0]++;
                if (ragged.size() < DatasetReader.REPORTED_PROBLEMS) {
                    ragged.add(new DataProblem(file, line, null, "the row has " + fields + " field"
                            + (fields == 1 ? "" : "s") + " but the header has " + headerFields[0]
                            + (fields > headerFields[0] ? " (is a value with a comma not quoted?)" : "")));
                }
            }
            return true;
        });
        long total = raggedTotal[0];
        if (result.quotedLineBreaks() && result.spaceOnlyTotal() > 0) {
            // Read with multiLine, Spark takes such a line for a row of one field; read by lines, it skips it.
            for (long line : result.spaceOnlyLines()) {
                ragged.add(new DataProblem(file, line, null, "the line holds only spaces; in a file whose quoted"
                        + " values span lines it reads as a row of 1 field: delete it"));
            }
            ragged.sort(java.util.Comparator.comparingLong(DataProblem::line));
            if (ragged.size() > DatasetReader.REPORTED_PROBLEMS) ragged.subList(DatasetReader.REPORTED_PROBLEMS, ragged.size()).clear();
            total += result.spaceOnlyTotal();
        }
        return new CsvLayout(file, result.header(), Math.max(0, result.records() - 1), result.quotedLineBreaks(),
                ragged, total);
    }

    /** Only the header: the walk stops after the first record. */
    static List<String> headerOf(Path file) throws IOException {
        return CsvScanner.scan(file, (index, line, fields) -> false).header();
    }

    /**
     * The line each of the given data rows starts on (rows numbered from 0 in file order, as Spark's
     * {@code zipWithIndex} numbers them). Walks the file again: only used to report bad values.
     */
    static Map<Long, Long> linesOf(Path file, Collection<Long> rows) throws IOException {
        TreeSet<Long> wanted = new TreeSet<>(rows);
        Map<Long, Long> lines = new TreeMap<>();
        if (wanted.isEmpty()) return lines;
        long last = wanted.last();
        CsvScanner.scan(file, (index, line, fields) -> {
            if (index > 0 && wanted.contains(index - 1)) lines.put(index - 1, line);
            return index - 1 < last;
        });
        return lines;
    }
}
