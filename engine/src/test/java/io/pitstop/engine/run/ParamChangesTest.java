package io.pitstop.engine.run;

import io.pitstop.engine.json.Json;
import io.pitstop.engine.run.PipelineStatus.Cause;
import io.pitstop.engine.run.PipelineStatus.Reason;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A params change is told parameter by parameter, nested ones by their dotted path. */
class ParamChangesTest {

    @Test
    void eachChangedParameterIsNamedByItsPathAndAListAsAWhole() throws Exception {
        var before = Json.MAPPER.readTree("""
                {"label": "churn", "network": {"epochs": 30, "hidden": [32, 16], "activation": "relu", "patience": null}}""");
        var now = Json.MAPPER.readTree("""
                {"label": "churn", "network": {"epochs": 40, "hidden": [64, 32], "activation": "relu", "patience": 5},
                 "task": "multiclass"}""");

        List<Reason> reasons = ParamChanges.between(before, now);

        assertEquals(List.of(
                new Reason(Cause.PARAMS_CHANGED, "network.epochs", "30", "40"),
                new Reason(Cause.PARAMS_CHANGED, "network.hidden", "[32,16]", "[64,32]"),
                new Reason(Cause.PARAMS_CHANGED, "network.patience", "null", "5"),
                new Reason(Cause.PARAMS_CHANGED, "task", null, "multiclass")), reasons);
        assertEquals(List.of("param network.epochs: 30 -> 40", "param network.hidden: [32,16] -> [64,32]",
                "param network.patience: null -> 5", "param task: none -> multiclass"),
                reasons.stream().map(Reason::describe).toList());
    }
}
