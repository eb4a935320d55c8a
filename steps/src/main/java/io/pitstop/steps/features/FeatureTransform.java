package io.pitstop.steps.features;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pitstop.engine.json.Json;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import static io.pitstop.steps.spark.ColumnNames.quoted;

/**
 * Turns a row into the float vector the network reads — the one and only implementation, used by
 * training and by every scorer, so what the model saw in training is what it sees in production.
 *
 * <p>Layout: the numeric columns first, in {@link FeatureSpec} order, each one slot holding
 * {@code (x - mean) / std}; then each categorical column as a one-hot block of
 * {@code values.size() + 2} slots: its sorted training values, an "unseen" slot and a "missing" slot.
 *
 * <p>Missing values: a numeric null (or NaN) takes the training mean, i.e. encodes to exactly 0.
 * A categorical null, empty or blank string lights the column's "missing" slot, so the network can
 * learn that missingness means something. A categorical value never seen in training lights the
 * "unseen" slot (which training never lit, so the model treats it close to "none of the known
 * values").
 *
 * <p>Fitted on the training split only, in one Spark aggregation pass. Stored as {@code features.json}
 * (sorted, versioned) beside the model.
 */
public final class FeatureTransform implements Serializable {

    public static final int FORMAT_VERSION = 1;
    public static final String FILE_NAME = "features.json";

    private final List<NumericStats> numeric;
    private final List<CategoricalLevels> categorical;
    /** Per categorical column: value -> slot offset within its block. */
    private final List<Map<String, Integer>> slotOf;
    private final int width;

    public FeatureTransform(List<NumericStats> numeric, List<CategoricalLevels> categorical) {
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        // Validates names (no duplicates, not empty) the same way the pipeline's params do.
        new FeatureSpec(this.categorical.stream().map(CategoricalLevels::name).toList(),
                this.numeric.stream().map(NumericStats::name).toList());
        var slots = new ArrayList<Map<String, Integer>>();
        int w = this.numeric.size();
        for (CategoricalLevels levels : this.categorical) {
            var slot = new HashMap<String, Integer>();
            for (int i = 0; i < levels.values().size(); i++) {
                slot.put(levels.values().get(i), i);
            }
            slots.add(slot);
            w += levels.width();
        }
        this.slotOf = List.copyOf(slots);
        this.width = w;
    }

