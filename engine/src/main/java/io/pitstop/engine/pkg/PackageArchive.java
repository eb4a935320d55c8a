package io.pitstop.engine.pkg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A package as one file, {@code <model>-<semver>.zip}, holding the directory {@code <model>-<semver>/}.
 * Deterministic (sorted entries, a fixed timestamp), so the same package always zips to the same
 * bytes. Reading refuses any entry that would land outside the target directory ({@code ../x},
 * {@code /etc/x}, {@code C:\x}) before anything is written; the extracted directory is then
 * verified like any other package.
 *
 * <pre>
 * Path zip = PackageArchive.write(pkg, packagesDir);              // packagesDir/churn-1.4.0.zip
 * Path dir = PackageArchive.extract(zip, Files.createTempDirectory("pkg"));
 * ModelPackage again = ModelPackage.open(dir, keys);
 * </pre>
 */
public final class PackageArchive {

    public static final String EXTENSION = ".zip";
    private static final FileTime EPOCH = FileTime.fromMillis(315532800000L); // 1980-01-01, zip's earliest

    private PackageArchive() {
    }

    /** The archive that sits beside a package directory: {@code churn-1.4.0} -> {@code churn-1.4.0.zip}. */
    public static Path pathOf(Path packageDir) {
        return packageDir.resolveSibling(packageDir.getFileName() + EXTENSION);
    }

    /** Writes {@code <dir>/<model>-<semver>.zip} atomically (a temp file renamed into place). */
    public static Path write(ModelPackage pkg, Path dir) {
        String name = pkg.dir().getFileName().toString();
        Path target = dir.resolve(name + EXTENSION);
        Path temp = dir.resolve("." + name + EXTENSION + ".tmp-" + UUID.randomUUID());
        try {
            Files.createDirectories(dir);
            FileTree.Listing listing = FileTree.list(pkg.dir());
            try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temp))) {
                for (var e : listing.files().entrySet()) {
                    ZipEntry entry = new ZipEntry(name + "/" + e.getKey());
                    entry.setLastModifiedTime(EPOCH);
                    zip.putNextEntry(entry);
                    Files.copy(e.getValue(), zip);
                    zip.closeEntry();
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new PackageException("could not write archive " + target, target, e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover hidden temp file is never read as an archive
            }
        }
    }

    /**
     * Extracts an archive into {@code into} (which must be empty or absent) and returns the package
     * directory inside it. Every entry must lie under one top directory named like a package; an
     * entry escaping it is refused, naming the entry, and nothing is extracted.
     */
    public static Path extract(Path archive, Path into) {
        List<PackageProblem> problems = new ArrayList<>();
        String top = null;
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                String name = e.getName();
                String why = escapes(name);
                if (why == null) {
                    String first = name.substring(0, name.indexOf('/') < 0 ? name.length() : name.indexOf('/'));
                    if (top == null) top = first;
                    else if (!top.equals(first)) why = "outside the package's top directory '" + top + "/'";
                }
                if (why != null) problems.add(PackageProblem.of(name, PackageProblem.Kind.NOT_ALLOWED, why));
            }
        } catch (IOException e) {
            throw new PackageException("cannot read archive " + archive, archive, e);
        }
        if (top == null) problems.add(PackageProblem.of(".", PackageProblem.Kind.MISSING, "the archive is empty"));
        if (!problems.isEmpty()) throw new PackageException("archive " + archive + " refused: entries escape its root", archive, problems);

        Path root = into.toAbsolutePath().normalize();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
            Files.createDirectories(root);
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path out = root.resolve(e.getName()).normalize();
                // Checked again on the resolved path: the first pass's rule and the filesystem must agree.
                if (!out.startsWith(root.resolve(top))) throw new PackageException("archive entry escapes " + root, archive,
                        List.of(PackageProblem.of(e.getName(), PackageProblem.Kind.NOT_ALLOWED, "resolves to " + out)));
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
                    throw new PackageException("archive " + archive + " lists an entry twice", archive,
                            List.of(PackageProblem.of(e.getName(), PackageProblem.Kind.NOT_ALLOWED, "duplicate entry")));
                }
                try (OutputStream o = Files.newOutputStream(out)) {
                    zip.transferTo(o);
                }
            }
        } catch (IOException e) {
            throw new PackageException("cannot extract archive " + archive, archive, e);
        }
        return root.resolve(top);
    }

    /** Null for a plain relative entry name, otherwise why it would escape the target directory. */
    private static String escapes(String name) {
        if (name.startsWith("/") || name.startsWith("\\")) return "an absolute path";
        if (name.length() > 1 && name.charAt(1) == ':') return "a drive-letter path";
        if (name.contains("\\")) return "contains a backslash";
        String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.equals("..")) return "contains '..': it would land outside the package";
            if (segment.isEmpty() || segment.equals(".")) return "has an empty or '.' path segment";
        }
        return null;
    }

}
