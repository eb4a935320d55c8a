package io.pitstop.steps;

import io.pitstop.steps.features.FeatureSpec;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The bundled Telco churn CSV, typed as the data contract types it (0/1 columns and tenure integer,
 * charges double, total_charges nullable, the rest strings) — i.e. what the validate step's
 * "validated" output holds. Tests take the first N rows.
 */
public final class TelcoData {

    public static final Path CSV = Path.of("..", "data", "landing", "telco_churn.csv").toAbsolutePath().normalize();

    private static final List<String> INTEGER_COLUMNS = List.of("female", "senior_citizen", "partner", "dependents",
            "tenure", "phone_service", "paperless_billing");
    private static final List<String> DOUBLE_COLUMNS = List.of("monthly_charges", "total_charges");
    private static final List<String> ORDER = List.of("customer_id", "churn", "female", "senior_citizen", "partner",
            "dependents", "tenure", "phone_service", "multiple_lines", "internet_service", "online_security",
            "online_backup", "device_protection", "tech_support", "streaming_tv", "streaming_movies", "contract",
            "paperless_billing", "payment_method", "monthly_charges", "total_charges");

    /** The features the demo pipeline declares (pipelines/telco-churn.yaml). */
    public static final FeatureSpec FEATURES = new FeatureSpec(
            List.of("contract", "internet_service", "payment_method", "multiple_lines", "online_security",
                    "online_backup", "device_protection", "tech_support", "streaming_tv", "streaming_movies"),
            List.of("tenure", "monthly_charges", "total_charges", "female", "senior_citizen", "partner",
                    "dependents", "phone_service", "paperless_billing"));

    private TelcoData() {
    }

    public static StructType schema() {
        var fields = new ArrayList<StructField>();
        for (String name : ORDER) {
            var type = INTEGER_COLUMNS.contains(name) ? DataTypes.IntegerType
                    : DOUBLE_COLUMNS.contains(name) ? DataTypes.DoubleType : DataTypes.StringType;
            fields.add(DataTypes.createStructField(name, type, name.equals("total_charges")));
        }
        return DataTypes.createStructType(fields);
    }

    /** The first {@code rows} customers, typed. */
    public static Dataset<Row> first(int rows) {
        return TestSpark.session().read().option("header", "true").schema(schema()).csv(CSV.toString()).limit(rows);
    }

    /** Writes the first {@code rows} customers as the validate step would: a typed Parquet directory. */
    public static Path validatedParquet(Path dir, int rows) {
        Path out = dir.resolve("validated");
        first(rows).coalesce(1).write().mode("overwrite").parquet(out.toString());
        return out;
    }
}
