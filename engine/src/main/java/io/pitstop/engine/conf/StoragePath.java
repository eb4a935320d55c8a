package io.pitstop.engine.conf;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a profile or pipeline puts data it shares: a path relative to the project (the embedded
 * default) or a Hadoop filesystem URI ({@code hdfs://nn:8020/tables/churn}, {@code s3a://bucket/x},
 * {@code file:/srv/tables}), which is used as it is.
 */
public final class StoragePath {

    /** A scheme of two letters or more, so that a Windows drive letter is never taken for one. */
    private static final Pattern URI_SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]+:.*");

    private StoragePath() {
    }

    /** Whether a location is a filesystem URI ({@code hdfs://...}, {@code file:/...}) rather than a local path. */
    public static boolean isUri(String location) {
        return URI_SCHEME.matcher(location).matches();
    }

    /** A URI as it is; a path resolved against {@code base} (the project directory) and normalized. */
    public static String resolve(Path base, String location) {
        return isUri(location) ? location : base.resolve(location).normalize().toString();
    }
}
