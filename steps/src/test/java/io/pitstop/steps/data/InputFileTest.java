package io.pitstop.steps.data;

import io.pitstop.engine.contract.ColumnSpec;
import io.pitstop.engine.contract.ColumnType;
import io.pitstop.engine.contract.Contract;
import io.pitstop.steps.TestSpark;
import io.pitstop.steps.dataset.CsvFormatException;
import io.pitstop.steps.dataset.CsvHeader;
import io.pitstop.steps.dataset.CsvLayout;
import io.pitstop.steps.dataset.DataProblem;
import io.pitstop.steps.dataset.DatasetReader;
import io.pitstop.steps.dataset.SchemaMismatchException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Input files as users have them: RFC 4180 quoting, ragged rows, other encodings, a BOM and CRLF from a
 * spreadsheet, a header alone, a wrong path. Both ways of reading are held to the same rules: training
 * ({@link DatasetReader#readInto}) and scoring ({@link DatasetReader#readDeclared}).
 */
class InputFileTest {

    @TempDir
    Path tmp;

    private final DatasetReader reader = new DatasetReader(TestSpark.session());

    /** A small contract: a name (string), an age (integer) and an income (double); all nullable. */
    private Contract people() {
        return new Contract(tmp.resolve("people.yaml"), "people", "", List.of(
                new ColumnSpec("name", ColumnType.STRING, true, null),
                new ColumnSpec("age", ColumnType.INTEGER, true, null),
                new ColumnSpec("income", ColumnType.DOUBLE, true, null)), List.of());
    }

    private Path file(String name, String text) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    private Path bytes(String name, byte[] content) throws Exception {
        Path f = tmp.resolve(name);
        Files.write(f, content);
        return f;
    }

    @Test
    void quotedCommasQuotesAndLineBreaksAreDataNotStructure() throws Exception {
        Path csv = file("quoted-fields.csv", """
                name,age,income
                "Smith, Jane",41,1889.5
                "She said ""hi""\",30,12.25
                "two
                lines",52,1.0
                plain,7,
                """);

        Dataset<Row> df = reader.readInto(csv, people(), tmp.resolve("quoted.parquet"));

        List<Row> rows = df.collectAsList();
        assertEquals(4, rows.size());
        assertEquals("Smith, Jane", rows.get(0).getString(0));
        assertEquals(1889.5, rows.get(0).getDouble(2));
        assertEquals("She said \"hi\"", rows.get(1).getString(0));
        assertEquals("two\nlines", rows.get(2).getString(0));
        assertEquals(52, rows.get(2).getInt(1));
        assertTrue(rows.get(3).isNullAt(2));
        assertTrue(CsvLayout.of(csv).quotedLineBreaks(), "this file needs Spark's multiLine reading");
    }

    @Test
    void aBadValueAfterAQuotedLineBreakAndBlankLinesIsReportedOnItsOwnLine() throws Exception {
        // Line 5 is empty: Spark skips it.
        Path csv = file("bad-value-after-multiline-record.csv", """
                name,age,income
                "line 2
                line 3",1,1.0

                ok,5,2.0
                bad,five,3.0
                """);

        var training = assertThrows(SchemaMismatchException.class,
                () -> reader.readInto(csv, people(), tmp.resolve("bad.parquet")));
        var scoring = assertThrows(SchemaMismatchException.class, () -> reader.readDeclared(csv, people()));

        for (var e : List.of(training, scoring)) {
            assertEquals(1, e.total(), e.getMessage());
            assertEquals(6, e.problems().get(0).line(), e.getMessage());
            assertTrue(e.getMessage().contains("bad-value-after-multiline-record.csv:6: column age: 'five' is not an integer"),
                    e.getMessage());
        }
    }

    @Test
    void aLineOfSpacesIsSkippedWhenReadByLinesAndRefusedWhenRecordsSpanLines() throws Exception {
        Path byLines = file("spaces-line.csv", "name,age,income\na,1,1.0\n   \nb,x,2.0\n");
        Path multiLine = file("spaces-line-multiline.csv", "name,age,income\n\"a\nb\",1,1.0\n   \nc,3,2.0\n");

        var skipped = assertThrows(SchemaMismatchException.class, () -> reader.readDeclared(byLines, people()));
        var refused = assertThrows(SchemaMismatchException.class, () -> reader.readDeclared(multiLine, people()));

        assertEquals(List.of("spaces-line.csv:4: column age: 'x' is not an integer"),
                skipped.problems().stream().map(p -> tmp.relativize(p.file()) + ":" + p.line() + ": column "
                        + p.column() + ": " + p.message()).toList());
        assertEquals(1, refused.total(), refused.getMessage());
        assertTrue(refused.getMessage().contains("spaces-line-multiline.csv:4: the line holds only spaces"),
                refused.getMessage());
    }

    @Test
    void aPlainFileIsReadALineAtATimeAndKeepsItsLineNumbers() throws Exception {
        Path csv = file("bad-value.csv", "name,age,income\na,1,1.0\nb,2,2.0\nc,x,3.0\n");

        var e = assertThrows(SchemaMismatchException.class, () -> reader.readDeclared(csv, people()));

        assertFalse(CsvLayout.of(csv).quotedLineBreaks(), "no record spans lines: Spark may split the file");
        assertEquals(4, e.problems().get(0).line(), e.getMessage());
    }

    @Test
    void raggedRowsAreNamedByLineInTrainingAndScoring() throws Exception {
        Path csv = file("ragged-row.csv", """
                name,age,income
                a,1,1.0
                b,2
                c,3,3.0
                d,4,4.0,extra
                """);

        var training = assertThrows(SchemaMismatchException.class,
                () -> reader.readInto(csv, people(), tmp.resolve("ragged.parquet")));
        var scoring = assertThrows(SchemaMismatchException.class, () -> reader.readDeclared(csv, people()));

        for (var e : List.of(training, scoring)) {
            assertEquals(2, e.total(), e.getMessage());
            assertEquals(List.of(3L, 5L), e.problems().stream().map(DataProblem::line).toList());
            assertTrue(e.getMessage().contains("ragged-row.csv:3: the row has 2 fields but the header has 3"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("ragged-row.csv:5: the row has 4 fields but the header has 3"
                    + " (is a value with a comma not quoted?)"), e.getMessage());
        }
        assertFalse(Files.exists(tmp.resolve("ragged.parquet")), "nothing is written for a ragged file");
    }

    @Test
    void aLatin1FileIsRefusedWithTheOffsetOfItsFirstBadByte() throws Exception {
        // "José" in Latin-1: é is the single byte 0xE9, which UTF-8 reads as the start of a 3-byte character.
        byte[] head = "name,age,income\nAna,1,1.0\nJos".getBytes(StandardCharsets.US_ASCII);
        byte[] content = new byte[head.length + 1 + ",2,2.0\n".length()];
        System.arraycopy(head, 0, content, 0, head.length);
        content[head.length] = (byte) 0xE9;
        System.arraycopy(",2,2.0\n".getBytes(StandardCharsets.US_ASCII), 0, content, head.length + 1, 7);
        Path csv = bytes("latin1.csv", content);

        var training = assertThrows(CsvFormatException.class,
                () -> reader.readInto(csv, people(), tmp.resolve("latin1.parquet")));
        var scoring = assertThrows(CsvFormatException.class, () -> reader.readDeclared(csv, people()));

        for (var e : List.of(training, scoring)) {
            assertEquals(3, e.problem().line());
            assertTrue(e.getMessage().contains("latin1.csv:3: byte " + head.length + " (0xe9)"), e.getMessage());
            assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
        }
    }

    @Test
    void aBinaryFileIsRefusedAsBinary() throws Exception {
        // The start of a gzip stream: magic bytes, then a NUL, as any compressed or binary file soon has.
        Path csv = bytes("data.csv.gz", new byte[]{0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00});

        var e = assertThrows(CsvFormatException.class, () -> reader.readDeclared(csv, people()));

        assertTrue(e.getMessage().contains("data.csv.gz:1: byte 1 (0x8b) cannot start a UTF-8 character"), e.getMessage());
        Path withNul = bytes("nul.csv", "name,age,income\na,1,\0".getBytes(StandardCharsets.US_ASCII));
        var nul = assertThrows(CsvFormatException.class, () -> reader.readDeclared(withNul, people()));
        assertTrue(nul.getMessage().contains("nul.csv:2: byte 20 is 0x00 (NUL): this looks like a binary file"),
                nul.getMessage());
    }

    @Test
    void aByteOrderMarkAndCrlfLineEndsKeepWorkingInBothReadingModes() throws Exception {
        Path plain = file("bom-crlf.csv", "\uFEFFname,age,income\r\na,1,1.5\r\nb,2,\r\n");
        Path multiLine = file("bom-crlf-multiline.csv", "\uFEFF\"name\",age,income\r\n\"a\r\nb\",1,1.5\r\nc,x,2.0\r\n");

        List<Row> rows = reader.readInto(plain, people(), tmp.resolve("bom.parquet")).collectAsList();
        assertEquals(2, rows.size());
        assertEquals("a", rows.get(0).getString(0));
        assertEquals(1.5, rows.get(0).getDouble(2));
        assertTrue(rows.get(1).isNullAt(2), "no \\r is left at the end of a row");

        var e = assertThrows(SchemaMismatchException.class, () -> reader.readDeclared(multiLine, people()));
        assertEquals(4, e.problems().get(0).line(), "a quoted CRLF counts as one line break: " + e.getMessage());
        assertEquals("'x' is not an integer", e.problems().get(0).message());
    }

    @Test
    void oldMacLineEndsAndQuotesInsideUnquotedValuesAreReadAsTheyAre() throws Exception {
        Path csv = file("cr-line-ends.csv", "name,age,income\r5'11\" tall,1,1.0\rb,2,2.0\r");

        List<Row> rows = reader.readDeclared(csv, people()).collectAsList();

        assertEquals(2, rows.size());
        assertEquals("5'11\" tall", rows.get(0).getString(0));
        assertEquals(2, rows.get(1).getInt(1));
    }

    @Test
    void aQuotedHeaderNameMayHoldACommaAndALineBreak() throws Exception {
        Path csv = file("quoted-header.csv", "\"full, name\",\"age\nin years\",income\nAna,1,1.0\n");

        assertEquals(List.of("full, name", "age\nin years", "income"), CsvHeader.read(csv).names());
    }

    @Test
    void aHeaderWithoutRowsSaysSoOnceInTrainingAndIsAnEmptyBatchInScoring() throws Exception {
        Path csv = file("header-only.csv", "name,age,income\n");

        var training = assertThrows(SchemaMismatchException.class,
                () -> reader.readInto(csv, people(), tmp.resolve("empty.parquet")));

        assertEquals(1, training.problems().size());
        assertEquals(csv + " has no rows:\n  " + csv + ":1: only a header; there is nothing to validate",
                training.getMessage());
        assertFalse(Files.exists(tmp.resolve("empty.parquet")));
        // score.batch refuses an empty batch itself, before its checks, naming the table it leaves alone.
        assertTrue(reader.readDeclared(csv, people()).isEmpty());
    }

    @Test
    void validatingAHeaderWithoutRowsFailsWithThatOneMessageNotACheckPerColumn() throws Exception {
        Path csv = file("header-only.csv", "name,age,income\n");
        Contract contract = new Contract(tmp.resolve("people.yaml"), "people", "", people().columns(), List.of(
                new io.pitstop.engine.contract.CheckSpec.Completeness("name", 1.0, io.pitstop.engine.contract.Severity.ERROR, null),
                new io.pitstop.engine.contract.CheckSpec.Range("age", 0.0, 130.0, io.pitstop.engine.contract.Severity.ERROR, null)));
        Files.writeString(tmp.resolve("contract.yaml"), "# built in Java\n");
        var ctx = DataStepContext.builder(tmp).outputDir(tmp.resolve("out")).upstream("dataset", csv.toString()).build();

        var result = new DataValidateStep(f -> contract).run(new DataValidateParams("contract.yaml"), ctx);

        assertEquals(io.pitstop.engine.step.StepResult.Outcome.FAILED, result.outcome());
        assertEquals(csv + " has no rows:\n  " + csv + ":1: only a header; there is nothing to validate", result.message());
    }

    @Test
    void aMissingPathOrADirectoryIsNamedAsSuch() throws Exception {
        Path missing = tmp.resolve("no-such.csv");
        var notThere = assertThrows(NoSuchFileException.class, () -> reader.readDeclared(missing, people()));
        assertEquals(missing + ": no such file", notThere.getMessage());

        Path dir = Files.createDirectories(tmp.resolve("a-directory"));
        var directory = assertThrows(FileSystemException.class,
                () -> reader.readInto(dir, people(), tmp.resolve("dir.parquet")));
        assertEquals(dir + ": is a directory; expected a CSV file", directory.getMessage());
    }

    @Test
    void aQuoteThatIsNeverClosedIsNamedAtTheLineItOpens() throws Exception {
        Path csv = file("unclosed-quote.csv", "name,age,income\na,1,1.0\n\"b,2,2.0\nc,3,3.0\n");

        var e = assertThrows(CsvFormatException.class, () -> reader.readDeclared(csv, people()));

        assertTrue(e.getMessage().contains("unclosed-quote.csv:3: a quoted field starts on this line and is never closed"),
                e.getMessage());
    }
}
