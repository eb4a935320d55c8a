package io.pitstop.engine.spec;

import io.pitstop.engine.conf.ProjectPaths;
import io.pitstop.engine.step.Location;
import io.pitstop.engine.step.Problem;
import io.pitstop.engine.step.StepDeclaration;
import io.pitstop.engine.step.ValidationContext;
import io.pitstop.engine.yaml.YamlDocument;

import java.nio.file.Path;
import java.util.List;

/**
 * What a step's own {@code validate} sees: pointers it gives are relative to its {@code with:} block
 * and are located in the pipeline file, so its problems read like the loader's own.
 *
 * @param upstreamDeclarations what the steps upstream of this one declared, nearest first
 */
record StepValidationContext(ProjectPaths paths, String stepId, YamlDocument doc, String withPointer,
                             Location stepLocation, List<StepDeclaration> upstreamDeclarations) implements ValidationContext {

    StepValidationContext {
        upstreamDeclarations = List.copyOf(upstreamDeclarations);
    }

    /** A step with nothing declared upstream of it and paths kept in the project. */
    StepValidationContext(Path projectDir, String stepId, YamlDocument doc, String withPointer, Location stepLocation) {
        this(ProjectPaths.inside(projectDir), stepId, doc, withPointer, stepLocation, List.of());
    }

    @Override
    public Path projectDir() {
        return paths.projectDir();
    }

    @Override
    public Problem problemAt(String paramPointer, String message) {
        String relative = paramPointer == null || paramPointer.equals("/") ? "" : paramPointer;
        Location at = doc.at(withPointer).isMissingNode() ? stepLocation : doc.locate(withPointer + relative);
        return Problem.at(at, "step '" + stepId + "': " + message);
    }
}
