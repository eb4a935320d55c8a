package io.pitstop.engine.store;

/**
 * The run store's database could not do what was asked: it is unreachable, locked for longer than
 * the busy timeout, or its schema could not be migrated. Broken infrastructure, so an exception;
 * the message names the operation and the database.
 */
public class StoreException extends RuntimeException {

    private final String operation;
    private final String jdbcUrl;

    public StoreException(String operation, String jdbcUrl, Throwable cause) {
        super("run store: could not " + operation + " in " + jdbcUrl
                + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        this.operation = operation;
        this.jdbcUrl = jdbcUrl;
    }

    public String operation() {
        return operation;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }
}
