package io.pitstop.engine.spec;

import com.fasterxml.jackson.databind.JsonNode;
import io.pitstop.engine.step.Location;

import java.util.List;
import java.util.Objects;

/** One step as declared: its id, its kind ({@code uses}), its upstream steps and raw parameters. */
public record StepSpec(String id, String uses, List<String> needs, JsonNode with, String description,
                       Location location) {

    public StepSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(uses, "uses");
        needs = List.copyOf(needs);
        description = description == null ? "" : description;
    }
}
