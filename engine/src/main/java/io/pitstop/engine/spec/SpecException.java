package io.pitstop.engine.spec;

import io.pitstop.engine.step.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline or contract file that cannot be used; carries every problem found, sorted by place. */
public final class SpecException extends RuntimeException {

    private final List<Problem> problems;

    public SpecException(List<Problem> problems) {
        super(problems.stream().sorted().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) throw new IllegalArgumentException("a SpecException needs at least one problem");
        this.problems = problems.stream().sorted().toList();
    }

    public List<Problem> problems() {
        return problems;
    }
}
