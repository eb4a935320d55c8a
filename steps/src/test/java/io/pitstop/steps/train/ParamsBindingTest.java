package io.pitstop.steps.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pitstop.steps.evaluate.EvaluateParams;
import io.pitstop.steps.model.ModelTask;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo pipeline's {@code with:} blocks bind to the params records as the engine binds them: snake_case, strict. */
class ParamsBindingTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static JsonNode with(String stepId) throws Exception {
        JsonNode pipeline = YAML.readTree(Path.of("..", "pipelines", "telco-churn.yaml").toFile());
        for (JsonNode step : pipeline.get("steps")) {
            if (step.get("id").asText().equals(stepId)) return step.get("with");
        }
        throw new AssertionError("no step " + stepId);
    }

    @Test
    void theDemoPipelineBindsWithDefaultsFilled() throws Exception {
        TrainParams train = YAML.treeToValue(with("train"), TrainParams.class);
        assertEquals("Yes", train.positive());
        assertEquals(ModelTask.BINARY, train.task()); // not declared: default
        assertEquals(Activation.RELU, train.network().activation());
        assertEquals(Optimizer.ADAM, train.network().optimizer());
        assertEquals(0.005, train.network().learningRate());
        assertEquals(128, train.network().batchSize());
        assertEquals(List.of(32, 16), train.network().hidden());
        assertEquals(0.0, train.network().dropout()); // not declared: default
        assertEquals(10, train.features().categorical().size());

        EvaluateParams evaluate = YAML.treeToValue(with("evaluate"), EvaluateParams.class);
        assertEquals(List.of("contract"), evaluate.slices());
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedWithTheirName() throws Exception {
        assertThrows(UnrecognizedPropertyException.class, () -> YAML.readValue(
                "{ hidden: [8], learning_rte: 0.1 }", NetworkParams.class));
        // An activation is bound to Pitstop's own enum by its YAML name; no other name binds.
        assertEquals(Activation.LEAKY_RELU, YAML.readValue("{ activation: leaky_relu }", NetworkParams.class).activation());
        assertEquals(Optimizer.NESTEROVS, YAML.readValue("{ optimizer: nesterovs }", NetworkParams.class).optimizer());
        var e = assertThrows(MismatchedInputException.class, () -> YAML.readValue(
                "{ activation: softmax }", NetworkParams.class));
        assertTrue(e.getMessage().contains("\"softmax\""), e.getMessage());
        var split = assertThrows(ValueInstantiationException.class, () -> YAML.readValue(
                "{ test: 0.6, validation: 0.4 }", SplitFractions.class));
        assertTrue(split.getMessage().contains("split.test + split.validation"), split.getMessage());
        NetworkParams defaults = NetworkParams.defaults();
        assertNull(defaults.patience());
    }

    /**
     * The run store records a step's params as {@code Json.MAPPER} writes them (and hashes them into the
     * cache key), model.json its hyperparameters from {@link NetworkParams#asMap()}: both keep the lower-case
     * names the strings were, so earlier runs stay cached and earlier packages read the same.
     */
    @Test
    void theEnumsAreRecordedByTheNamesThePipelineWrites() throws Exception {
        TrainParams train = YAML.treeToValue(with("train"), TrainParams.class);
        JsonNode recorded = io.pitstop.engine.json.Json.MAPPER.valueToTree(train);
        assertEquals("binary", recorded.path("task").textValue());
        assertEquals("relu", recorded.path("network").path("activation").textValue());
        assertEquals("adam", recorded.path("network").path("optimizer").textValue());
        var hyperparameters = new NetworkParams(List.of(8), Activation.LEAKY_RELU, null, null, null, null, null, null,
                Optimizer.RMSPROP, null).asMap();
        assertEquals("leaky_relu", hyperparameters.get("activation"));
        assertEquals("rmsprop", hyperparameters.get("optimizer"));
    }
}
