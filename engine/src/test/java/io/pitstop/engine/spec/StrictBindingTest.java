package io.pitstop.engine.spec;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** No silent conversions between kinds of scalar, and shapes checked before anything binds. */
class StrictBindingTest {

    private final Path dir = Scratch.dir("strict-binding");

    private static final String HEAD = "pipeline: p\nmodel: {name: m}\nsteps:\n"
            + "  - {id: s, uses: data.source, with: {path: a.csv}}\n";

    /** Problems of a pipeline whose one train step has the given {@code with:} flow mapping (line 5). */
    private List<String> trainWith(String with) throws IOException {
        return problems(HEAD + "  - {id: t, uses: train.network, needs: s, with: " + with + "}\n");
    }

    private List<String> problems(String yaml) throws IOException {
        Path file = dir.resolve("p.yaml");
        Files.writeString(file, yaml);
        SpecException e = assertThrows(SpecException.class, () -> new PipelineLoader(TestSteps.catalog()).load(file, dir));
        return e.problems().stream().map(p -> p.line() + ":" + p.column() + ": " + p.message()).toList();
    }

    @Test
    void floatForIntFails() throws IOException {
        assertEquals(List.of("5:69: step 't': parameter 'network.epochs' must be an integer, found number 2.5"),
                trainWith("{network: {epochs: 2.5}}"));
    }

    @Test
    void integerForBooleanFails() throws IOException {
        assertEquals(List.of("5:82: step 't': parameter 'balance' must be true or false, found integer 1"),
                trainWith("{network: {epochs: 2}, balance: 1}"));
    }

    @Test
    void stringForDoubleFails() throws IOException {
        assertEquals(List.of("5:87: step 't': parameter 'network.learning_rate' must be a number, found string \"0.1\""),
                trainWith("{network: {epochs: 2, learning_rate: \"0.1\"}}"));
    }

    @Test
    void integerForStringFails() throws IOException {
        assertEquals(List.of("5:80: step 't': parameter 'label' must be a string, found integer 7"),
                trainWith("{network: {epochs: 2}, label: 7}"));
    }

    @Test
    void integerForEnumFails() throws IOException {
        assertEquals(List.of("5:84: step 't': parameter 'network.activation' must be one of: relu, tanh, sigmoid,"
                + " found integer 1"), trainWith("{network: {epochs: 2, activation: 1}}"));
    }

    /** Bound again with each constant in its place, the block still reports its other bad value. */
    @Test
    void aRefusedEnumValueDoesNotHideABadValueBesideIt() throws IOException {
        assertEquals(List.of("5:60: step 't': parameter 'network': epochs must be positive, found 0",
                "5:73: step 't': parameter 'network.activation' must be one of: relu, tanh, sigmoid, found string \"swish\""),
                trainWith("{network: {activation: swish, epochs: 0}}"));
    }

    @Test
    void wrongListItemIsNamedByIndex() throws IOException {
        assertEquals(List.of("5:84: step 't': parameter 'network.hidden[1]' must be an integer, found string \"x\""),
                trainWith("{network: {epochs: 2, hidden: [4, x]}}"));
    }

    @Test
    void scalarForListFails() throws IOException {
        assertEquals(List.of("5:83: step 't': parameter 'features' must be a list, found string \"tenure\""),
                trainWith("{network: {epochs: 2}, features: tenure}"));
    }

    @Test
    void missingPrimitiveIsAMissingParameter() throws IOException {
        assertEquals(List.of("5:60: step 't': missing required parameter 'network.epochs'"),
                trainWith("{network: {hidden: [4]}}"));
    }

    @Test
    void explicitNullForPrimitiveFails() throws IOException {
        assertEquals(List.of("5:69: step 't': parameter 'network.epochs' must be an integer, found null (an empty value)"),
                trainWith("{network: {epochs: null}}"));
    }

    @Test
    void everyUnknownParameterIsReported() throws IOException {
        assertEquals(List.of(
                "5:51: step 't': unknown parameter 'lable' (did you mean 'label'?)",
                "5:71: step 't': unknown parameter 'network.epocs' (did you mean 'network.epochs'?)",
                "5:82: step 't': unknown parameter 'colour'; expected one of: balance, features, label, network, task, weights"),
                trainWith("{lable: x, network: {epocs: 2}, colour: {}}"));
    }

    @Test
    void stepWithoutParametersRejectsAny() throws IOException {
        assertEquals(List.of("5:53: step 'p': unknown parameter 'x'; this step takes no parameters here"),
                problems(HEAD + "  - {id: p, uses: release.package, needs: s, with: {x: 1}}\n"));
    }

    @Test
    void withMustBeAMapping() throws IOException {
        assertEquals(List.of("5:50: step 't': 'with' must be a mapping, found a list"), trainWith("[1, 2]"));
    }

    @Test
    void fileMustBeAMappingWithSteps() throws IOException {
        assertEquals(List.of("1:1: a pipeline file must be a mapping, found a list"), problems("- a\n- b\n"));
        assertEquals(List.of("1:1: a pipeline file must be a mapping, found null (an empty value)"), problems(""));
        assertEquals(List.of("3:8: 'steps' must list at least one step"), problems("pipeline: p\nmodel: {name: m}\nsteps: []\n"));
        assertEquals(List.of("1:1: missing required key 'model'", "1:1: missing required key 'steps'"),
                problems("pipeline: p\n"));
    }

    @Test
    void stepIdMustBeLowerCaseWithDashes() throws IOException {
        assertEquals(List.of("4:10: step 'Source_1': step id 'Source_1' must match [a-z0-9][a-z0-9-]*"
                        + " (lower-case letters, digits, dashes)"),
                problems("pipeline: p\nmodel: {name: m}\nsteps:\n  - {id: Source_1, uses: data.source, with: {path: a.csv}}\n"));
    }

    @Test
    void consumedOutputProducedElsewhereSuggestsThatStep() throws IOException {
        assertEquals(List.of("6:5: step 'e' reads output 'model' but no upstream step produces it"
                        + " (add 't', which produces it, to needs)"),
                problems(HEAD + "  - {id: t, uses: train.network, needs: s, with: {network: {epochs: 2}}}\n"
                        + "  - {id: e, uses: evaluate.classifier, needs: s}\n"));
    }
}
