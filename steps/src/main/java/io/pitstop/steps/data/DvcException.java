package io.pitstop.steps.data;

import java.util.List;

/**
 * A {@code dvc} command that could not do its job. Carries the command line, the exit code (-1 when
 * the process never ran or was killed) and dvc's own error text, so the terminal shows what dvc said
 * and not only that it failed.
 */
public final class DvcException extends RuntimeException {

    /** What went wrong, so callers and tests can tell the cases apart without parsing text. */
    public enum Kind {
        /** The dvc executable is not there: the project's venv was never set up. */
        BINARY_MISSING,
        /** The working directory is not inside a DVC repository ({@code dvc init} was never run). */
        NOT_A_REPOSITORY,
        /** A push or pull could not reach or write the remote. */
        REMOTE_FAILED,
        /** dvc ran longer than its timeout and was killed. */
        TIMEOUT,
        /** Any other non-zero exit. */
        FAILED
    }

    private final Kind kind;
    private final List<String> commandLine;
    private final int exitCode;
    private final String dvcMessage;

    public DvcException(Kind kind, List<String> commandLine, int exitCode, String dvcMessage, String explanation) {
        super(explanation + "\n  command: " + String.join(" ", commandLine)
                + (exitCode >= 0 ? "\n  exit code: " + exitCode : "")
                + (dvcMessage.isBlank() ? "" : "\n  dvc said: " + dvcMessage.strip().replace("\n", "\n    ")));
        this.kind = kind;
        this.commandLine = List.copyOf(commandLine);
        this.exitCode = exitCode;
        this.dvcMessage = dvcMessage.strip();
    }

    public Kind kind() {
        return kind;
    }

    public List<String> commandLine() {
        return commandLine;
    }

    public int exitCode() {
        return exitCode;
    }

    /** dvc's stderr (its {@code ERROR: …} lines), stripped; empty when dvc never ran. */
    public String dvcMessage() {
        return dvcMessage;
    }
}
