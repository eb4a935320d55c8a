package io.pitstop.engine.pkg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.Optional;

/**
 * One line of text signed with the release key, for a record appended a line at a time (the audit
 * log's heads file): the signature is minisign's signature line ({@code base64("ED" | key id |
 * Ed25519(BLAKE2b-512(line)))}), the prehashed Ed25519 packages are signed with, so no second signing
 * scheme is invented.
 *
 * <pre>
 * 12 9f2c…  RUR0RrSRn5Y…   (the line, then its signature, on one line of the heads file)
 * </pre>
 */
public final class LineSignature {

    private LineSignature() {
    }

    /**
     * The signature of {@code line} by the configured private key, or empty when this configuration has none
     * (a machine that only verifies, or a state directory before its first package made the pair). Never makes a
     * key: a key pair appears only where packages are built.
     */
    public static Optional<String> sign(PackageKeys keys, String line) {
        if (!Files.isRegularFile(keys.privateKeyFile()) || !Files.isRegularFile(keys.publicKeyFile())) return Optional.empty();
        byte[] block = MinisignSignature.block(keys.signingKey(), keys.trustedKey(), bytes(line));
        return Optional.of(Base64.getEncoder().encodeToString(block));
    }

    /** Null when {@code signature} is the trusted key's signature of {@code line}; otherwise what is wrong with it. */
    public static String problem(PackageKeys keys, String line, String signature) {
        byte[] block;
        try {
            block = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            return "malformed: the signature is not base64";
        }
        return MinisignSignature.blockProblem(block, keys.trustedKey(), bytes(line), "the line");
    }

    /** Whether this configuration signs: it holds the private key. */
    public static boolean signs(PackageKeys keys) {
        return Files.isRegularFile(keys.privateKeyFile()) && Files.isRegularFile(keys.publicKeyFile());
    }

    private static byte[] bytes(String line) {
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
