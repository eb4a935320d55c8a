package io.pitstop.engine.pkg;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A package-signing public key as minisign reads it ({@code minisign -p <file>}): the line
 * {@code untrusted comment: minisign public key <KEY ID>} and the base64 of {@code "Ed"}, the 8-byte key id
 * and the 32-byte Ed25519 key. minisign draws a key id at random when it makes a key; Pitstop's keys are
 * JDK Ed25519 keys (PEM files), so their id is derived instead: the first 8 bytes of the SHA-256 of the
 * key's X.509 encoding. {@link #keyIdText()} prints it the way minisign does (the bytes read as a
 * little-endian 64-bit number, upper-case hex), so Pitstop and minisign name a key alike.
 */
public final class MinisignPublicKey {

    /** The one signature algorithm a minisign public key names: Ed25519. */
    static final byte[] ALGORITHM = {'E', 'd'};
    private static final String COMMENT = "untrusted comment: ";
    /** An Ed25519 X.509 encoding is a fixed 12-byte prefix followed by the 32-byte key. */
    private static final int X509_PREFIX = 12;

    private final byte[] keyId;
    private final byte[] key;

    private MinisignPublicKey(byte[] keyId, byte[] key) {
        this.keyId = keyId;
        this.key = key;
    }

    /** The minisign form of a JDK Ed25519 public key. */
    public static MinisignPublicKey of(PublicKey publicKey) {
        byte[] encoded = publicKey.getEncoded();
        if (!PackageKeys.ALGORITHM.equals(publicKey.getAlgorithm()) && !"EdDSA".equals(publicKey.getAlgorithm())
                || encoded.length != X509_PREFIX + 32) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + publicKey.getAlgorithm());
        }
        return new MinisignPublicKey(Arrays.copyOf(sha256(encoded), 8), Arrays.copyOfRange(encoded, X509_PREFIX, encoded.length));
    }

    /** Reads a minisign public key file; the message says what is wrong with one that is not. */
    static MinisignPublicKey parse(byte[] file) {
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\r?\n");
        if (lines.length < 2 || !lines[0].startsWith(COMMENT)) {
            throw new IllegalArgumentException("not a minisign public key: expected 'untrusted comment: ...' and a base64 line");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(lines[1].trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a minisign public key: line 2 is not base64");
        }
        if (raw.length != 42 || raw[0] != ALGORITHM[0] || raw[1] != ALGORITHM[1]) {
            throw new IllegalArgumentException("not a minisign public key: line 2 must hold 'Ed', an 8-byte key id and a 32-byte key");
        }
        return new MinisignPublicKey(Arrays.copyOfRange(raw, 2, 10), Arrays.copyOfRange(raw, 10, 42));
    }

    /** The 8 bytes minisign stores in a signature to say which key made it. */
    byte[] keyId() {
        return keyId.clone();
    }

    /**
     * The key id as minisign prints it, e.g. {@code 8A3F0C19D2E4B7A1}: the 8 bytes read as a
     * little-endian number in upper-case hex without leading zeros (minisign formats it with
     * {@code PRIX64}), so that an id starting with a zero nibble reads the same in both tools.
     */
    public String keyIdText() {
        return keyIdText(keyId);
    }

    static String keyIdText(byte[] keyId) {
        long id = 0;
        for (int i = keyId.length - 1; i >= 0; i--) id = (id << 8) | (keyId[i] & 0xFF);
        return Long.toHexString(id).toUpperCase(java.util.Locale.ROOT);
    }

    /** The file {@code minisign -p} reads. */
    public byte[] fileBytes() {
        byte[] raw = new byte[42];
        System.arraycopy(ALGORITHM, 0, raw, 0, 2);
        System.arraycopy(keyId, 0, raw, 2, 8);
        System.arraycopy(key, 0, raw, 10, 32);
        return (COMMENT + "minisign public key " + keyIdText() + "\n" + Base64.getEncoder().encodeToString(raw) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MinisignPublicKey other && Arrays.equals(keyId, other.keyId) && Arrays.equals(key, other.key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(keyId), Arrays.hashCode(key));
    }

    @Override
    public String toString() {
        return "minisign public key " + keyIdText();
    }

    private static byte[] sha256(byte[] bytes) {
        MessageDigest digest = Sha256.digest();
        return digest.digest(bytes);
    }
}
