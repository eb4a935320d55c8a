package io.pitstop.engine.pkg;

import java.util.Objects;

/**
 * One thing wrong with a package, naming the file (a path relative to the package) and, for a
 * malformed {@code checksums.sha256}, the 1-based line (0 when not about a line).
 */
public record PackageProblem(String file, Kind kind, int line, String detail) implements Comparable<PackageProblem> {

    public enum Kind {
        /** The file's content is not what checksums.sha256 recorded. */
        CHANGED,
        /** A file checksums.sha256 (or the writer's caller) expects is not there. */
        MISSING,
        /** A file is there that checksums.sha256 does not list. */
        EXTRA,
        /** A line of checksums.sha256 is not {@code <64 hex>  <relative path>}. */
        MALFORMED_CHECKSUMS,
        /** manifest.json cannot be read as a manifest. */
        MANIFEST_UNREADABLE,
        /** manifest.json and checksums.sha256 disagree about the package's files. */
        MANIFEST_MISMATCH,
        /** Not a regular file (a symbolic link, a device), or a name the package format reserves. */
        NOT_ALLOWED,
        /** The signature (checksums.sha256.minisig) is missing, malformed, by an untrusted key, or does not match; or signing.pub is not the trusted key. */
        SIGNATURE
    }

    public PackageProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    public static PackageProblem of(String file, Kind kind, String detail) {
        return new PackageProblem(file, kind, 0, detail);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + detail;
    }

    @Override
    public int compareTo(PackageProblem o) {
        int c = file.compareTo(o.file);
        if (c != 0) return c;
        c = Integer.compare(line, o.line);
        return c != 0 ? c : kind.compareTo(o.kind);
    }
}
