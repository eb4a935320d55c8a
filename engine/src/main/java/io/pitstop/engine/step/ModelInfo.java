package io.pitstop.engine.step;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * The model a pipeline builds, from the pipeline file's {@code model:} block. The name keys the
 * registry; the decision threshold is the binary model's one threshold ({@link DecisionThreshold});
 * the rest feeds the model card.
 *
 * @param decisionThreshold the declared threshold; null when the pipeline declares none
 */
public record ModelInfo(String name, String owner, String description, String intendedUse, String limitations,
                        @JsonInclude(JsonInclude.Include.NON_NULL) DecisionThreshold decisionThreshold) {
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        owner = owner == null ? "" : owner;
        description = description == null ? "" : description;
        intendedUse = intendedUse == null ? "" : intendedUse;
        limitations = limitations == null ? "" : limitations;
    }

    /** A model whose pipeline declares no threshold. */
    public ModelInfo(String name, String owner, String description, String intendedUse, String limitations) {
        this(name, owner, description, intendedUse, limitations, null);
    }

    /** The threshold a binary model of this pipeline decides at: the declared one, else {@link DecisionThreshold#DEFAULT}. */
    public DecisionThreshold threshold() {
        return decisionThreshold == null ? DecisionThreshold.DEFAULT : decisionThreshold;
    }
}
