package io.pitstop.steps.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a CSV file's bytes once, in the driver and without Spark, and tells a {@link Listener} where each
 * record starts and how many fields it has. RFC 4180: fields are separated by commas, a field that starts
 * with a double quote runs to the matching quote, {@code ""} inside it is a quote, and commas and line
 * breaks inside it are data. LF, CRLF and a lone CR all end a line. Empty lines, and lines that hold only
 * spaces and tabs, are skipped, as Spark skips them when it reads a line at a time, so record numbers here
 * are Spark's row numbers. (Spark's multiLine reading skips only empty lines: {@link Result#spaceOnlyLines}
 * lists the others, so {@link CsvLayout} can refuse them in a file read that way.)
 *
 * <p>The bytes are checked to be UTF-8 on the way: the first byte that is not (or a NUL, which no text file
 * holds) stops the walk with a {@link CsvFormatException} giving its byte offset, so a Latin-1 export or a
 * binary file is named as such instead of being read as replacement characters. A leading UTF-8 byte order
 * mark is skipped. Working on bytes is safe because every byte the format gives a meaning to is ASCII, and
 * UTF-8 never uses an ASCII byte inside a multi-byte character.
 */
final class CsvScanner {

    /** Told about each record; record 0 is the header (the first non-blank line). */
    interface Listener {
        /**
         * @param index  0 for the header, then 1, 2, … for the data rows
         * @param line   1-based line on which the record starts
         * @param fields how many fields it has
         * @return false to stop the walk here
         */
        boolean record(long index, long line, int fields);
    }

    private static final int BUFFER = 1 << 16;

    private final Path file;
    private final Listener listener;
    private final List<String> header = new ArrayList<>();
    private final HeaderBytes field = new HeaderBytes();

    // Where the walk is.
    private long offset;
    private long line = 1;
    private long records;
    private long recordLine = 1;
    private int commas;
    private boolean blank = true;       // nothing but spaces and tabs on the record so far
    private boolean fieldStart = true;  // the next byte is the first of a field
    private boolean quoted;             // inside a quoted field
    private long quoteLine;             // the line its opening quote is on
    private boolean quoteSeen;          // inside a quoted field, just after a quote: "" or the closing quote
    private boolean afterCr;            // the last byte was a CR, so an LF now ends no further line
    private boolean quotedLineBreak;    // some quoted field holds a line break
    private boolean stopped;
    private boolean spaces;             // the record so far is spaces or tabs, at least one
    private final List<Long> spaceOnlyLines = new ArrayList<>();
    private long spaceOnlyTotal;

    // UTF-8: how many continuation bytes the current character still needs, and the range the next one must be in.
    private int pending;
    private int low = 0x80;
    private int high = 0xBF;
    private long characterStart;

    private CsvScanner(Path file, Listener listener) {
        this.file = file;
        this.listener = listener;
    }

    /** What one walk found: the header's field names, and whether any quoted field spans lines. */
    record Result(List<String> header, long records, boolean quotedLineBreaks, List<Long> spaceOnlyLines,
                  long spaceOnlyTotal) {
        Result {
            header = List.copyOf(header);
            spaceOnlyLines = List.copyOf(spaceOnlyLines);
        }
    }

    /**
     * Walks the whole file (or until the listener says stop).
     *
     * @throws CsvFormatException when a byte is not UTF-8, a NUL, or a quoted field is never closed
     */
    static Result scan(Path file, Listener listener) throws IOException {
        CsvScanner scanner = new CsvScanner(file, listener);
        scanner.run();
        return new Result(scanner.header, scanner.records, scanner.quotedLineBreak, scanner.spaceOnlyLines,
                scanner.spaceOnlyTotal);
    }

