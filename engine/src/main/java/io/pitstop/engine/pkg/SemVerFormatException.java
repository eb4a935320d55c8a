package io.pitstop.engine.pkg;

/** A string that is not a {@link SemVer}; carries the rejected input. */
public final class SemVerFormatException extends IllegalArgumentException {

    private final String input;

    public SemVerFormatException(String input, String message) {
        super(message);
        this.input = input;
    }

    public String input() {
        return input;
    }
}
