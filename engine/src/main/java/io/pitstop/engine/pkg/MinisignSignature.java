package io.pitstop.engine.pkg;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signature file in minisign's format, so that {@code minisign -Vm <file> -p <public key>} verifies what
 * Pitstop signs with no Pitstop code involved:
 *
 * <pre>
 * untrusted comment: &lt;free text, not covered by any signature&gt;
 * base64( "ED" | 8-byte key id | Ed25519 signature of BLAKE2b-512(file) )
 * trusted comment: &lt;free text&gt;
 * base64( Ed25519 signature of (the 64 signature bytes above | the trusted comment) )
 * </pre>
 *
 * Pitstop writes the prehashed {@code ED} variant (minisign's default since 0.10); verifying also accepts
 * the legacy {@code Ed} variant (Ed25519 over the file itself), as minisign does. Ed25519 is deterministic:
 * the same file, key and comments always give the same bytes.
 */
final class MinisignSignature {

    private static final byte[] PREHASHED = {'E', 'D'};
    private static final byte[] LEGACY = {'E', 'd'};
    private static final String UNTRUSTED = "untrusted comment: ";
    private static final String TRUSTED = "trusted comment: ";

    private MinisignSignature() {
    }

    static byte[] sign(PrivateKey key, PublicKey publicKey, byte[] content, String trustedComment) {
        if (trustedComment.contains("\n") || trustedComment.contains("\r")) {
            throw new IllegalArgumentException("a trusted comment is one line: " + trustedComment);
        }
        MinisignPublicKey pub = MinisignPublicKey.of(publicKey);
        byte[] block = block(key, publicKey, content);
        byte[] signature = Arrays.copyOfRange(block, 10, 74);
        byte[] global = ed25519(key, concat(signature, trustedComment.getBytes(StandardCharsets.UTF_8)));
        Base64.Encoder b64 = Base64.getEncoder();
        return (UNTRUSTED + "signature from Pitstop's package-signing key " + pub.keyIdText() + "\n"
                + b64.encodeToString(block) + "\n"
                + TRUSTED + trustedComment + "\n"
                + b64.encodeToString(global) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Minisign's signature line, decoded: {@code "ED" | key id | Ed25519 signature of BLAKE2b-512(content)}. */
    static byte[] block(PrivateKey key, PublicKey publicKey, byte[] content) {
        byte[] signature = ed25519(key, Blake2b.hash512(content));
        byte[] block = new byte[74];
        System.arraycopy(PREHASHED, 0, block, 0, 2);
        System.arraycopy(MinisignPublicKey.of(publicKey).keyId(), 0, block, 2, 8);
        System.arraycopy(signature, 0, block, 10, 64);
        return block;
    }

    /** Null when {@code block} (minisign's signature line, decoded) is the trusted key's signature of {@code content}. */
    static String blockProblem(byte[] block, PublicKey trusted, byte[] content, String what) {
        if (block.length != 74) return "malformed: the signature must decode to 74 bytes, found " + block.length;
        byte[] algorithm = Arrays.copyOfRange(block, 0, 2);
        boolean prehashed = Arrays.equals(algorithm, PREHASHED);
        if (!prehashed && !Arrays.equals(algorithm, LEGACY)) {
            return "unknown signature algorithm '" + new String(algorithm, StandardCharsets.ISO_8859_1) + "' (minisign knows 'ED' and 'Ed')";
        }
        MinisignPublicKey pub = MinisignPublicKey.of(trusted);
        byte[] keyId = Arrays.copyOfRange(block, 2, 10);
        if (!Arrays.equals(keyId, pub.keyId())) {
            return "signed by key " + MinisignPublicKey.keyIdText(keyId) + ", but this configuration trusts key " + pub.keyIdText();
        }
        try {
            if (!verify(trusted, prehashed ? Blake2b.hash512(content) : content, Arrays.copyOfRange(block, 10, 74))) {
                return "bad signature: " + what + " is not what key " + pub.keyIdText() + " signed";
            }
        } catch (GeneralSecurityException e) {
            return "bad signature: " + e.getMessage();
        }
        return null;
    }

    /** Null when {@code signatureFile} is the trusted key's good signature of {@code content}, otherwise what is wrong. */
    static String problem(byte[] signatureFile, PublicKey trusted, byte[] content) {
        String[] lines = new String(signatureFile, StandardCharsets.UTF_8).split("\n", -1);
        if (lines.length != 5 || !lines[4].isEmpty() || !lines[0].startsWith(UNTRUSTED) || !lines[2].startsWith(TRUSTED)) {
            return "malformed: expected minisign's four lines ('untrusted comment: ...', the signature, "
                    + "'trusted comment: ...', the comment's signature), each ending in a newline";
        }
        byte[] block, global;
        try {
            block = Base64.getDecoder().decode(lines[1]);
            global = Base64.getDecoder().decode(lines[3]);
        } catch (IllegalArgumentException e) {
            return "malformed: line 2 or 4 is not base64";
        }
        if (block.length != 74 || global.length != 64) {
            return "malformed: line 2 must decode to 74 bytes and line 4 to 64 (found " + block.length + " and " + global.length + ")";
        }
        String problem = blockProblem(block, trusted, content, "checksums.sha256");
        if (problem != null) return problem;
        MinisignPublicKey pub = MinisignPublicKey.of(trusted);
        byte[] signature = Arrays.copyOfRange(block, 10, 74);
        try {
            byte[] comment = lines[2].substring(TRUSTED.length()).getBytes(StandardCharsets.UTF_8);
            if (!verify(trusted, concat(signature, comment), global)) {
                return "bad signature: the trusted comment is not what key " + pub.keyIdText() + " signed";
            }
        } catch (GeneralSecurityException e) {
            return "bad signature: " + e.getMessage();
        }
        return null;
    }

    private static byte[] ed25519(PrivateKey key, byte[] message) {
        try {
            Signature s = Signature.getInstance(PackageKeys.ALGORITHM);
            s.initSign(key);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with " + PackageKeys.ALGORITHM + ": " + e.getMessage(), e);
        }
    }

    private static boolean verify(PublicKey key, byte[] message, byte[] signature) throws GeneralSecurityException {
        Signature s = Signature.getInstance(PackageKeys.ALGORITHM);
        s.initVerify(key);
        s.update(message);
        try {
            return s.verify(signature);
        } catch (java.security.SignatureException e) {
            // The JDK throws, rather than answering false, for signature bytes that do not even encode
            // a point and a scalar; for the user both are the same thing: not what the key signed.
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
