package io.pitstop.steps.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * How a canary run's staged rows divide between the two versions, read back from the staged files'
 * {@code model_version} column (one small column of the new files only, before the commit), for the run's
 * report: the share declared and the share the keys gave.
 */
record CanaryRows(String championVersion, String challengerVersion, double share, long championRows,
                  long challengerRows) {

    static CanaryRows of(SparkSession spark, StagedPredictions staged, String champion, String challenger, double share) {
        long mine = 0;
        long theirs = 0;
        if (!staged.files().isEmpty()) {
            for (Row r : spark.read().parquet(staged.files().toArray(String[]::new)).groupBy("model_version").count()
                    .collectAsList()) {
                if (champion.equals(r.getString(0))) mine = r.getLong(1);
                else if (challenger.equals(r.getString(0))) theirs = r.getLong(1);
            }
        }
        return new CanaryRows(champion, challenger, share, mine, theirs);
    }

    JsonNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("champion_version", championVersion);
        n.put("challenger_version", challengerVersion);
        n.put("share", share);
        n.put("champion_rows", championRows);
        n.put("challenger_rows", challengerRows);
        n.put("summary", String.format(Locale.ROOT, "%d rows by %s (share %.3f declared, %.3f of the keys), %d by %s",
                challengerRows, challengerVersion, share,
                championRows + challengerRows == 0 ? 0.0 : challengerRows / (double) (championRows + challengerRows),
                championRows, championVersion));
        return n;
    }
}
