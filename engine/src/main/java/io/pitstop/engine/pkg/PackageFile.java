package io.pitstop.engine.pkg;

import java.util.Objects;

/** One file of a package as the manifest lists it: a '/'-separated path relative to the package, and its size. */
public record PackageFile(String path, long size) {

    public PackageFile {
        Objects.requireNonNull(path, "path");
        if (size < 0) throw new IllegalArgumentException("negative size for " + path);
    }
}
