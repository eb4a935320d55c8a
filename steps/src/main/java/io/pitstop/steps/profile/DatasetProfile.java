package io.pitstop.steps.profile;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;

import io.pitstop.engine.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a dataset looked like when it was validated: per column counts, completeness and an approximate
 * distinct count; numeric columns add min/max/mean/stddev and approximate deciles, string columns add
 * their most frequent values, and every column adds the bins drift is measured in with the count of
 * profiled rows in each ({@link DriftBins}). Counts, completeness, min, max, mean and stddev are exact
 * over every row; the distributions may come from a sample ({@link #sampledRows()}). Stored as
 * {@code profile.json} with the run and read back by {@link io.pitstop.steps.drift.DriftComparison}.
 *
 * <p>Format 1 (packages released before drift bins existed) has no {@code drift_bins}; it is still read,
 * and drift then estimates each numeric bin's share from the deciles.
 *
 * <p>The JSON is deterministic (columns in schema order, frequencies by count then value) and carries
 * {@link #FORMAT}, so two profiles of the same data diff clean.
 *
 * @param format  version of the JSON layout
 * @param dataset the dataset name from the contract
 * @param rows    rows in the data
 * @param sampledRows the rows the distributions (deciles, value frequencies, distinct counts) were computed
 *                from: {@code rows} when every row was profiled, else the size of a uniform random sample;
 *                null in profiles written before sampling existed (every row was profiled)
 * @param columns one profile per column, in schema order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "dataset", "rows", "sampled_rows", "columns"})
public record DatasetProfile(int format, String dataset, long rows, Long sampledRows, List<ColumnProfile> columns) {

    /** Version of the JSON layout written: 2 added {@code drift_bins}. */
    public static final int FORMAT = 2;

    /** The layouts read: format 1 profiles ship in packages released before drift bins existed. */
    private static final java.util.Set<Integer> READABLE = java.util.Set.of(1, FORMAT);

    public DatasetProfile {
        Objects.requireNonNull(dataset, "dataset");
        columns = List.copyOf(columns);
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * One column.
     *
     * @param name           column name
     * @param type           Spark type name, e.g. {@code integer}, {@code string}
     * @param nulls          null values
     * @param completeness   share of non-null values (1 for an empty dataset)
     * @param approxDistinct approximate distinct non-null values (HyperLogLog++, ~5% relative error) among the
 *                       profiled rows: of the whole data when every row was profiled, else of the sample
 *                       ({@link DatasetProfile#sampledRows()}), where a high-cardinality column shows fewer
     * @param numeric        numeric statistics, or null for non-numeric columns
     * @param categorical    value frequencies, or null for non-string columns
     * @param driftBins      the bins drift is measured in, with the profiled rows' count in each; null in format 1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"name", "type", "nulls", "completeness", "approx_distinct", "numeric", "categorical",
            "drift_bins"})
    public record ColumnProfile(String name, String type, long nulls, double completeness, long approxDistinct,
                                NumericStats numeric, CategoricalStats categorical, DriftBins driftBins) {
        public ColumnProfile {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(type, "type");
        }
    }

    /**
     * Statistics of a numeric column's non-null values; all null when it has none.
     *
     * @param deciles approximate quantiles at 0.1, 0.2, …, 0.9 (9 values, non-decreasing)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"min", "max", "mean", "stddev", "deciles"})
    public record NumericStats(Double min, Double max, Double mean, Double stddev, List<Double> deciles) {
        public NumericStats {
            deciles = deciles == null ? List.of() : List.copyOf(deciles);
        }
    }

    /**
     * The most frequent values of a string column. Values beyond the cap are summed in {@code other},
     * so the frequencies plus other always add up to the non-null count.
     *
     * @param frequencies value to count, most frequent first (ties by value)
     * @param other       non-null values not kept in {@code frequencies}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"frequencies", "other"})
    public record CategoricalStats(
            // By count then value, as the profiler ranked them: not re-sorted by key like other maps.
            @JsonFormat(without = JsonFormat.Feature.WRITE_SORTED_MAP_ENTRIES) Map<String, Long> frequencies,
            long other) {
        public CategoricalStats {
            frequencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frequencies));
        }

        public long nonNull() {
            return frequencies.values().stream().mapToLong(Long::longValue).sum() + other;
        }
    }

    /**
     * The bins a column's drift is measured in, and how many of the profiled rows' non-null values fell in
     * each: counts of every row when every row was profiled, else of the sample
     * ({@link DatasetProfile#sampledRows()} below {@link DatasetProfile#rows()}). Exactly one of three shapes:
     * <ul>
     *   <li>{@code edges} — a numeric column with more than {@link #MAX_VALUE_BINS} distinct values: the distinct
     *       deciles, increasing; bin 0 is (−∞, e₀], bin i is (eᵢ₋₁, eᵢ], the last (eₙ₋₁, ∞); {@code counts}
     *       has one more entry than {@code edges}. Ties are exact: a value equal to an edge is in its bin;</li>
     *   <li>{@code numbers} — a numeric column with at most {@link #MAX_VALUE_BINS} distinct values (a 0/1 flag, a
     *       code, a small count): every value, increasing, with its count;</li>
     *   <li>{@code values} — any other column (text of the value): its most frequent values (at most the
     *       profiler's cap, 100), most frequent first, with their counts.</li>
     * </ul>
     * For value shapes {@code other} counts the non-null values not listed; 0 means the profile saw every
     * value, so drift can tell a value never seen in training. NaN is left out, like null.
     *
     * @param edges   range bins' upper edges, or null
     * @param numbers a numeric column's values, or null
     * @param values  a column's values as text, or null
     * @param counts  profiled rows per bin, in the order above
     * @param other   non-null values not listed (value shapes only, else null)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"edges", "numbers", "values", "counts", "other"})
    public record DriftBins(List<Double> edges, List<Double> numbers, List<String> values, List<Long> counts,
                            Long other) {

        /**
         * The most distinct values a numeric column may have and still be binned by value; also the most
         * values drift compares one by one (the rest share a bin). Why 20: integer codes, ratings, months and
         * small counts fit, and with at most 21 bins the PSI that chance alone produces in a batch of
         * {@code min_rows} (500) rows averages about 20/500 = 0.04 and stays below the warning line (0.1) in
         * 99% of batches. More values compared one by one would need a larger min_rows.
         */
        public static final int MAX_VALUE_BINS = 20;

        public DriftBins {
            int shapes = (edges != null ? 1 : 0) + (numbers != null ? 1 : 0) + (values != null ? 1 : 0);
            if (shapes != 1) throw new IllegalArgumentException("drift bins need exactly one of edges, numbers, values");
            Objects.requireNonNull(counts, "counts");
            edges = edges == null ? null : List.copyOf(edges);
            numbers = numbers == null ? null : List.copyOf(numbers);
            values = values == null ? null : List.copyOf(values);
            counts = List.copyOf(counts);
            int expected = edges != null ? edges.size() + 1 : numbers != null ? numbers.size() : values.size();
            if (counts.size() != expected) {
                throw new IllegalArgumentException("drift bins need " + expected + " counts, found " + counts.size());
            }
            if ((edges == null) == (other == null)) {
                throw new IllegalArgumentException("drift bins have other exactly when they list values");
            }
        }

        public static DriftBins ranges(List<Double> edges, List<Long> counts) {
            return new DriftBins(edges, null, null, counts, null);
        }

        public static DriftBins numbers(List<Double> numbers, List<Long> counts, long other) {
            return new DriftBins(null, numbers, null, counts, other);
        }

        public static DriftBins values(List<String> values, List<Long> counts, long other) {
            return new DriftBins(null, null, values, counts, other);
        }
    }

    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    public com.fasterxml.jackson.databind.JsonNode toJsonNode() {
        return Json.MAPPER.valueToTree(this);
    }

    public static DatasetProfile fromJson(String json) {
        try {
            DatasetProfile profile = Json.MAPPER.readerFor(DatasetProfile.class)
                    .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).readValue(json);
            if (!READABLE.contains(profile.format())) {
                throw new IllegalArgumentException("profile format " + profile.format() + " is not supported; this"
                        + " version of Pitstop reads formats 1 to " + FORMAT);
            }
            return profile;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Pitstop dataset profile: " + e.getMessage(), e);
        }
    }

    /** The {@code profile} output of a validating step, which the package ships for scoring's drift check. */
    public static final io.pitstop.engine.artifact.Artifact<DatasetProfile> ARTIFACT =
            io.pitstop.engine.artifact.Artifact.of("profile", DatasetProfile::read);

    public static DatasetProfile read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }
}