    /**
     * Learns means, standard deviations and category values from the training split in one
     * aggregation. {@code collect_set} keeps every distinct value, which suits low-cardinality
     * columns such as Telco's; a high-cardinality column would need a top-k cut here.
     */
    public static FeatureTransform fit(Dataset<Row> train, FeatureSpec spec) {
        StructType schema = train.schema();
        var aggregates = new ArrayList<Column>();
        for (String name : spec.numeric()) {
            requireType(schema, name, true);
            Column c = functions.col(quoted(name)).cast("double");
            Column valid = functions.when(functions.isnan(c), null).otherwise(c);
            aggregates.add(functions.avg(valid));
            aggregates.add(functions.stddev_pop(valid));
        }
        for (String name : spec.categorical()) {
            requireType(schema, name, false);
            aggregates.add(functions.collect_set(functions.col(quoted(name))));
        }
        Row stats = train.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new))
                .first();

        var numeric = new ArrayList<NumericStats>();
        int i = 0;
        for (String name : spec.numeric()) {
            double mean = stats.isNullAt(i) ? 0.0 : stats.getDouble(i);
            double std = stats.isNullAt(i + 1) ? 0.0 : stats.getDouble(i + 1);
            // A constant (or all-missing) column carries no information; scale 1 keeps it at 0.
            numeric.add(new NumericStats(name, mean, std > 1e-12 && Double.isFinite(std) ? std : 1.0));
            i += 2;
        }
        var categorical = new ArrayList<CategoricalLevels>();
        for (String name : spec.categorical()) {
            var values = new TreeSet<String>();
            for (Object v : stats.getList(i)) {
                String s = (String) v;
                if (!isMissing(s)) values.add(s);
            }
            categorical.add(new CategoricalLevels(name, List.copyOf(values)));
            i++;
        }
        return new FeatureTransform(numeric, categorical);
    }

    /** Length of the encoded vector. */
    public int width() {
        return width;
    }

    public List<NumericStats> numeric() {
        return numeric;
    }

    public List<CategoricalLevels> categorical() {
        return categorical;
    }

    /** The columns this transform reads, as a spec. */
    public FeatureSpec spec() {
        return new FeatureSpec(categorical.stream().map(CategoricalLevels::name).toList(),
                numeric.stream().map(NumericStats::name).toList());
    }

    /** A readable name per slot, e.g. {@code tenure}, {@code contract=One year}, {@code contract=<unseen>}. */
    public List<String> slotNames() {
        var names = new ArrayList<String>(width);
        numeric.forEach(n -> names.add(n.name()));
        for (CategoricalLevels levels : categorical) {
            levels.values().forEach(v -> names.add(levels.name() + "=" + v));
            names.add(levels.name() + "=<unseen>");
            names.add(levels.name() + "=<missing>");
        }
        return names;
    }

    /**
     * Resolves the feature columns against a schema once, checking their types, so encoding a row
     * is array lookups only. Throws {@link IncompatibleInputException} naming the first bad column.
     */
    public Bound bind(StructType schema) {
        int[] numericIndex = new int[numeric.size()];
        for (int i = 0; i < numeric.size(); i++) {
            numericIndex[i] = requireType(schema, numeric.get(i).name(), true);
        }
        int[] categoricalIndex = new int[categorical.size()];
        for (int i = 0; i < categorical.size(); i++) {
            categoricalIndex[i] = requireType(schema, categorical.get(i).name(), false);
        }
        return new Bound(this, numericIndex, categoricalIndex);
    }

    /** Encodes one row that carries its schema; for many rows, {@link #bind} once and reuse it. */
    public void encode(Row row, float[] out, int offset) {
        if (row.schema() == null) {
            throw new IllegalArgumentException("the row has no schema; bind the transform to the dataset's schema");
        }
        bind(row.schema()).encode(row, out, offset);
    }

    /** The transform resolved against one schema. Serializable so Spark tasks can carry it. */
    public static final class Bound implements Serializable {
        private final FeatureTransform transform;
        private final int[] numericIndex;
        private final int[] categoricalIndex;

        private Bound(FeatureTransform transform, int[] numericIndex, int[] categoricalIndex) {
            this.transform = transform;
            this.numericIndex = numericIndex;
            this.categoricalIndex = categoricalIndex;
        }

        public int width() {
            return transform.width;
        }

        /** Writes {@link #width()} floats for {@code row} into {@code out} starting at {@code offset}. */
        public void encode(Row row, float[] out, int offset) {
            int slot = offset;
            for (int i = 0; i < numericIndex.length; i++) {
                NumericStats stats = transform.numeric.get(i);
                int at = numericIndex[i];
                double x = row.isNullAt(at) ? Double.NaN : ((Number) row.get(at)).doubleValue();
                out[slot++] = Double.isNaN(x) ? 0f : (float) ((x - stats.mean()) / stats.std());
            }
            for (int i = 0; i < categoricalIndex.length; i++) {
                CategoricalLevels levels = transform.categorical.get(i);
                int block = levels.width();
                java.util.Arrays.fill(out, slot, slot + block, 0f);
                String value = row.isNullAt(categoricalIndex[i]) ? null : row.getString(categoricalIndex[i]);
                int hot;
                if (isMissing(value)) {
                    hot = block - 1;
                } else {
                    Integer known = transform.slotOf.get(i).get(value);
                    hot = known != null ? known : block - 2;
                }
                out[slot + hot] = 1f;
                slot += block;
            }
        }
    }

    static boolean isMissing(String value) {
        return value == null || value.isBlank();
    }

    private static int requireType(StructType schema, String name, boolean numericColumn) {
        int index;
        try {
            index = schema.fieldIndex(name);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleInputException(name, "missing from the input; it has " + List.of(schema.fieldNames()));
        }
        StructField field = schema.fields()[index];
        DataType type = field.dataType();
        boolean ok = numericColumn ? type instanceof NumericType : type instanceof StringType;
        if (!ok) {
            throw new IncompatibleInputException(name, "expected " + (numericColumn ? "a numeric" : "a string")
                    + " column, found " + type.simpleString());
        }
        return index;
    }

    // ---- features.json -------------------------------------------------------------------------

    private record FeaturesFile(@JsonProperty("format_version") int formatVersion,
                                List<NumericStats> numeric, List<CategoricalLevels> categorical) {
    }

    public String toJson() {
        try {
            return Json.PRETTY.writeValueAsString(new FeaturesFile(FORMAT_VERSION, numeric, categorical)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise the feature transform", e);
        }
    }

    public static FeatureTransform fromJson(String json) {
        FeaturesFile file;
        try {
            file = Json.MAPPER.readValue(json, FeaturesFile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a valid " + FILE_NAME + ": " + e.getMessage(), e);
        }
        if (file.formatVersion() != FORMAT_VERSION) {
            throw new IllegalArgumentException(FILE_NAME + " has format_version " + file.formatVersion()
                    + "; this Pitstop reads version " + FORMAT_VERSION);
        }
        return new FeatureTransform(Objects.requireNonNullElse(file.numeric(), List.of()),
                Objects.requireNonNullElse(file.categorical(), List.of()));
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public static FeatureTransform read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureTransform other && numeric.equals(other.numeric)
                && categorical.equals(other.categorical);
    }

    @Override
    public int hashCode() {
        return Objects.hash(numeric, categorical);
    }

    @Override
    public String toString() {
        return "FeatureTransform" + slotNames();
    }
}
