package io.pitstop.steps.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pitstop.steps.evaluate.EvaluateParams;
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
        assertEquals(0.005, train.network().learningRate());
        assertEquals(128, train.network().batchSize());
        assertEquals(List.of(32, 16), train.network().hidden());
        assertEquals(0.0, train.network().dropout()); // not declared: default
        assertEquals(10, train.features().categorical().size());

        EvaluateParams evaluate = YAML.treeToValue(with("evaluate"), EvaluateParams.class);
        assertEquals(List.of("contract"), evaluate.slices());
    }

    @Test
    void unknownKeysAndBadValuesAreRefusedWithTheirName() {
        assertThrows(UnrecognizedPropertyException.class, () -> YAML.readValue(
                "{ hidden: [8], learning_rte: 0.1 }", NetworkParams.class));
        var e = assertThrows(ValueInstantiationException.class, () -> YAML.readValue(
                "{ activation: softmax }", NetworkParams.class));
        assertTrue(e.getMessage().contains("network.activation 'softmax' is not one of"), e.getMessage());
        var split = assertThrows(ValueInstantiationException.class, () -> YAML.readValue(
                "{ test: 0.6, validation: 0.4 }", SplitFractions.class));
        assertTrue(split.getMessage().contains("split.test + split.validation"), split.getMessage());
        NetworkParams defaults = NetworkParams.defaults();
        assertNull(defaults.patience());
    }
}
