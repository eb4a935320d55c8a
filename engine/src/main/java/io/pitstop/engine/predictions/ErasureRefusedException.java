package io.pitstop.engine.predictions;

/** An erasure that was not attempted: bad keys, an unknown table or column, no audited writer. Nothing was written. */
public final class ErasureRefusedException extends RuntimeException {
    public ErasureRefusedException(String message) {
        super(message);
    }
}
