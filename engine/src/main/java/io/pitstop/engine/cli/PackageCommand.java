package io.pitstop.engine.cli;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "package", mixinStandardHelpOptions = true, description = "Model packages.",
        subcommands = {PackageCommand.Verify.class})
final class PackageCommand {

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Checks a package directory or .zip archive: every file's SHA-256, no missing or extra file, "
                    + "the manifest, and the Ed25519 signature by the profile's trusted public key. Exit 0 intact, 1 not.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "<path>", description = "A package directory (.pitstop/packages/churn-1.0.0) or its .zip.")
        Path path;

        @Mixin
        ProjectOptions project;

        @Override
        public Integer call() throws IOException {
            PackageKeys keys = PackageKeys.of(project.profileOnly());
            var trusted = keys.trustedKey();
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
                Verification v = PackageVerifier.verify(dir, trusted);
                if (v.ok()) {
                    System.out.println("ok  " + path + ": checksums, manifest and signature (key "
                            + PackageKeys.keyId(trusted) + ") verified");
                    return RunOutcome.EXIT_OK;
                }
                System.err.println("FAILED  " + path + ": " + v.problems().size() + " problem(s)");
                for (PackageProblem p : v.problems()) System.err.println("  - " + p);
                return RunOutcome.EXIT_FAILED;
            } finally {
                if (temp != null) deleteTree(temp);
            }
        }

        private static void deleteTree(Path root) throws IOException {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }
}
