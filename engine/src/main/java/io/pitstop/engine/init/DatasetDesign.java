package io.pitstop.engine.init;

import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.yaml.NearMatch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code init} makes of a measured data file: the key, the task, and each other column's part.
 * The rules, each chosen so a stranger's data set works without editing:
 * <ul>
 *   <li><b>Codes.</b> An integer column with at most {@value #CODE_MAX_DISTINCT} distinct values (a 0/1
 *       flag, a 1..4 code, a year of three values) is a category, not a quantity: it is declared
 *       {@code string} in the contract, so the model one-hot encodes it and its allowed values are
 *       checked.</li>
 *   <li><b>Features.</b> Every column but the label and the key: numbers (integer, long, double) that
 *       are not codes are numeric; strings and codes are categorical. Left out, with the reason in a
 *       comment: a string column with more than {@value #CATEGORICAL_MAX_DISTINCT} distinct values (too
 *       many to one-hot: names, free text), a column with one value or none.</li>
 *   <li><b>Task.</b> Two label values: binary, {@code positive} the rarer (on a tie the last in sorted
 *       order). A string label, or an integer one with at most {@value #CODE_MAX_DISTINCT} values:
 *       multiclass, at most {@value #MAX_CLASSES} classes. Any other numeric label: regression.
 *       A classification label is declared {@code string}, so its values are compared as written.</li>
 *   <li><b>Key.</b> A column with a value on every row, no two equal, of type string, integer or long,
 *       preferring an id-like name ({@code id}, {@code customer_id}, {@code PassengerId}, {@code uuid},
 *       {@code key}...); an integer column counts only with such a name (a count can be unique by
 *       chance). With no candidate, a derived key {@code row_key}: a hash of every column but the
 *       label, which needs no two rows equal in all of them.</li>
 * </ul>
 *
 * @param name       the pipeline's name ({@code [a-z0-9][a-z0-9-]*}), also the model's and the file names'
 * @param dataset    the contract's dataset name (the name with underscores)
 * @param classes    multiclass: the label's values, sorted; empty otherwise
 * @param keyHashOf  a derived key's columns; empty when {@code key} is a column of the file
 * @param excluded   columns that are neither label, key nor feature, each with the reason
 * @param codes      integer columns declared {@code string} because they are codes (features or label)
 */
public record DatasetDesign(String name, String dataset, DataSketch sketch, ColumnSketch label, Task task,
                            String positive, List<String> classes, String key, List<String> keyHashOf,
                            List<String> categorical, List<String> numeric, Map<String, String> excluded,
                            Set<String> codes) {

    /** An integer column with at most this many distinct values is a code (categorical). */
    public static final int CODE_MAX_DISTINCT = 10;
    /** A string column with more distinct values than this is not one-hot encoded. */
    public static final int CATEGORICAL_MAX_DISTINCT = 100;
    /** A multiclass label may take at most this many values. */
    public static final int MAX_CLASSES = 20;
    /** The derived key's name, suffixed with a number when the file already has such a column. */
    public static final String DERIVED_KEY = "row_key";

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
    // id, key, uuid, guid as the whole name or its last word (customer_id, order-key, "row id"), or a
    // camel-case ...Id / ...ID suffix (PassengerId, customerID).
    private static final Pattern ID_WORD = Pattern.compile("(?i)(.*[_ .-])?(id|key|uuid|guid)");
    private static final Pattern CAMEL_ID = Pattern.compile(".*[a-z0-9](Id|ID)");

    public enum Task {
        BINARY, MULTICLASS, REGRESSION;

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<Task> parse(String s) {
            for (Task t : values()) if (t.yamlName().equals(s.toLowerCase(Locale.ROOT).trim())) return Optional.of(t);
            return Optional.empty();
        }
    }

    public DatasetDesign {
        Objects.requireNonNull(name, "name");
        classes = List.copyOf(classes);
        keyHashOf = List.copyOf(keyHashOf);
        categorical = List.copyOf(categorical);
        numeric = List.copyOf(numeric);
        excluded = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
        codes = Set.copyOf(codes);
    }

    /**
     * Decides the design for a measured file.
     *
     * @throws UnusableDataException      when the data cannot be described (label absent or with one value,
     *                                    a --key that is not unique, repeated rows and no key, no feature left)
     * @throws InvalidInitOptionException when an option cannot be used as given
     */
    public static DatasetDesign decide(DataSketch sketch, InitRequest request) {
        String name = request.name() != null ? checkedName(request.name()) : nameOf(sketch.file());
        FileProblems file = new FileProblems(sketch);
        ColumnSketch label = sketch.column(request.label()).orElseThrow(() -> file.problem(1L, request.label(),
                "the label column is not in the header" + NearMatch.hint(request.label(), sketch.names())
                        + "; the columns are " + sketch.names()));
        if (label.nulls() == sketch.rows()) {
            throw file.problem(null, label.name(), "the label is empty on every row");
        }
        if (label.distinct() < 2) {
            throw file.problem(null, label.name(), "the label has one value on every row ("
                    + label.valueCounts().keySet() + "): there is nothing to predict");
        }
        Task task = task(label, request.task(), file);
        var codes = new java.util.TreeSet<String>();
        String positive = null;
        List<String> classes = List.of();
        if (task != Task.REGRESSION) {
            if (label.valueCounts().isEmpty() || label.distinct() > MAX_CLASSES) {
                throw file.problem(null, label.name(), "the label has " + label.distinct()
                        + " distinct values, too many classes for task " + task.yamlName() + " (at most " + MAX_CLASSES + ")"
                        + (label.numeric() ? "; --task regression predicts it as a number" : ""));
            }
            if (label.numeric()) codes.add(label.name());
            if (task == Task.BINARY) {
                positive = positive(label, request.positive(), file);
            } else {
                classes = List.copyOf(label.valueCounts().keySet());
            }
        }
        if (request.positive() != null && task != Task.BINARY) {
            throw new InvalidInitOptionException("--positive is for task binary; the task here is " + task.yamlName());
        }

        String key;
        List<String> hashOf = List.of();
        if (request.key() != null) {
            key = checkedKey(sketch, request.key(), label, file);
        } else {
            Optional<ColumnSketch> candidate = keyCandidate(sketch, label.name());
            if (candidate.isPresent()) {
                key = candidate.get().name();
            } else {
                if (sketch.repeatedRows() > 0) {
                    throw file.problem(null, null, "no column identifies a row, and " + sketch.repeatedRows()
                            + " rows repeat an earlier row in every column but the label, so no key derived from"
                            + " the columns could tell them apart: add an id column and pass it as --key, or"
                            + " drop the repeated rows");
                }
                key = derivedKeyName(sketch);
                hashOf = sketch.names().stream().filter(n -> !n.equals(label.name())).toList();
            }
        }

        var categorical = new ArrayList<String>();
        var numeric = new ArrayList<String>();
        var excluded = new LinkedHashMap<String, String>();
        for (ColumnSketch c : sketch.columns()) {
            if (c.name().equals(label.name()) || c.name().equals(key)) continue;
            if (c.nulls() == sketch.rows()) {
                excluded.put(c.name(), "empty on every row");
            } else if (c.distinct() == 1) {
                excluded.put(c.name(), "the same value on every row: nothing to learn from");
            } else if (isCode(c)) {
                codes.add(c.name());
                categorical.add(c.name());
            } else if (c.numeric()) {
                numeric.add(c.name());
            } else if (c.valueCounts().isEmpty() || c.distinct() > CATEGORICAL_MAX_DISTINCT) {
                excluded.put(c.name(), (c.allDistinct() ? "a different value on every row"
                        : "about " + c.distinct() + " distinct values in " + sketch.rows() + " rows")
                        + ", too many to one-hot encode (group them into fewer values to use it)");
            } else {
                categorical.add(c.name());
            }
        }
        if (categorical.isEmpty() && numeric.isEmpty()) {
            throw file.problem(null, null, "no column is left to learn from: besides the label '" + label.name()
                    + "' and the key '" + key + "' " + (excluded.isEmpty() ? "there are none" : "only " + excluded));
        }
        return new DatasetDesign(name, name.replace('-', '_'), sketch, label, task, positive, classes, key, hashOf,
                categorical, numeric, excluded, codes);
    }

    /** The type the contract declares for a column: codes and a classification label are read as text. */
    public ColumnType declaredType(ColumnSketch column) {
        return codes.contains(column.name()) ? ColumnType.STRING : column.type();
    }

    public boolean derivedKey() {
        return !keyHashOf.isEmpty();
    }

    /** The rows with the most frequent label value, as a share of the labelled rows (classification). */
    public double majorityShare() {
        long labelled = sketch.rows() - label.nulls();
        return label.valueCounts().values().stream().mapToLong(Long::longValue).max().orElse(0) / (double) labelled;
    }

    static boolean isCode(ColumnSketch c) {
        return (c.type() == ColumnType.INTEGER || c.type() == ColumnType.LONG)
                && !c.valueCounts().isEmpty() && c.distinct() <= CODE_MAX_DISTINCT;
    }

    static boolean idLikeName(String name) {
        return ID_WORD.matcher(name).matches() || CAMEL_ID.matcher(name).matches();
    }

    private static Task task(ColumnSketch label, String requested, FileProblems file) {
        if (requested != null) {
            Task t = Task.parse(requested).orElseThrow(() -> new InvalidInitOptionException("--task '" + requested
                    + "' is not one of [binary, multiclass, regression]"));
            if (t == Task.REGRESSION && !label.numeric()) {
                throw file.problem(null, label.name(), "task regression needs a numeric label; the label is "
                        + label.type().yamlName() + " (e.g. " + label.valueCounts().keySet().stream().limit(3).toList() + ")");
            }
            if (t == Task.BINARY && label.distinct() != 2) {
                throw file.problem(null, label.name(), "task binary needs a label with two values; it has "
                        + label.distinct() + (label.valueCounts().isEmpty() ? "" : ": " + label.valueCounts().keySet()));
            }
            if (t == Task.MULTICLASS && label.type() == ColumnType.DOUBLE) {
                throw file.problem(null, label.name(), "task multiclass needs text or integer classes; the label is double");
            }
            return t;
        }
        if (label.distinct() == 2) return Task.BINARY;
        if (label.type() == ColumnType.STRING || isCode(label)) return Task.MULTICLASS;
        return Task.REGRESSION;
    }

    private static String positive(ColumnSketch label, String requested, FileProblems file) {
        List<String> values = List.copyOf(label.valueCounts().keySet());
        if (requested != null) {
            if (values.contains(requested)) return requested;
            Optional<String> sameButCase = values.stream().filter(v -> v.equalsIgnoreCase(requested.trim())).findFirst();
            throw file.problem(null, label.name(), "--positive '" + requested + "' is not a value of the label"
                    + sameButCase.map(v -> " (did you mean '" + v + "'? values are compared as written)").orElse("")
                    + "; its values are " + values);
        }
        // The rarer value: what a binary model is usually asked to find (churn, fraud, disease).
        return label.valueCounts().entrySet().stream()
                .min(Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
    }

    private static String checkedKey(DataSketch sketch, String key, ColumnSketch label, FileProblems file) {
        ColumnSketch c = sketch.column(key).orElseThrow(() -> file.problem(1L, key, "--key names no column of the header"
                + NearMatch.hint(key, sketch.names()) + "; the columns are " + sketch.names()));
        if (c.name().equals(label.name())) {
            throw new InvalidInitOptionException("--key '" + key + "' is the label; a key identifies a row, it is not predicted");
        }
        if (c.nulls() > 0) {
            throw file.problem(null, key, "--key: " + c.nulls() + " rows have no value; a key needs one on every row");
        }
        if (!c.allDistinct()) {
            throw file.problem(null, key, "--key: the values are not unique (" + c.distinct() + " distinct in "
                    + sketch.rows() + " rows); a key identifies one row. Without --key, init derives one");
        }
        if (c.type() == ColumnType.DOUBLE) {
            throw file.problem(null, key, "--key: a double column cannot be a key (its values are measurements,"
                    + " and equality of doubles is fragile); use a string or integer id");
        }
        return key;
    }

    private static Optional<ColumnSketch> keyCandidate(DataSketch sketch, String label) {
        List<ColumnSketch> candidates = sketch.columns().stream()
                .filter(c -> !c.name().equals(label) && c.allDistinct() && c.nulls() == 0 && sketch.rows() > 1)
                .filter(c -> c.type() == ColumnType.STRING || c.type() == ColumnType.INTEGER || c.type() == ColumnType.LONG)
                .toList();
        return candidates.stream().filter(c -> idLikeName(c.name())).findFirst()
                .or(() -> candidates.stream().filter(c -> c.type() == ColumnType.STRING).findFirst());
    }

    private static String derivedKeyName(DataSketch sketch) {
        String name = DERIVED_KEY;
        for (int i = 2; sketch.column(name).isPresent(); i++) name = DERIVED_KEY + "_" + i;
        return name;
    }

    public static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new InvalidInitOptionException("--name '" + name + "' must match " + NAME.pattern()
                    + " (lower-case letters, digits, dashes): it names the pipeline, the model and the files");
        }
        return name;
    }

    /** The file's name without extension, in lower case, every run of other characters a dash. */
    static String nameOf(java.nio.file.Path file) {
        String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "").toLowerCase(Locale.ROOT);
        String name = base.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "dataset" : name;
    }

    /** Problems in the sketched file, named by it. */
    private record FileProblems(DataSketch sketch) {
        UnusableDataException problem(Long line, String column, String message) {
            return new UnusableDataException(sketch.file(), line, column, message);
        }
    }
}
