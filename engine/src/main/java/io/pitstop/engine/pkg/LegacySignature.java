package io.pitstop.engine.pkg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code signature.ed25519}, the signature of packages written before Pitstop signed with minisign
 * ({@link SignatureScheme#PITSTOP_ED25519_V1}): one line {@code ed25519 <key id> <base64 signature>} over
 * a Pitstop-specific message (a fixed prefix, the manifest's SHA-256 in hex, the manifest and the
 * checksums). No stock tool reads it, so Pitstop no longer writes it; it still verifies it, so that a
 * release made before the change can be rolled back to and scored with.
 */
final class LegacySignature {

    private static final byte[] DOMAIN = "pitstop-package-signature-v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern LINE = Pattern.compile("ed25519 ([0-9a-f]{16}) ([A-Za-z0-9+/=]+)\n");

    private LegacySignature() {
    }

    /** Null when the signature is good, otherwise what is wrong with it. */
    static String problem(byte[] signatureFile, PublicKey trusted, byte[] manifest, byte[] checksums) {
        Matcher m = LINE.matcher(new String(signatureFile, StandardCharsets.US_ASCII));
        if (!m.matches()) return "malformed: expected one line 'ed25519 <16 hex key id> <base64 signature>'";
        // This format named a key by the first 8 bytes of its SHA-256 in lower-case hex, in order.
        String trustedId = Sha256.of(trusted.getEncoded()).substring(0, 16);
        if (!m.group(1).equals(trustedId)) {
            return "signed by key " + m.group(1) + ", but this configuration trusts key " + trustedId
                    + " (" + PackageKeys.keyId(trusted) + " as minisign names it)";
        }
        try {
            Signature s = Signature.getInstance(PackageKeys.ALGORITHM);
            s.initVerify(trusted);
            s.update(DOMAIN);
            s.update(Sha256.of(manifest).getBytes(StandardCharsets.US_ASCII));
            s.update((byte) '\n');
            s.update(manifest);
            s.update(checksums);
            return s.verify(Base64.getDecoder().decode(m.group(2)))
                    ? null : "bad signature: manifest.json or checksums.sha256 is not what key " + trustedId + " signed";
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return "bad signature: " + e.getMessage();
        }
    }
}
