package io.pitstop.engine.pkg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code signature.ed25519}: one line {@code ed25519 <key id> <base64 signature>}. The signed message
 * is a fixed prefix, the bytes of {@code manifest.json} and the bytes of {@code checksums.sha256};
 * the checksums pin every other file, so the signature covers the whole package. Ed25519 is
 * deterministic: the same package signed with the same key gives the same bytes.
 */
final class PackageSignature {

    static final String NAME = "signature.ed25519";
    private static final byte[] DOMAIN = "pitstop-package-signature-v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LINE = Pattern.compile("ed25519 ([0-9a-f]{16}) ([A-Za-z0-9+/=]+)\n");

    private PackageSignature() {
    }

    static byte[] sign(PrivateKey key, PublicKey publicKey, byte[] manifest, byte[] checksums) {
        try {
            Signature s = Signature.getInstance(PackageKeys.ALGORITHM);
            s.initSign(key);
            feed(s, manifest, checksums);
            return ("ed25519 " + PackageKeys.keyId(publicKey) + " " + Base64.getEncoder().encodeToString(s.sign()) + "\n")
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + PackageKeys.ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    /** Null when the signature is good, otherwise what is wrong with it. */
    static String problem(byte[] signatureFile, PublicKey trusted, byte[] manifest, byte[] checksums) {
        Matcher m = LINE.matcher(new String(signatureFile, StandardCharsets.US_ASCII));
        if (!m.matches()) return "malformed: expected one line 'ed25519 <16 hex key id> <base64 signature>'";
        String trustedId = PackageKeys.keyId(trusted);
        if (!m.group(1).equals(trustedId)) {
            return "signed by key " + m.group(1) + ", but this configuration trusts key " + trustedId;
        }
        try {
            Signature s = Signature.getInstance(PackageKeys.ALGORITHM);
            s.initVerify(trusted);
            feed(s, manifest, checksums);
            return s.verify(Base64.getDecoder().decode(m.group(2)))
                    ? null : "bad signature: manifest.json or checksums.sha256 is not what key " + trustedId + " signed";
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return "bad signature: " + e.getMessage();
        }
    }

    private static void feed(Signature s, byte[] manifest, byte[] checksums) throws GeneralSecurityException {
        s.update(DOMAIN);
        s.update(Sha256.of(manifest).getBytes(StandardCharsets.US_ASCII));
        s.update((byte) '\n');
        s.update(manifest);
        s.update(checksums);
    }
}
