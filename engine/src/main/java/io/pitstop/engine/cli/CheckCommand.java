package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.spec.CheckedPipeline;
import io.pitstop.engine.spec.PipelineLoader;
import io.pitstop.engine.spec.SpecException;
import io.pitstop.engine.spec.StepCatalog;
import io.pitstop.engine.step.Problem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Validates a pipeline file and every data contract it references, without running anything.",
                "Exit 0 when valid; exit 2 and one line per problem (path:line:column: message) when not."})
final class CheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<pipeline.yaml>", description = "The pipeline file, e.g. pipelines/telco-churn.yaml.")
    Path pipeline;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() {
        try {
            CheckedPipeline checked = load(pipeline, project.projectDir);
            System.out.println(pipeline + ": ok (" + checked.plan().order().size() + " steps: "
                    + String.join(" -> ", checked.plan().order()) + ")");
            return RunOutcome.EXIT_OK;
        } catch (SpecException e) {
            for (Problem p : e.problems()) System.err.println(p);
            return RunOutcome.EXIT_INVALID;
        }
    }

    /** Loads and checks a pipeline against every step kind on the classpath. */
    static CheckedPipeline load(Path pipeline, Path projectDir) {
        return new PipelineLoader(StepCatalog.fromServiceLoader())
                .load(pipeline.toAbsolutePath().normalize(), projectDir.toAbsolutePath().normalize());
    }
}
