package io.pitstop.engine.cli;

import io.pitstop.engine.conf.Profile;
import io.pitstop.engine.conf.StoragePath;
import io.pitstop.engine.pkg.FileTree;
import io.pitstop.engine.pkg.HadoopPackages;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageArchive;
import io.pitstop.engine.pkg.PackageException;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageProblem;
import io.pitstop.engine.pkg.PackageVerifier;
import io.pitstop.engine.pkg.Verification;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "package", mixinStandardHelpOptions = true, description = "Model packages.",
        subcommands = {PackageCommand.Verify.class, PackageCommand.Publish.class})
final class PackageCommand {

    /** A Hadoop client configured by the profile's {@code hadoop:} section ({@code fs.defaultFS}, {@code fs.s3a.*}, ...). */
    static HadoopPackages hadoop(Profile profile) {
        return HadoopPackages.withSettings(profile.under("hadoop"));
    }

    @Command(name = "publish", mixinStandardHelpOptions = true,
            description = "Copies a package directory to a directory on any Hadoop filesystem (hdfs://, s3a://, viewfs://, "
                    + "file:) and renames it into place as <model>-<semver>, after verifying it. Publishing the same package "
                    + "again is a no-op; a different one under a published name is refused. Exit 0 published, 1 refused.")
    static final class Publish implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "<dir>", description = "A local package directory (.pitstop/packages/churn-1.0.0).")
        Path dir;

        @Parameters(index = "1", paramLabel = "<uri>", description = "The packages directory, e.g. hdfs://namenode:8020/pitstop/packages.")
        String to;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() {
            Profile profile = project.profileOnly();
            if (!StoragePath.isUri(to)) throw new InvalidInputException("'" + to + "' is not a filesystem URI such as "
                    + "hdfs://namenode:8020/pitstop/packages or file:/srv/packages");
            if (!Files.isDirectory(dir)) throw new InvalidInputException("no package directory at " + dir);
            try {
                ModelPackage pkg = ModelPackage.open(dir, PackageKeys.of(profile).trustedKey());
                URI published = hadoop(profile).publish(pkg, URI.create(to));
                System.out.println("ok  " + pkg.manifest().directoryName() + " -> " + published);
                return RunOutcome.EXIT_OK;
            } catch (PackageException e) {
                System.err.println("FAILED  " + e.getMessage());
                return RunOutcome.EXIT_FAILED;
            }
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks a package directory or .zip archive: every file's SHA-256, no missing or extra file, "
                    + "the manifest, and the minisign signature (checksums.sha256.minisig) by the profile's trusted public key; "
                    + "packages signed before, in Pitstop's first format (signature.ed25519), are checked too. Exit 0 intact, 1 not.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "<path>", description = "A package directory (.pitstop/packages/churn-1.0.0), its .zip, "
                + "or a package directory on a Hadoop filesystem (hdfs://namenode:8020/pitstop/packages/churn-1.0.0; "
                + "configured by the profile's hadoop: section).")
        String location;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws IOException {
            PackageKeys keys = PackageKeys.of(project.profileOnly());
            var trusted = keys.trustedKey();
            if (StoragePath.isUri(location)) {
                return report(location, hadoop(project.profileOnly()).verify(URI.create(location), trusted), trusted);
            }
            Path path = Path.of(location);
            if (!Files.exists(path)) throw new InvalidInputException("no package at " + path);
            Path temp = null;
            try {
                Path dir = path;
                if (Files.isRegularFile(path)) {
                    temp = Files.createTempDirectory("pitstop-verify");
                    try {
                        dir = PackageArchive.extract(path, temp.resolve("x"));
                    } catch (PackageException e) {
                        System.err.println("FAILED  " + e.getMessage());
                        return RunOutcome.EXIT_FAILED;
                    }
                }
                return report(location, PackageVerifier.verify(dir, trusted), trusted);
            } finally {
                if (temp != null) FileTree.delete(temp);
            }
        }

        private static int report(String location, Verification v, java.security.PublicKey trusted) {
            if (v.ok()) {
                System.out.println("ok  " + location + ": checksums, manifest and " + v.scheme().description() + " (key "
                        + PackageKeys.keyId(trusted) + ") verified");
                return RunOutcome.EXIT_OK;
            }
            System.err.println("FAILED  " + location + ": " + v.problems().size() + " problem(s)");
            for (PackageProblem p : v.problems()) System.err.println("  - " + p);
            return RunOutcome.EXIT_FAILED;
        }

    }
}
