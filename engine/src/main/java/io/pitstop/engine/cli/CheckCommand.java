package io.pitstop.engine.cli;

import io.pitstop.engine.conf.ProfileLoader;
import io.pitstop.engine.conf.ProjectPaths;
import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a pipeline file and every data contract it references, without running anything.",
                "Exit 0 when valid; exit 2 and one line per problem (path:line:column: message) when not."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<pipeline.yaml>",
            description = "The pipeline file, relative to the project directory, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        try {
            CheckedPipeline checked = load(PipelineFile.resolve(project.projectDir, pipeline), project.projectDir,
                    project.profile);
            System.out.println(pipeline + ": ok (" + checked.plan().order().size() + " steps: "
                    + String.join(" -> ", checked.plan().order()) + ")");
            return RunOutcome.EXIT_OK;
        } catch (SpecException e) {
            for (Problem p : e.problems()) System.err.println(p);
            return RunOutcome.EXIT_INVALID;
        }
    }

    /** Loads and checks a pipeline file (already resolved, see {@link PipelineFile}) against every step kind on the classpath. */
    static CheckedPipeline load(Path pipelineFile, Path projectDir) {
        return new PipelineLoader(StepCatalog.fromServiceLoader())
                .load(pipelineFile, projectDir.toAbsolutePath().normalize());
    }

    /**
     * The same, with paths also allowed under the profile's {@code paths.allowed_roots}. The profile is
     * read (and its own problems reported) when its file exists; without one, paths stay in the project.
     */
    static CheckedPipeline load(Path pipelineFile, Path projectDir, String profile) {
        Path dir = projectDir.toAbsolutePath().normalize();
        ProjectPaths paths = Files.isRegularFile(dir.resolve("conf").resolve(profile + ".yaml"))
                ? ProjectPaths.of(ProfileLoader.load(dir, profile)) : ProjectPaths.inside(dir);
        return load(pipelineFile, paths);
    }

    /** The same, with the project and allowed roots already known (a profile already loaded). */
    static CheckedPipeline load(Path pipelineFile, ProjectPaths paths) {
        return new PipelineLoader(StepCatalog.fromServiceLoader()).load(pipelineFile, paths);
    }
}
