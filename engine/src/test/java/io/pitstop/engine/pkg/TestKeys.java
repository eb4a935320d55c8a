package io.pitstop.engine.pkg;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;

/** Ed25519 key pairs for tests: one trusted, one that nobody trusts. */
final class TestKeys {

    static final KeyPair PAIR = generate();
    static final KeyPair STRANGER = generate();

    private TestKeys() {
    }

    static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
