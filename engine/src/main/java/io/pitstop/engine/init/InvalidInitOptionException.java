package io.pitstop.engine.init;

/** An {@code init} option that cannot be used (a bad --name, --task or --positive); the message says which. */
public final class InvalidInitOptionException extends RuntimeException {

    public InvalidInitOptionException(String message) {
        super(message);
    }
}
