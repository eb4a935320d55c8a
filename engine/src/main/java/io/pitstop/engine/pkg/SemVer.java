package io.pitstop.engine.pkg;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A release version, {@code major.minor.patch}. Pitstop derives it rather than asking for it:
 * major when the input contract changes incompatibly, minor for a retrain, patch for a re-package
 * of the same model. No pre-release or build suffixes: a package is either released or not.
 */
public record SemVer(int major, int minor, int patch) implements Comparable<SemVer> {

    private static final Pattern FORMAT = Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)");

    public SemVer {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must not be negative: " + major + "." + minor + "." + patch);
        }
    }

    /** Parses exactly {@code MAJOR.MINOR.PATCH} (no leading zeros, no {@code v}, no suffix). */
    public static SemVer parse(String text) {
        if (text == null) throw new SemVerFormatException(null, "a version is required, e.g. 1.4.0");
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            String hint = "";
            if (text.startsWith("v") && FORMAT.matcher(text.substring(1)).matches()) hint = "; did you mean " + text.substring(1) + "?";
            else if (text.contains("-") || text.contains("+")) hint = "; pre-release and build suffixes are not used";
            throw new SemVerFormatException(text, "'" + text + "' is not a version: expected MAJOR.MINOR.PATCH such as 1.4.0" + hint);
        }
        try {
            return new SemVer(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            throw new SemVerFormatException(text, "'" + text + "' has a part too large for a version number");
        }
    }

    public SemVer nextMajor() {
        return new SemVer(Math.addExact(major, 1), 0, 0);
    }

    public SemVer nextMinor() {
        return new SemVer(major, Math.addExact(minor, 1), 0);
    }

    public SemVer nextPatch() {
        return new SemVer(major, minor, Math.addExact(patch, 1));
    }

    @Override
    public int compareTo(SemVer o) {
        int c = Integer.compare(major, o.major);
        if (c != 0) return c;
        c = Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch;
    }
}
