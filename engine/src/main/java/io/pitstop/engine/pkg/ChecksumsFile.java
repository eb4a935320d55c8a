package io.pitstop.engine.pkg;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code checksums.sha256} in the format {@code sha256sum} writes and {@code sha256sum -c} checks:
 * one {@code <64 lower-case hex>  <relative/path>} line per file, sorted by path, '\n' line ends.
 * Every file of the package is listed except this one.
 */
final class ChecksumsFile {

    static final String NAME = "checksums.sha256";
    private static final Pattern LINE = Pattern.compile("([0-9a-f]{64})  (.+)");

    /** Parsed entries (path to hex, in file order) and the problems of lines that could not be used. */
    record Parsed(Map<String, String> entries, List<PackageProblem> problems) {
    }

    private ChecksumsFile() {
    }

    static byte[] render(SortedMap<String, String> sha256ByPath) {
        StringBuilder out = new StringBuilder();
        sha256ByPath.forEach((path, hex) -> out.append(hex).append("  ").append(path).append('\n'));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    static Parsed parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> entries = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        List<PackageProblem> problems = new ArrayList<>();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            problems.add(new PackageProblem(NAME, PackageProblem.Kind.MALFORMED_CHECKSUMS, 0, "does not end with a newline"));
        }
        String[] lines = text.isEmpty() ? new String[0] : text.split("\n", -1);
        int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
        for (int i = 0; i < count; i++) {
            int lineNo = i + 1;
            Matcher m = LINE.matcher(lines[i]);
            String why = null;
            if (!m.matches()) {
                why = "expected '<64 lower-case hex digits>  <relative path>', found '" + abbreviate(lines[i]) + "'";
            } else if (!isPackagePath(m.group(2))) {
                why = "'" + abbreviate(m.group(2)) + "' is not a plain relative path inside the package";
            } else if (m.group(2).equals(NAME)) {
                why = NAME + " cannot list itself";
            } else if (firstLine.containsKey(m.group(2))) {
                why = "'" + m.group(2) + "' is listed twice (first on line " + firstLine.get(m.group(2)) + ")";
            }
            if (why != null) {
                problems.add(new PackageProblem(NAME, PackageProblem.Kind.MALFORMED_CHECKSUMS, lineNo, "line " + lineNo + ": " + why));
                continue;
            }
            entries.put(m.group(2), m.group(1));
            firstLine.put(m.group(2), lineNo);
        }
        return new Parsed(entries, problems);
    }

    /** '/'-separated, relative, no '.', '..' or empty segments, no backslashes or control characters. */
    static boolean isPackagePath(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\")) return false;
        if (path.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) return false;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) return false;
        }
        return true;
    }

    private static String abbreviate(String s) {
        String visible = s.replace("\r", "\\r").replace("\t", "\\t");
        return visible.length() <= 100 ? visible : visible.substring(0, 97) + "...";
    }
}
