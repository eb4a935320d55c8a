package io.pitstop.engine.pkg;

import java.nio.file.Path;

/**
 * The parts of a model package and where each lives, relative to its root: the one owner of the
 * layout that the package step writes and scoring, the gate and reproduction read (through
 * {@link ModelPackage#resolve(PackageLayout)}). The manifest, checksums and signature beside these
 * are {@link PackageWriter}'s and {@link PackageVerifier}'s.
 *
 * <pre>
 * churn-1.2.0/
 *   model/                   the trained model (model.zip, features.json, model.json)
 *   metrics.json             the evaluation on the held-out test split
 *   gate-report.json         the gate's verdict
 *   contract.yaml            the data contract the model's input follows
 *   data-version.json        the data version it was trained on
 *   validation-report.json   the training data's checks
 *   profile.json             the training data's profile (older packages lack it)
 *   model-card.md
 *   model.onnx               the feature transform and network as one ONNX graph (older packages lack it)
 *   features.json            how model.onnx encodes its inputs, for scoring without Pitstop (idem)
 * </pre>
 */
public enum PackageLayout {
    MODEL("model"),
    METRICS("metrics.json"),
    GATE_REPORT("gate-report.json"),
    CONTRACT("contract.yaml"),
    DATA_VERSION("data-version.json"),
    VALIDATION_REPORT("validation-report.json"),
    PROFILE("profile.json"),
    MODEL_CARD("model-card.md"),
    ONNX_MODEL("model.onnx"),
    FEATURES("features.json");

    private final String path;

    PackageLayout(String path) {
        this.path = path;
    }

    /** The part's path inside the package, e.g. {@code model} or {@code metrics.json}. */
    public String path() {
        return path;
    }

    /** Where the part goes in a package being written at {@code root}. */
    public Path in(Path root) {
        return root.resolve(path);
    }
}
