package io.pitstop.engine.step;

import io.pitstop.engine.conf.ProjectPaths;
import io.pitstop.engine.contract.Contract;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link Step#validate} may use: the project, a way to point at its own {@code with:} keys, the
 * rule for where paths may point, and what the steps upstream of it declared ({@link StepDeclaration}).
 */
public interface ValidationContext {

    Path projectDir();

    /** The step's id in the pipeline. */
    String stepId();

    /**
     * A problem located at a parameter of this step, given as a JSON pointer relative to its
     * {@code with:} block (e.g. {@code "/contract"} or {@code "/network/layers/1"}); falls back to the
     * nearest enclosing node, then to the step itself.
     */
    Problem problemAt(String paramPointer, String message);

    default Path resolve(String projectRelative) {
        return projectDir().resolve(projectRelative).normalize();
    }

    /** Where paths may point: the project and the roots the profile allows. */
    default ProjectPaths paths() {
        return ProjectPaths.inside(projectDir());
    }

    /**
     * A problem at the parameter when the path it declares leaves the project (see
     * {@link ProjectPaths#refusal}); empty when the path may be used or is absent.
     */
    default Optional<Problem> pathProblem(String paramPointer, String declared) {
        String name = paramPointer.startsWith("/") ? paramPointer.substring(1).replace('/', '.') : paramPointer;
        return paths().refusal(declared).map(why -> problemAt(paramPointer, name + ": " + why));
    }

    /** What the steps upstream of this one declared, nearest first; empty when none declared anything. */
    default List<StepDeclaration> upstreamDeclarations() {
        return List.of();
    }

    /** The contracts of the data validated upstream of this step (usually one). */
    default List<Contract> upstreamContracts() {
        return upstreamDeclarations().stream().flatMap(d -> d.contractIfAny().stream()).toList();
    }

    /** The columns the nearest step upstream that measures per-segment metrics measures them for, if one does. */
    default Optional<List<String>> upstreamSlices() {
        return upstreamDeclarations().stream().flatMap(d -> d.slicesIfAny().stream()).findFirst();
    }

    /**
     * The protected columns the nearest step upstream that measures per-segment metrics measures groups of:
     * empty list when that step declares none; empty when no step upstream measures segments.
     */
    default Optional<List<String>> upstreamProtectedColumns() {
        return upstreamDeclarations().stream().filter(d -> d.slicesIfAny().isPresent()).findFirst()
                .map(d -> d.protectedColumnsIfAny().orElse(List.of()));
    }

    /** The task of the model trained upstream of this step, when one is. */
    default Optional<String> upstreamTask() {
        return upstreamDeclarations().stream().flatMap(d -> d.taskIfAny().stream()).findFirst();
    }
}
