package io.pitstop.engine.registry;

import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageManifest;
import io.pitstop.engine.pkg.PackageWriter;
import io.pitstop.engine.pkg.SemVer;
import io.pitstop.engine.store.SqlRunStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * One release in a process of its own, for {@link ReleaseKillTest}: packages a small model as
 * {@code <version>} (signed with the keys in {@code <keys dir>}), registers it and promotes it over
 * {@code <champion>} ("-" for none). Arguments: {@code <jdbc url> <work dir> <version> <champion>}.
 */
public final class ReleaseProcess {

    public static void main(String[] args) throws Exception {
        String url = args[0], version = args[2], champion = args[3].equals("-") ? null : args[3];
        Path work = Path.of(args[1]);
        Path staging = Files.createDirectories(work.resolve("staging-" + version + "-" + ProcessHandle.current().pid()));
        Files.createDirectories(staging.resolve("model"));
        // The same bytes for the same version in every attempt: a retried release is the same package.
        Files.writeString(staging.resolve("model/weights.txt"), "weights of " + version + "\n".repeat(1000));
        Files.writeString(staging.resolve("contract.yaml"), "dataset: churn\n");
        PackageKeys keys = new PackageKeys(work.resolve("keys/signing.key"), work.resolve("keys/signing.pub"), false);
        var manifest = PackageManifest.of("churn", SemVer.parse(version), Instant.parse("2026-11-23T00:00:00Z"),
                Map.of("run", "run-" + version), null, Map.of("auc", 0.8));
        ModelPackage pkg = new PackageWriter(work.resolve("packages"), keys).write(staging, manifest);
        try (SqlRunStore store = SqlRunStore.open(url)) {
            SqlRegistry registry = new SqlRegistry(store);
            registry.register("churn", version, "run-" + version, pkg.dir().toString(), pkg.manifestSha256(), "release");
            registry.promoteOver("churn", version, champion, "release", "gate passed", "run-" + version, null);
        }
        System.out.println("released " + version);
    }
}
