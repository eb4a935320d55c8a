package io.pitstop.engine.pkg;

import io.pitstop.engine.conf.Profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.UUID;

/**
 * Where the package-signing key pair lives, read from the profile's {@code keys} section. The
 * private key signs packages (the package step); the public key is what every load of a package
 * trusts. Both are PEM files (PKCS#8 and X.509, Ed25519), so {@code openssl pkey} reads them too; the
 * public key is also written in minisign's format beside them ({@link #minisignPublicKeyFile()}).
 *
 * <pre>
 * keys:
 *   private: .pitstop/keys/package-signing.key   # mode 600; only the machine that releases needs it
 *   public: .pitstop/keys/package-signing.pub    # every machine that loads packages needs it
 *   create_if_missing: true                      # embedded default: the first package makes a pair
 * </pre>
 *
 * Without a {@code keys} section the pair lives under {@code <state_dir>/keys/} and is created
 * with the first package, so the demo needs no set-up; a configured pair is never created implicitly.
 */
public record PackageKeys(Path privateKeyFile, Path publicKeyFile, boolean createIfMissing) {

    static final String ALGORITHM = "Ed25519";

    public PackageKeys {
        Objects.requireNonNull(privateKeyFile, "privateKeyFile");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
    }

    public static PackageKeys of(Profile profile) {
        boolean configured = !profile.under("keys").isEmpty();
        Path dir = profile.stateDir().resolve("keys");
        Path priv = profile.find("keys.private").map(p -> profile.projectDir().resolve(p).normalize())
                .orElse(dir.resolve("package-signing.key"));
        Path pub = profile.find("keys.public").map(p -> profile.projectDir().resolve(p).normalize())
                .orElse(dir.resolve("package-signing.pub"));
        boolean create = Boolean.parseBoolean(profile.get("keys.create_if_missing", Boolean.toString(!configured)));
        return new PackageKeys(priv, pub, create);
    }

    /**
     * Keys for a machine that only loads packages: it trusts the public key in {@code publicKeyFile}
     * and has no private key, so it can verify but never sign (signing fails naming the missing key).
     */
    public static PackageKeys verifyingOnly(Path publicKeyFile) {
        return new PackageKeys(publicKeyFile.resolveSibling(publicKeyFile.getFileName() + ".no-private-key"),
                publicKeyFile, false);
    }

    /**
     * Makes a new pair; refuses to overwrite either file (a replaced key would orphan every package
     * it signed). The private key file is readable by its owner only.
     */
    public KeyPair generate() {
        for (Path f : new Path[]{privateKeyFile, publicKeyFile}) {
            if (Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
                throw new KeyException(f + " already exists; refusing to overwrite a signing key (packages it signed "
                        + "would no longer verify). Remove it yourself if you really mean to replace it.");
            }
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            writePem(privateKeyFile, "PRIVATE KEY", pair.getPrivate().getEncoded(), true);
            writePem(publicKeyFile, "PUBLIC KEY", pair.getPublic().getEncoded(), false);
            writeMinisignPublicKey();
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java runtime has no Ed25519 (JDK 15+ does)", e);
        } catch (FileAlreadyExistsException e) {
            throw new KeyException(e.getFile() + " already exists; refusing to overwrite a signing key");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key pair: " + e.getMessage(), e);
        }
    }

    /** The private key, made first when allowed and neither file exists. */
    public PrivateKey signingKey() {
        if (createIfMissing && !Files.exists(privateKeyFile) && !Files.exists(publicKeyFile)) generate();
        if (!Files.isRegularFile(privateKeyFile)) {
            throw new KeyException("no package-signing key at " + privateKeyFile + ": run ./pitstop keys init, or set "
                    + "keys.private in the profile");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(readPem(privateKeyFile, "PRIVATE KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyException(privateKeyFile + " is not an Ed25519 private key (PKCS#8 PEM): " + e.getMessage());
        }
    }

    /** The public key every package must be signed by. */
    public PublicKey trustedKey() {
        if (!Files.isRegularFile(publicKeyFile)) {
            throw new KeyException("no trusted public key at " + publicKeyFile + ": packages cannot be verified without it"
                    + " (./pitstop keys init makes a pair; set keys.public in the profile to use another)");
        }
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(readPem(publicKeyFile, "PUBLIC KEY")));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyException(publicKeyFile + " is not an Ed25519 public key (X.509 PEM): " + e.getMessage());
        }
    }

    /**
     * A short, stable name of a public key, as minisign prints it: 16 upper-case hex digits
     * ({@link MinisignPublicKey#keyIdText()}).
     */
    public static String keyId(PublicKey key) {
        return MinisignPublicKey.of(key).keyIdText();
    }

    /**
     * The public key in minisign's format, beside the PEM file ({@code package-signing.pub} ->
     * {@code package-signing.minisign.pub}): what {@code minisign -Vm checksums.sha256 -p <file>} checks a
     * package with.
     */
    public Path minisignPublicKeyFile() {
        String name = publicKeyFile.getFileName().toString();
        String stem = name.endsWith(".pub") ? name.substring(0, name.length() - 4) : name;
        return publicKeyFile.resolveSibling(stem + ".minisign.pub");
    }

    /**
     * Writes {@link #minisignPublicKeyFile()} for the trusted key unless it already holds exactly that (key
     * pairs made before Pitstop signed with minisign have none; one left from a replaced pair is stale). It
     * is derived from the PEM file, which stays the authority. A directory Pitstop may not write to (a
     * read-only key store) is left alone: every package carries the same key as {@code signing.pub} anyway.
     */
    public void writeMinisignPublicKey() {
        Path file = minisignPublicKeyFile();
        byte[] wanted = MinisignPublicKey.of(trustedKey()).fileBytes();
        try {
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && Arrays.equals(Files.readAllBytes(file), wanted)) return;
            // A temp file renamed into place: a reader never sees half a key.
            Path temp = file.resolveSibling("." + file.getFileName() + ".tmp-" + UUID.randomUUID());
            Files.write(temp, wanted, StandardOpenOption.CREATE_NEW);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // Not fatal: see above.
        }
    }

    private static void writePem(Path file, String label, byte[] der, boolean secret) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        String pem = "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
        if (secret) {
            // Created with owner-only permissions, so the key is never readable by others, not even briefly.
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                // Writing the key with default permissions would leave it readable by others: refuse instead.
                throw new IOException("cannot create " + file + " readable by its owner only: its filesystem has no"
                        + " POSIX permissions; set keys.private to a path on one that has", e);
            }
            Files.writeString(file, pem, StandardOpenOption.TRUNCATE_EXISTING);
        } else {
            Files.writeString(file, pem, StandardOpenOption.CREATE_NEW);
        }
    }

    private static byte[] readPem(Path file, String label) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new KeyException("cannot read " + file + ": " + e.getMessage());
        }
        String begin = "-----BEGIN " + label + "-----", end = "-----END " + label + "-----";
        int b = text.indexOf(begin), e = text.indexOf(end);
        if (b < 0 || e < b) throw new IllegalArgumentException("expected a PEM block '" + begin + "'");
        return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    }

    /** A key that is missing, unreadable or would be overwritten; names the file. */
    public static final class KeyException extends RuntimeException {
        public KeyException(String message) {
            super(message);
        }
    }
}
