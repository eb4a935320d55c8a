package io.pitstop.steps.dataset;

import io.pitstop.engine.artifact.Artifact;

import java.nio.file.Path;

/**
 * What a validating step hands on besides its {@link VerificationReport}: the data typed by its
 * contract, which training reads, and the contract itself, which the package ships as the model's
 * input contract. The data's profile is {@link io.pitstop.steps.profile.DatasetProfile#ARTIFACT}.
 */
public final class ValidatedData {

    /** The typed data, a Parquet directory. */
    public static final Artifact<Path> PARQUET = Artifact.location("validated");
    /** The data contract the data was validated with (a copy, as it was). */
    public static final Artifact<Path> CONTRACT = Artifact.location("contract");

    private ValidatedData() {
    }
}
