package io.pitstop.engine.cli;

import io.pitstop.engine.cli.RunComparison.Item;
import io.pitstop.engine.cli.RunComparison.Section;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * {@code pitstop runs compare} as a person reads it: one block per section, one line per item with
 * the left and right values in columns; a metric present on both sides also gets its change.
 * Digests are cut to 12 characters, enough to see that two differ.
 */
final class ComparisonText {

    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{32,}");
    private static final String ABSENT = "-";
    private static final int VALUE_WIDTH = 30;

    private final PrintStream out;

    ComparisonText(PrintStream out) {
        this.out = out;
    }

    void print(RunComparison comparison, boolean all) {
        List<Item> shown = all ? comparison.items() : comparison.differences();
        int nameWidth = Math.max(20, shown.stream().mapToInt(i -> i.name().length()).max().orElse(0)) + 2;
        out.printf("%-" + nameWidth + "s %-" + VALUE_WIDTH + "s %s%n", "", comparison.left(), comparison.right());
        Section section = null;
        for (Item item : shown) {
            if (item.section() != section) {
                section = item.section();
                out.println(section.name().toLowerCase(Locale.ROOT));
            }
            String left = value(item.left());
            String line = String.format("  %-" + (nameWidth - 2) + "s %-" + VALUE_WIDTH + "s %s", item.name(),
                    left, value(item.right()));
            if (section == Section.METRICS) line += change(item);
            else if (all && item.same()) line += "   (same)";
            out.println(line.stripTrailing());
        }
        int same = comparison.items().size() - comparison.differences().size();
        if (comparison.differences().isEmpty()) {
            out.println("the two runs match in all " + same + " compared items");
        } else if (!all) {
            out.println(comparison.differences().size() + " items differ; " + same
                    + " are the same (--all lists them)");
        }
    }

    private static String value(String v) {
        if (v == null) return ABSENT;
        String shortened = DIGEST.matcher(v).replaceAll(m -> m.group().substring(0, 12));
        return shortened.isEmpty() ? "\"\"" : shortened;
    }

    private static String change(Item item) {
        if (item.left() == null || item.right() == null || item.same()) return "";
        try {
            double delta = Double.parseDouble(item.right()) - Double.parseDouble(item.left());
            return "   (" + (delta >= 0 ? "+" : "") + RunComparison.number(delta) + ")";
        } catch (NumberFormatException e) {
            return "";
        }
    }
}