    private void run() throws IOException {
        byte[] buffer = new byte[BUFFER];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(buffer, 0, 3);
            int start = n == 3 && (buffer[0] & 0xFF) == 0xEF && (buffer[1] & 0xFF) == 0xBB && (buffer[2] & 0xFF) == 0xBF
                    ? 3 : 0;
            offset = start;
            walk(buffer, start, n);
            while (!stopped && (n = in.read(buffer)) > 0) walk(buffer, 0, n);
        }
        if (stopped) return;
        if (pending > 0) {
            throw notUtf8(characterStart, "ends in the middle of a multi-byte character");
        }
        if (quoted && !quoteSeen) {
            throw new CsvFormatException(new DataProblem(file, quoteLine, null, "a quoted field starts on this line"
                    + " and is never closed (a \" is missing before the end of the file)"));
        }
        if (!blank || commas > 0 || quoted) endRecord();
    }

    private void walk(byte[] bytes, int from, int to) throws CsvFormatException {
        for (int i = from; i < to && !stopped; i++, offset++) {
            int b = bytes[i];
            if (pending > 0) {
                int u = b & 0xFF;
                if (u < low || u > high) throw notUtf8(characterStart, "is not followed by a valid continuation byte");
                low = 0x80;
                high = 0xBF;
                pending--;
                content(b);
            } else if (b < 0) {
                lead(b & 0xFF);
                content(b);
            } else if (b == 0) {
                throw new CsvFormatException(new DataProblem(file, line, null, "byte " + offset + " is 0x00 (NUL):"
                        + " this looks like a binary file, not CSV text"));
            } else if (b == '\n') {
                if (!afterCr) lineBreak();
                afterCr = false;
            } else if (b == '\r') {
                lineBreak();
                afterCr = true;
            } else if (b == '"') {
                afterCr = false;
                quote();
            } else if (b == ',') {
                afterCr = false;
                if (quoted && !quoteSeen) {
                    content(b);
                } else {
                    quoted = false;
                    quoteSeen = false;
                    endField();
                    commas++;
                    blank = false;
                    fieldStart = true;
                }
            } else {
                afterCr = false;
                content(b);
            }
        }
    }

    /** The first byte of a multi-byte character: how many continuation bytes follow, and their range. */
    private void lead(int u) throws CsvFormatException {
        characterStart = offset;
        afterCr = false;
        if (u >= 0xC2 && u <= 0xDF) {
            pending = 1;
        } else if (u == 0xE0) {
            pending = 2;
            low = 0xA0;
        } else if ((u >= 0xE1 && u <= 0xEC) || u == 0xEE || u == 0xEF) {
            pending = 2;
        } else if (u == 0xED) {
            pending = 2;
            high = 0x9F;
        } else if (u == 0xF0) {
            pending = 3;
            low = 0x90;
        } else if (u >= 0xF1 && u <= 0xF3) {
            pending = 3;
        } else if (u == 0xF4) {
            pending = 3;
            high = 0x8F;
        } else {
            throw notUtf8(offset, "cannot start a UTF-8 character");
        }
    }

    private void quote() {
        if (quoted) {
            if (quoteSeen) {
                quoteSeen = false;          // "" inside quotes: one quote of data
                if (records == 0) field.append('"');
            } else {
                quoteSeen = true;
            }
        } else if (fieldStart) {
            quoted = true;
            quoteLine = line;
            fieldStart = false;
            blank = false;
        } else {
            content('"');                   // a quote inside an unquoted field is data
        }
    }

    private void content(int b) {
        if (quoteSeen) {
            // Text after a closing quote belongs to the same field (Spark's parser keeps it too).
            quoted = false;
            quoteSeen = false;
        }
        fieldStart = false;
        if (b != ' ' && b != '\t') {
            blank = false;
        } else if (blank) {
            spaces = true;
        }
        if (records == 0) field.append(b);
    }

    private void lineBreak() {
        if (quoted && !quoteSeen) {
            quotedLineBreak = true;
            line++;
            if (records == 0) field.append('\n');
            return;
        }
        quoted = false;
        quoteSeen = false;
        if (blank && commas == 0) {
            // A line of nothing (or only spaces): skipped, as Spark skips it.
            if (spaces && spaceOnlyTotal++ < DatasetReader.REPORTED_PROBLEMS) spaceOnlyLines.add(line);
            resetRecord();
        } else {
            endRecord();
        }
        line++;
        recordLine = line;
    }

    private void endRecord() {
        endField();
        if (!listener.record(records, recordLine, commas + 1)) stopped = true;
        records++;
        resetRecord();
    }

    private void resetRecord() {
        commas = 0;
        blank = true;
        spaces = false;
        fieldStart = true;
        field.clear();
    }

    private void endField() {
        if (records == 0) header.add(field.decode().strip());
        field.clear();
    }

    private CsvFormatException notUtf8(long at, String what) {
        return new CsvFormatException(new DataProblem(file, line, null, "byte " + at + " (0x"
                + String.format("%02x", byteAt(at)) + ") " + what + ": the file is not UTF-8 text (a Latin-1 or"
                + " Windows-1252 export, or a binary file?); save it as UTF-8"));
    }

    private int byteAt(long at) {
        try (var channel = Files.newByteChannel(file)) {
            var one = java.nio.ByteBuffer.allocate(1);
            channel.position(at).read(one);
            return one.get(0) & 0xFF;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The header's bytes, decoded once the field is complete (the bytes are known to be UTF-8 by then). */
    private static final class HeaderBytes {
        private byte[] bytes = new byte[64];
        private int size;

        void append(int b) {
            if (size == bytes.length) bytes = java.util.Arrays.copyOf(bytes, size * 2);
            bytes[size++] = (byte) b;
        }

        void clear() {
            size = 0;
        }

        String decode() {
            return new String(bytes, 0, size, StandardCharsets.UTF_8);
        }
    }
}
