package io.pitstop.steps.init;

import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.init.ColumnSketch;
import io.pitstop.engine.init.DataSketch;
import io.pitstop.engine.init.UnusableDataException;
import io.pitstop.steps.TestSpark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The inspector on tiny files with real Spark and Deequ: bad input first, then what it measures. */
class SparkDataInspectorTest {

    @TempDir
    Path dir;

    private final SparkDataInspector inspector = new SparkDataInspector(TestSpark.session());

    @Test
    void missingValueMarkersInANumericColumnAreRefusedWithColumnLineAndTheFix() throws Exception {
        Path csv = write("weight,kind\n3.5,a\n4.0,b\nNA,a\n5.25,b\n6,a\n", "markers.csv");
        var e = assertThrows(UnusableDataException.class, () -> inspector.inspect(csv, "kind"));
        assertEquals(4L, e.line());
        assertEquals("weight", e.column());
        assertTrue(e.getMessage().startsWith(csv + ":4: column 'weight': 1 of 5 values are not numbers ['NA']"),
                e.getMessage());
        assertTrue(e.getMessage().contains("write missing values as empty fields"), e.getMessage());
    }

    @Test
    void anEmptyLabelIsRefusedAtItsLine() throws Exception {
        Path csv = write("x,y\n1,a\n2,\n3,b\n", "unlabelled.csv");
        var e = assertThrows(UnusableDataException.class, () -> inspector.inspect(csv, "y"));
        assertEquals(3L, e.line());
        assertEquals("y", e.column());
        assertTrue(e.getMessage().contains("the label is empty on 1 of 3 rows"), e.getMessage());
    }

    @Test
    void aRaggedLineHeaderOnlyAnAbsentLabelAndARepeatedHeaderNameAreRefused() throws Exception {
        var ragged = assertThrows(UnusableDataException.class,
                () -> inspector.inspect(write("x,y\n1,a\n2,b,extra\n", "ragged.csv"), "y"));
        assertEquals(3L, ragged.line(), ragged.getMessage());
        assertTrue(ragged.getMessage().contains("does not have the header's 2 fields"), ragged.getMessage());

        var empty = assertThrows(UnusableDataException.class,
                () -> inspector.inspect(write("x,y\n", "header-only.csv"), "y"));
        assertTrue(empty.getMessage().endsWith("the file has a header and no rows"), empty.getMessage());

        var absent = assertThrows(UnusableDataException.class,
                () -> inspector.inspect(write("x,Label\n1,a\n", "absent.csv"), "label"));
        assertEquals(1L, absent.line());
        assertTrue(absent.getMessage().contains("did you mean 'Label'?"), absent.getMessage());

        var twice = assertThrows(UnusableDataException.class,
                () -> inspector.inspect(write("x,x,y\n1,2,a\n", "twice.csv"), "y"));
        assertTrue(twice.getMessage().contains("column 'x': the header names it twice"), twice.getMessage());
    }

    @Test
    void aBinaryFileIsRefusedAtItsHeaderAndAByteOrderMarkIsNotPartOfTheFirstName() throws Exception {
        Path binary = dir.resolve("model.bin");
        Files.write(binary, new byte[]{(byte) 0xC3, (byte) 0x28, 0x00, (byte) 0xFF, '\n', 1, 2, 3});
        var e = assertThrows(UnusableDataException.class, () -> inspector.inspect(binary, "y"));
        assertEquals(1L, e.line());
        assertTrue(e.getMessage().contains("byte 0") && e.getMessage().contains("is this a CSV file?"), e.getMessage());

        DataSketch bom = inspector.inspect(write("\uFEFFid,y\r\n1,a\r\n2,b\r\n", "bom.csv"), "y");
        assertEquals(java.util.List.of("id", "y"), bom.names());
        assertEquals(Map.of("a", 1L, "b", 1L), bom.column("y").orElseThrow().valueCounts(), "CRLF leaves no \\r in values");
    }

    @Test
    void typesFollowTheReadersParsingAndCountsAreExact() throws Exception {
        var csv = new StringBuilder("customer_id,grade,score,note,big,label\n");
        for (int i = 0; i < 40; i++) {
            csv.append("C").append(i).append(',')
                    .append(1 + i % 4).append(',')
                    .append(i % 10 == 0 ? "" : i % 3 == 0 ? "1e-05" : Double.toString(i * 1.5)).append(',')
                    .append(i % 2 == 0 ? "red" : "blue").append(',')
                    .append(10_000_000_000L + i).append(',')
                    .append(i % 4 == 0 ? "yes" : "no").append('\n');
        }
        DataSketch sketch = inspector.inspect(write(csv.toString(), "mixed.csv"), "label");

        assertEquals(40, sketch.rows());
        ColumnSketch id = sketch.column("customer_id").orElseThrow();
        assertEquals(ColumnType.STRING, id.type());
        assertTrue(id.allDistinct());
        assertEquals(40, id.distinct());

        ColumnSketch grade = sketch.column("grade").orElseThrow();
        assertEquals(ColumnType.INTEGER, grade.type());
        assertEquals(Map.of("1", 10L, "2", 10L, "3", 10L, "4", 10L), grade.valueCounts());
        assertEquals(1.0, grade.min());
        assertEquals(4.0, grade.max());
        assertTrue(grade.nonNegative());
        assertFalse(grade.allDistinct());
        assertNull(grade.completenessFloor(), "a complete column has no completeness floor");

        ColumnSketch score = sketch.column("score").orElseThrow();
        assertEquals(ColumnType.DOUBLE, score.type(), "1e-05 is a double to Spark's cast, as to the reader");
        assertEquals(4, score.nulls());
        assertTrue(score.completenessFloor() != null && score.completenessFloor() < 0.9,
                "Deequ's floor lies below the measured 0.9: " + score.completenessFloor());

        ColumnSketch note = sketch.column("note").orElseThrow();
        assertEquals(ColumnType.STRING, note.type());
        assertTrue(note.categorical(), "Deequ's categorical range rule holds for two repeated values");

        assertEquals(ColumnType.LONG, sketch.column("big").orElseThrow().type());
        assertEquals(Map.of("no", 30L, "yes", 10L), sketch.column("label").orElseThrow().valueCounts());
        assertEquals(0, sketch.repeatedRows());
    }

    @Test
    void rowsEqualInEveryColumnButTheLabelAreCounted() throws Exception {
        DataSketch sketch = inspector.inspect(write("a,b,y\n1,x,p\n1,x,q\n2,x,p\n1,x,p\n", "repeats.csv"), "y");
        assertEquals(2, sketch.repeatedRows());
    }

    private Path write(String text, String name) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }
}
