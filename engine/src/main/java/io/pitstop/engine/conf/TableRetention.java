package io.pitstop.engine.conf;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a prediction table keeps the files of versions it no longer shows, from the profile:
 *
 * <pre>
 * tables:
 *   retention: 7d     # or 168h; the default. Time travel reaches back this far, no further.
 * </pre>
 *
 * After each commit the scoring step vacuums the table: files that no version younger than this
 * needs are deleted, so a plain Parquet glob of the directory no longer counts old runs' rows twice,
 * and disk use stops growing. The default is Delta's own safe minimum: a reader that started on an
 * older version within the window still finds its files. Shorter is allowed when declared (a reader
 * running longer than the window may then fail); {@code 0h} keeps only the current version's files.
 */
public record TableRetention(Duration period) {

    public static final String KEY = "tables.retention";
    public static final TableRetention DEFAULT = new TableRetention(Duration.ofDays(7));
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})\\s*([dh])");

    public TableRetention {
        Objects.requireNonNull(period, "period");
        if (period.isNegative()) throw new IllegalArgumentException("a retention cannot be negative: " + period);
    }

    /** The profile's {@code tables.retention}, or {@link #DEFAULT}. */
    public static TableRetention of(Profile profile) {
        return profile.find(KEY).map(v -> parse(v).orElseThrow(() -> new IllegalArgumentException(problem(v))))
                .orElse(DEFAULT);
    }

    /** {@code 7d}, {@code 168h}; empty when the text is neither. */
    public static Optional<TableRetention> parse(String text) {
        Matcher m = FORMAT.matcher(text.trim());
        if (!m.matches()) return Optional.empty();
        long n = Long.parseLong(m.group(1));
        return Optional.of(new TableRetention(m.group(2).equals("d") ? Duration.ofDays(n) : Duration.ofHours(n)));
    }

    static String problem(String text) {
        return KEY + ": '" + text + "' is not a retention period; write a whole number of days or hours, e.g. 7d or 168h";
    }

    public long hours() {
        return period.toHours();
    }

    @Override
    public String toString() {
        return period.toHours() % 24 == 0 ? period.toDays() + "d" : period.toHours() + "h";
    }
}
