package io.pitstop.steps.spark;

import io.pitstop.steps.TestSpark;
import io.pitstop.steps.profile.DatasetProfile;
import io.pitstop.steps.profile.DatasetProfile.ColumnProfile;
import io.pitstop.steps.profile.DatasetProfiler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Names a CSV header may hold, quoted once for every Spark path. */
class ColumnNamesTest {

    /** A backtick, a dot and a space: each breaks an unquoted or unescaped Spark column reference. */
    private static final String AWKWARD = "odd`name.with space";

    @Test
    void aBacktickInsideANameIsDoubled() {
        assertEquals("`Total Charges`", ColumnNames.quoted("Total Charges"));
        assertEquals("`odd``name.with space`", ColumnNames.quoted(AWKWARD));
    }

    @Test
    void theColumnOfAnAwkwardNameIsThatColumn() {
        Dataset<Row> data = tiny();

        List<Row> rows = data.select(ColumnNames.column(AWKWARD)).where(ColumnNames.column(AWKWARD).isNotNull())
                .collectAsList();

        assertEquals(List.of(1.0, 2.0, 4.0), rows.stream().map(r -> r.getDouble(0)).toList());
    }

    @Test
    void theProfilerProfilesAColumnWithABacktickADotAndASpaceInItsName() {
        DatasetProfile profile = new DatasetProfiler().profile("awkward", tiny());

        ColumnProfile awkward = profile.column(AWKWARD).orElseThrow();
        assertEquals(1, awkward.nulls());
        assertEquals(1.0, awkward.numeric().min());
        assertEquals(4.0, awkward.numeric().max());
        ColumnProfile plain = profile.column("plain").orElseThrow();
        assertEquals(0, plain.nulls());
    }

    /** Four rows: the awkward column holds 1, 2, null, 4. */
    private static Dataset<Row> tiny() {
        StructType schema = new StructType()
                .add(AWKWARD, DataTypes.DoubleType, true)
                .add("plain", DataTypes.StringType, true);
        List<Row> rows = List.of(RowFactory.create(1.0, "a"), RowFactory.create(2.0, "b"),
                RowFactory.create(null, "a"), RowFactory.create(4.0, "c"));
        return TestSpark.session().createDataFrame(rows, schema);
    }
}
