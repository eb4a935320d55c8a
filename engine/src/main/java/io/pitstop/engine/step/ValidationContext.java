package io.pitstop.engine.step;

import java.nio.file.Path;

/** What {@link Step#validate} may use: the project and a way to point at its own {@code with:} keys. */
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
}
