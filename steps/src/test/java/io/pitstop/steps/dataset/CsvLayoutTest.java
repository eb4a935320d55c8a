package io.pitstop.steps.dataset;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The byte-level pass over a CSV file, without Spark: what it counts as fields, rows and lines. */
class CsvLayoutTest {

    @TempDir
    Path tmp;

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void quotesOnlyOpenAFieldAtItsStart() throws Exception {
        // 5'11" is data; "a"b is one field (the text after the closing quote joins it), "" is a quote.
        CsvLayout layout = CsvLayout.of(file("odd-quotes.csv", "h,\"x\"\"y\",z\n5'11\",\"a\"b,c\n"));

        assertEquals(List.of("h", "x\"y", "z"), layout.header());
        assertEquals(1, layout.rows());
        assertEquals(0, layout.raggedTotal());
        assertFalse(layout.quotedLineBreaks());
    }

    @Test
    void lfCrlfAndALoneCrEachEndALine() throws Exception {
        CsvLayout layout = CsvLayout.of(file("mixed-line-ends.csv", "a,b\r\n1,2\r3,4\n5\r\n6,7"));

        assertEquals(4, layout.rows());
        assertEquals(1, layout.raggedTotal());
        assertEquals(4, layout.ragged().get(0).line(), "the row '5' is on line 4: " + layout.ragged());
    }

    @Test
    void blankLinesAreSkippedAndQuotedLineBreaksMoveLaterRows() throws Exception {
        Path csv = file("moved-rows.csv", "a,b\n\n1,\"x\ny\nz\"\n   \n2,3\n4,5\n");

        CsvLayout layout = CsvLayout.of(csv);

        assertEquals(3, layout.rows());
        assertTrue(layout.quotedLineBreaks());
        assertEquals(Map.of(0L, 3L, 1L, 7L, 2L, 8L), CsvLayout.linesOf(csv, List.of(0L, 1L, 2L)));
    }

    @Test
    void anEmptyFileHasNoHeader() throws Exception {
        assertEquals(List.of(), CsvLayout.of(file("empty.csv", "")).header());
        assertEquals(0, CsvLayout.of(file("blank.csv", "\n\n")).rows());
    }

    @Test
    void aFourByteCharacterIsUtf8AndASurrogateIsNot() throws Exception {
        assertEquals(List.of("\uD83D\uDE00", "b"), CsvLayout.of(file("emoji.csv", "\uD83D\uDE00,b\n1,2\n")).header());
        // ED A0 80 would encode a UTF-16 surrogate, which UTF-8 forbids.
        Path surrogate = Files.write(tmp.resolve("surrogate.csv"), new byte[]{'a', ',', (byte) 0xED, (byte) 0xA0, (byte) 0x80});
        var e = org.junit.jupiter.api.Assertions.assertThrows(CsvFormatException.class, () -> CsvLayout.of(surrogate));
        assertTrue(e.getMessage().contains("byte 2 (0xed) is not followed by a valid continuation byte"), e.getMessage());
    }
}
