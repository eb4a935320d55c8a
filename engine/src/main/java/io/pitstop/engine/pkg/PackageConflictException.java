package io.pitstop.engine.pkg;

import java.nio.file.Path;
import java.util.List;

/**
 * A package of this model and version already exists with different content. A released version
 * names one package forever, so the writer refuses rather than replacing it; the problems say
 * which files differ.
 */
public final class PackageConflictException extends PackageException {

    public PackageConflictException(Path dir, List<PackageProblem> differences) {
        super("package " + dir + " already exists with different content; release under a new version instead", dir,
                differences);
    }
}
