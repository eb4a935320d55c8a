package io.pitstop.steps.score;

import java.util.List;

/**
 * Staged predictions failed their checks, so the prediction table was not touched. Lists every
 * failed check (not only the first), with what was expected and found.
 */
public final class PredictionCheckException extends RuntimeException {

    private final List<PredictionCheck> failed;

    public PredictionCheckException(String staged, List<PredictionCheck> failed) {
        super("predictions staged at " + staged + " failed " + failed.size() + " check(s), the table was not changed: "
                + String.join("; ", failed.stream().map(PredictionCheck::toString).toList()));
        this.failed = List.copyOf(failed);
    }

    public List<PredictionCheck> failed() {
        return failed;
    }

    public List<String> failedNames() {
        return failed.stream().map(PredictionCheck::name).toList();
    }
}
