package io.pitstop.steps.score;

import io.pitstop.steps.TestSpark;

import java.util.Set;

/** An erasure in a process of its own, for the fault tests: {@code <table> <key>}. Exit 0 once it completed. */
public final class ErasureChild {

    public static void main(String[] args) {
        var erased = new DeltaPredictionTables(TestSpark.session()).erase(args[0], null, Set.of(args[1]), "{}");
        System.out.println("erased: " + erased);
        System.exit(0);
    }
}
