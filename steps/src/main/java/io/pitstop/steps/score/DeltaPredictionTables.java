package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.delta.tables.DeltaTable;
import io.pitstop.engine.json.Json;
import io.pitstop.engine.predictions.ErasedRows;
import io.pitstop.engine.predictions.PredictionTables;
import io.pitstop.engine.predictions.TableVersion;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Prediction tables on Delta Lake: history from the Delta log (the run and model come from the
 * userMetadata {@link BatchScorer} writes with each commit), restore with Delta's RESTORE.
 */
public final class DeltaPredictionTables implements PredictionTables {

    private final SparkSession spark;

    public DeltaPredictionTables(SparkSession spark) {
        this.spark = spark;
    }

    @Override
    public boolean isTable(String table) {
        return DeltaTable.isDeltaTable(spark, table);
    }

    @Override
    public List<TableVersion> history(String table) {
        var versions = new ArrayList<TableVersion>();
        for (Row r : DeltaTable.forPath(spark, table).history()
                .select("version", "timestamp", "operation", "userMetadata", "operationMetrics")
                .orderBy(org.apache.spark.sql.functions.col("version").desc()).collectAsList()) {
            JsonNode meta = parse(r.isNullAt(3) ? null : r.getString(3));
            java.util.Map<String, String> metrics = r.isNullAt(4) ? java.util.Map.of() : r.getJavaMap(4);
            String rows = metrics.get("numOutputRows");
            versions.add(new TableVersion(r.getLong(0), ((Timestamp) r.get(1)).toInstant(), r.getString(2),
                    text(meta, "run_id"), text(meta, "model"), text(meta, "model_version"),
                    rows == null ? null : Long.parseLong(rows)));
        }
        return versions;
    }

    @Override
    public long restore(String table, long version) {
        DeltaTable delta = DeltaTable.forPath(spark, table);
        delta.restoreToVersion(version);
        return delta.history(1).select("version").first().getLong(0);
    }

    @Override
    public ErasedRows erase(String table, String keyColumn, Set<String> keys, String commitNote) {
        return new DeltaErasure(spark).erase(table, keyColumn, keys, commitNote);
    }

    private static JsonNode parse(String userMetadata) {
        if (userMetadata == null || userMetadata.isBlank()) return null;
        try {
            return Json.MAPPER.readTree(userMetadata);
        } catch (Exception e) {
            return null; // a commit someone else made with free-text metadata: not one of ours
        }
    }

    private static String text(JsonNode meta, String field) {
        return meta == null || !meta.hasNonNull(field) ? null : meta.get(field).asText();
    }
}
