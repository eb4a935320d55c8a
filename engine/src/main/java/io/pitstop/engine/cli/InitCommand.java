package io.pitstop.engine.cli;

import io.pitstop.engine.init.DataInspector;
import io.pitstop.engine.init.DataSketch;
import io.pitstop.engine.init.DatasetDesign;
import io.pitstop.engine.init.InitLayout;
import io.pitstop.engine.init.InitRequest;
import io.pitstop.engine.init.InvalidInitOptionException;
import io.pitstop.engine.init.UnusableDataException;
import io.pitstop.engine.run.ResourcePool;
import io.pitstop.engine.run.RunOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Writes a data contract and a pipeline for a CSV file: every column typed, checked and used as a"
                + " feature, the task inferred from the label. Review them, then ./pitstop check and ./pitstop run.",
                "Writes data-contracts/<name>.yaml and pipelines/<name>.yaml, and copies a file from outside the"
                        + " project to data/landing/. Refuses to overwrite unless --force. Exit 2 when the file or an"
                        + " option cannot be used, naming the file, line and column."})
final class InitCommand implements Callable<Integer> {

    @Parameters(paramLabel = "<data.csv>", description = "The data: a CSV file with a header row.")
    Path data;

    @Option(names = "--label", required = true, paramLabel = "<column>", description = "The column to predict.")
    String label;

    @Option(names = "--name", paramLabel = "<name>",
            description = "Names the pipeline, the model and the files ([a-z0-9-]). Default: from the data file's name.")
    String name;

    @Option(names = "--key", paramLabel = "<column>",
            description = "The column that identifies a row. Default: an id-like column whose values are all present"
                    + " and distinct; without one, a key derived from the other columns.")
    String key;

    @Option(names = "--task", paramLabel = "<task>",
            description = "binary, multiclass or regression. Default: from the label (2 values: binary; text or a few"
                    + " integer values: multiclass; other numbers: regression).")
    String task;

    @Option(names = "--positive", paramLabel = "<value>",
            description = "Task binary: the label value that counts as positive. Default: the rarer value.")
    String positive;

    @Option(names = "--force", description = "Overwrite an existing contract, pipeline or landing file.")
    boolean force;

    @Mixin
    ProjectOptions project;

    @Override
    public Integer call() throws IOException {
        Path file = data.toAbsolutePath().normalize();
        if (!Files.exists(file)) throw new InvalidInputException(data + ": no such file");
        if (!Files.isRegularFile(file)) throw new InvalidInputException(data + ": not a file (a CSV file with a header row is needed)");
        if (!Files.isReadable(file)) throw new InvalidInputException(data + ": cannot be read");
        String chosen;
        try {
            chosen = name != null ? DatasetDesign.checkedName(name) : InitLayout.defaultName(file);
        } catch (InvalidInitOptionException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        InitLayout layout = InitLayout.of(project.projectDir, file, chosen);
        List<Path> clash = layout.wouldOverwrite();
        if (!clash.isEmpty() && !force) {
            throw new InvalidInputException("init would overwrite " + clash.stream().map(layout::relative).toList()
                    + "; pass --force to replace " + (clash.size() == 1 ? "it" : "them") + ", or --name to write others");
        }
        DatasetDesign design;
        try (var resources = new ResourcePool(project.profileOnly(), layout.project())) {
            DataSketch sketch = resources.get(DataInspector.class).inspect(file, label);
            design = DatasetDesign.decide(sketch, new InitRequest(label, chosen, key, task, positive));
        } catch (UnusableDataException | InvalidInitOptionException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        layout.write(design);
        print(layout, design);
        return RunOutcome.EXIT_OK;
    }

    private static void print(InitLayout layout, DatasetDesign d) {
        String pipeline = layout.relative(layout.pipeline());
        System.out.println("wrote " + layout.relative(layout.contract()) + " and " + pipeline + " ("
                + d.sketch().rows() + " rows, " + d.sketch().columns().size() + " columns of "
                + layout.relative(layout.landing()) + ")");
        String what = switch (d.task()) {
            case BINARY -> "binary, positive \"" + d.positive() + "\" (the rarer value)";
            case MULTICLASS -> "multiclass, " + d.classes().size() + " classes " + d.classes();
            case REGRESSION -> "regression";
        };
        System.out.println("  label     " + d.label().name() + ": " + what);
        System.out.println("  key       " + d.key() + (d.derivedKey()
                ? ": derived, a hash of every column but the label (no column identifies a row)" : ""));
        System.out.println("  features  " + d.numeric().size() + " numeric, " + d.categorical().size() + " categorical"
                + (d.codes().stream().anyMatch(d.categorical()::contains)
                ? " (integer codes read as text: " + d.categorical().stream().filter(d.codes()::contains).toList() + ")" : ""));
        d.excluded().forEach((column, why) -> System.out.println("  left out  " + column + ": " + why));
        System.out.println("next: ./pitstop check " + pipeline + " && ./pitstop run " + pipeline);
    }
}
