package io.pitstop.steps.score;

/** One check of staged predictions that did not hold: its name, what it expected, what it found. */
public record PredictionCheck(String name, String expected, String found) {

    @Override
    public String toString() {
        return name + ": expected " + expected + ", found " + found;
    }
}
