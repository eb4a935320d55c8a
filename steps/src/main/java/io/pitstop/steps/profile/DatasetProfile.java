package io.pitstop.steps.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;

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
 * distinct count; numeric columns add min/max/mean/stddev and approximate deciles (the bins drift is
 * measured in), string columns add their most frequent values. Counts, completeness, min, max, mean
 * and stddev are exact over every row; the distributions may come from a sample ({@link #sampledRows()}). Stored as {@code profile.json} with the
 * run and read back by {@link io.pitstop.steps.drift.DriftComparison}.
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
@JsonPropertyOrder({"format", "dataset", "rows", "sampled_rows", "columns"})
public record DatasetProfile(int format, String dataset, long rows, Long sampledRows, List<ColumnProfile> columns) {

    /** Version of the JSON layout. */
    public static final int FORMAT = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

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
     */
    @JsonPropertyOrder({"name", "type", "nulls", "completeness", "approx_distinct", "numeric", "categorical"})
    public record ColumnProfile(String name, String type, long nulls, double completeness, long approxDistinct,
                                NumericStats numeric, CategoricalStats categorical) {
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
    @JsonPropertyOrder({"frequencies", "other"})
    public record CategoricalStats(Map<String, Long> frequencies, long other) {
        public CategoricalStats {
            frequencies = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(frequencies));
        }

        public long nonNull() {
            return frequencies.values().stream().mapToLong(Long::longValue).sum() + other;
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    public com.fasterxml.jackson.databind.JsonNode toJsonNode() {
        return JSON.valueToTree(this);
    }

    public static DatasetProfile fromJson(String json) {
        try {
            DatasetProfile profile = JSON.readValue(json, DatasetProfile.class);
            if (profile.format() != FORMAT) {
                throw new IllegalArgumentException("profile format " + profile.format() + " is not supported; this"
                        + " version of Pitstop reads format " + FORMAT);
            }
            return profile;
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Pitstop dataset profile: " + e.getMessage(), e);
        }
    }

    public static DatasetProfile read(Path file) throws IOException {
        return fromJson(Files.readString(file));
    }
}
