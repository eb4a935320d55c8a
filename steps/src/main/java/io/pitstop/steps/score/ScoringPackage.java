package io.pitstop.steps.score;

import io.pitstop.engine.contract.Contract;
import io.pitstop.engine.contract.ContractLoader;
import io.pitstop.engine.pkg.ModelPackage;
import io.pitstop.engine.pkg.PackageKeys;
import io.pitstop.engine.pkg.PackageException;
import io.pitstop.engine.pkg.PackageLayout;
import io.pitstop.engine.pkg.PackageStore;
import io.pitstop.engine.registry.ModelVersion;
import io.pitstop.steps.model.TrainedModel;
import io.pitstop.steps.profile.DatasetProfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A registered model version opened for scoring: its package verified, then its network, input
 * contract and (if shipped) training profile loaded. The one place scoring verifies a package, so a
 * stronger verifier (signatures) replaces {@link #verify} alone.
 *
 * @param profile the training data's profile ({@code profile.json}); null when the package has none
 */
public record ScoringPackage(ModelVersion version, ModelPackage pkg, TrainedModel model, Contract contract,
                             DatasetProfile profile) {

    /** Refuses a package whose files do not match their checksums or whose manifest is not the registered one. */
    public static ScoringPackage open(ModelVersion version, PackageStore store, PackageKeys keys) throws IOException {
        return of(version, verify(version, store, keys));
    }

    /**
     * A package already verified (by {@link PackageStore#open} or {@link ModelPackage#open}), opened for
     * scoring as {@code version}: e.g. a candidate the pipeline built but has not registered yet.
     */
    public static ScoringPackage of(ModelVersion version, ModelPackage pkg) throws IOException {
        TrainedModel model = TrainedModel.load(pkg.resolve(PackageLayout.MODEL));
        Contract contract = ContractLoader.load(pkg.resolve(PackageLayout.CONTRACT));
        DatasetProfile profile = pkg.has(PackageLayout.PROFILE) ? DatasetProfile.read(pkg.resolve(PackageLayout.PROFILE)) : null;
        return new ScoringPackage(version, pkg, model, contract, profile);
    }

    static ModelPackage verify(ModelVersion version, PackageStore store, PackageKeys keys) {
        ModelPackage pkg = store.open(version.packagePath(), keys);
        if (version.manifestSha256() != null && !version.manifestSha256().equals(pkg.manifestSha256())) {
            Path dir = pkg.dir();
            throw new PackageException("package " + dir + " is not the one registered as " + version.model() + " "
                    + version.version() + ": its manifest's SHA-256 is " + pkg.manifestSha256() + ", the registry has "
                    + version.manifestSha256(), dir, List.of());
        }
        return pkg;
    }
}
