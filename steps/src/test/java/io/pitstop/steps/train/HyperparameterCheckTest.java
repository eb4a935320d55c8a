package io.pitstop.steps.train;

import io.pitstop.engine.step.Problem;
import io.pitstop.steps.DemoPipeline;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad hyperparameters in the shipped demo pipeline are refused by the same loader {@code ./pitstop
 * check} uses, with the line and column of the bad value itself.
 */
class HyperparameterCheckTest {

    @TempDir
    Path project;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "learning_rate: 0.005 | learning_rate: -0.1 | learning_rate: | network.learning_rate must be in (0, 1], was -0.1",
            "hidden: [32, 16]     | hidden: []          | hidden:        | network.hidden must list at least one layer",
            "hidden: [32, 16]     | hidden: [32, 0]     | hidden:        | network.hidden[1] must be 1 to 4096 units, was 0",
            "hidden: [32, 16]     | hidden: [100000000, 16] | hidden:    | network.hidden[0] must be 1 to 4096 units, was 100000000",
            "epochs: 30           | epochs: 100000      | epochs:        | network.epochs must be 1 to 10000, was 100000",
            "activation: relu     | activation: relux   | activation:    | parameter 'network.activation' must be one of:"
                    + " relu, leaky_relu, elu, selu, tanh, sigmoid, found string \"relux\" (did you mean 'relu'?)",
            "l2: 0.0001           | optimizer: adamw    | optimizer:     | parameter 'network.optimizer' must be one of:"
                    + " adam, nesterovs, rmsprop, adagrad, sgd, found string \"adamw\"",
            "batch_size: 128      | batch_size: 0       | batch_size:    | network.batch_size must be 1 to 65536, was 0",
    })
    void aBadValueIsReportedAtItsOwnLineAndColumn(String good, String bad, String key, String message) throws Exception {
        List<Problem> problems = DemoPipeline.problemsWithReplaced(project, good, bad);

        Path file = project.resolve("pipelines/telco-churn.yaml");
        assertEquals(1, problems.size(), problems.toString());
        Problem p = problems.get(0);
        assertTrue(p.message().contains(message), p.message());
        List<String> lines = Files.readAllLines(file);
        String line = lines.get(p.line() - 1);
        int valueColumn = line.indexOf(key) + key.length() + 2;
        assertTrue(line.contains(bad), "line " + p.line() + " is '" + line + "', not the bad value's");
        if (!bad.endsWith("[]") && !bad.startsWith("hidden: [")) assertEquals(valueColumn, p.column(), line);
    }

    /**
     * A name that is no activation stops the network block from binding; the binder binds it again with
     * each activation in its place, so a bad value beside it in the same block is reported in the same check.
     */
    @Test
    void aRefusedActivationDoesNotHideABadValueBesideIt() throws Exception {
        List<Problem> problems = DemoPipeline.problemsWithReplaced(project,
                "activation: relu\n        learning_rate: 0.005\n        epochs: 30\n",
                "activation: softmax\n        learning_rate: 0.005\n        epochs: 0\n");

        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).message().contains("parameter 'network.activation' must be one of: relu,"), problems.toString());
        assertTrue(problems.get(1).message().contains("network.epochs must be 1 to 10000, was 0"), problems.toString());
        assertEquals(problems.get(0).line() + 2, problems.get(1).line(), problems.toString());
    }
}
