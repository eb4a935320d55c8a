package io.pitstop.engine.step;

import java.util.Objects;

/**
 * The model a pipeline builds, from the pipeline file's {@code model:} block. The name keys the
 * registry; the rest feeds the model card.
 */
public record ModelInfo(String name, String owner, String description, String intendedUse, String limitations) {
    public ModelInfo {
        Objects.requireNonNull(name, "name");
        owner = owner == null ? "" : owner;
        description = description == null ? "" : description;
        intendedUse = intendedUse == null ? "" : intendedUse;
        limitations = limitations == null ? "" : limitations;
    }
}
