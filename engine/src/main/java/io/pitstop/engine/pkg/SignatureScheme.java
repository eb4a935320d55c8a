package io.pitstop.engine.pkg;

/**
 * How a package is signed, told by which signature file it holds. Packages are written with
 * {@link #MINISIGN}; {@link #PITSTOP_ED25519_V1} is read so that releases made before stay usable.
 */
public enum SignatureScheme {
    /**
     * {@code checksums.sha256.minisig}: minisign's format over {@code checksums.sha256}, which lists every
     * other file (the manifest included) with its SHA-256. Checked by {@code sha256sum -c checksums.sha256}
     * and {@code minisign -Vm checksums.sha256 -p <public key>}, or by Pitstop.
     */
    MINISIGN("checksums.sha256.minisig", "minisign signature"),
    /** {@code signature.ed25519}: Pitstop's own first format, which only Pitstop can check ({@link LegacySignature}). */
    PITSTOP_ED25519_V1("signature.ed25519", "signature in Pitstop's first format (signature.ed25519; re-package it to get a minisign signature)");

    private final String file;
    private final String description;

    SignatureScheme(String file, String description) {
        this.file = file;
        this.description = description;
    }

    /** The signature file's name at the package's root. */
    public String file() {
        return file;
    }

    /** What a person is told the package was verified with. */
    public String description() {
        return description;
    }
}
