package io.pitstop.engine.cli;

/**
 * The command line named something that is not there or cannot be used (a pipeline file, a
 * profile, a run). Nothing ran; {@link PitstopCli} prints the message and exits with
 * {@link io.pitstop.engine.run.RunOutcome#EXIT_INVALID}, so a scheduler can tell "fix the call"
 * from "a step broke".
 */
final class InvalidInputException extends RuntimeException {

    InvalidInputException(String message) {
        super(message);
    }

    InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
