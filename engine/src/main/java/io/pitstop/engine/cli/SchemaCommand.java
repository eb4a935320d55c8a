package io.pitstop.engine.cli;

import io.pitstop.engine.run.RunOutcome;
import io.pitstop.engine.schema.SchemaWriter;
import io.pitstop.engine.spec.StepCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.nio.file.Files;
import java.util.concurrent.Callable;

@Command(name = "schema", mixinStandardHelpOptions = true,
        description = {"Writes the JSON Schemas editors use to validate and complete pipeline and contract files:",
                "pipelines/pipeline.schema.json (from every step kind's parameters) and data-contracts/contract.schema.json."})
final class SchemaCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws Exception {
        var dir = project.projectDir.toAbsolutePath().normalize();
        Files.writeString(dir.resolve("pipelines/pipeline.schema.json"), SchemaWriter.pipelineSchema(StepCatalog.fromServiceLoader()));
        Files.writeString(dir.resolve("data-contracts/contract.schema.json"), SchemaWriter.contractSchema());
        System.out.println("wrote pipelines/pipeline.schema.json and data-contracts/contract.schema.json");
        return RunOutcome.EXIT_OK;
    }
}
