package io.pitstop.engine.pkg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The files under a directory as package paths ('/'-separated, relative), and the one recursive delete
 * every module uses. Links are not followed: a package holds plain files only, so what was hashed is what
 * gets loaded, and deleting a tree never reaches through a link into another.
 */
public final class FileTree {

    /**
     * Regular files by package path, whatever else was found (links, devices) as problems, and every
     * directory below the root by package path (no trailing '/').
     */
    record Listing(SortedMap<String, Path> files, List<PackageProblem> notAllowed, SortedSet<String> directories) {

        /**
         * The directories holding no file and no other entry at all, outermost only, as {@code path/}: a
         * checksums list names files, so such a directory is something the package does not vouch for.
         */
        List<String> emptyDirectories() {
            List<String> out = new ArrayList<>();
            for (String d : directories) {
                String prefix = d + "/";
                boolean holdsSomething = files.keySet().stream().anyMatch(f -> f.startsWith(prefix))
                        || notAllowed.stream().anyMatch(p -> p.file().startsWith(prefix));
                boolean insideReported = out.stream().anyMatch(prefix::startsWith);
                if (!holdsSomething && !insideReported) out.add(prefix);
            }
            return out;
        }
    }

    private FileTree() {
    }

    static Listing list(Path root) throws IOException {
        SortedMap<String, Path> files = new TreeMap<>();
        List<PackageProblem> notAllowed = new ArrayList<>();
        SortedSet<String> directories = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.equals(root)) continue;
                String relative = packagePath(root, p);
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    directories.add(relative);
                    continue;
                }
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    files.put(relative, p);
                } else {
                    notAllowed.add(PackageProblem.of(relative, PackageProblem.Kind.NOT_ALLOWED,
                            "not a regular file (a symbolic link or a special file); packages hold plain files only"));
                }
            }
        }
        return new Listing(files, notAllowed, directories);
    }

    /**
     * Deletes a file or a directory with everything under it, deepest first; nothing when it does not exist.
     * A symbolic link is deleted, never what it points to.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static String packagePath(Path root, Path file) {
        List<String> parts = new ArrayList<>();
        for (Path part : root.relativize(file)) parts.add(part.toString());
        return String.join("/", parts);
    }
}
