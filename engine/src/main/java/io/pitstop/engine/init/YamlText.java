package io.pitstop.engine.init;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Scalars and flow lists for the YAML files {@code init} writes, quoted only where YAML needs it. */
final class YamlText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
    // Words a YAML 1.1 reader (SnakeYAML among them) takes for booleans or null when unquoted.
    private static final Set<String> RESERVED = Set.of("y", "n", "yes", "no", "true", "false", "on", "off", "null");

    private YamlText() {
    }

    /** A column name as written in a pipeline or contract: plain when safe, else double-quoted. */
    static String name(String s) {
        return PLAIN.matcher(s).matches() && !RESERVED.contains(s.toLowerCase(Locale.ROOT)) ? s : quoted(s);
    }

    /** A data value: always quoted, so "1", "Yes" and "NA" stay the strings the data holds. */
    static String quoted(String s) {
        var out = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (ch < 0x20) out.append(String.format("\\x%02x", (int) ch));
                    else out.append(ch);
                }
            }
        }
        return out.append('"').toString();
    }

    static String names(List<String> names) {
        return names.stream().map(YamlText::name).collect(Collectors.joining(", ", "[", "]"));
    }

    static String values(List<String> values) {
        return values.stream().map(YamlText::quoted).collect(Collectors.joining(", ", "[", "]"));
    }
}
